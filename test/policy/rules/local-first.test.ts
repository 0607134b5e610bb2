// The policy pack's DNS rules over local-first records (issue 29): the real stacks pass, and
// a local PRIMARY without its health check, a local SECONDARY handing over to a name nothing
// health-routes, and a local Cloud DNS set without its health check are each flagged.
import assert from "node:assert/strict";
import { TYPES } from "../../../policy/rules/support";
import type { LooseInputs as Inputs } from "../../../src/preview/harness/recording-monitor";
import { assertClean, assertViolations, check, find, stackResources } from "./support";

const inputs = (r: { inputs: Record<string, unknown> }) => r.inputs as Inputs;
const PROD_LOCAL = "checkout.payments.acme.svc.aws-use1.us-east-1.fleet.acme-corp.com";
const STAGING_LOCAL = "checkout.shop.acme.svc.gke-usc1.us-central1.staging.fleet.acme-corp.com";

describe("policy: DNS rules over local-first records", function () {
    this.timeout(120_000);

    it("prod's local-first pairs pass dns-health-checked", async () => {
        const resources = await stackResources("prod");
        assert.equal(resources.filter((r) => inputs(r).name === PROD_LOCAL).length, 2, "the pair is there");
        assertClean(await check(resources, "dns-health-checked"));
    });

    it("flags a local PRIMARY without its health check, naming the record and its set", async () => {
        const resources = await stackResources("prod");
        const primary = find(resources, TYPES.route53Record, "payments/checkout-local-aws-use1-primary");
        delete inputs(primary).healthCheckId;
        assertViolations(await check(resources, "dns-health-checked"), {
            policy: "dns-health-checked",
            level: "mandatory",
            urn: primary.urn,
            names: [`Route53 failover record ${PROD_LOCAL} (aws-use1-primary) has no health check`],
        });
    });

    it("flags a local SECONDARY once the region name it hands over to is not health-routed", async () => {
        const resources = await stackResources("prod");
        const regionPrimary = find(resources, TYPES.route53Record, "payments/checkout-region-us-east-1-primary");
        delete inputs(regionPrimary).healthCheckId;
        const violations = await check(resources, "dns-health-checked");
        const secondary = find(resources, TYPES.route53Record, "payments/checkout-local-aws-use1-secondary");
        assertViolations(
            violations.filter((v) => v.urn === secondary.urn),
            {
                policy: "dns-health-checked",
                level: "mandatory",
                names: [`Route53 failover record ${PROD_LOCAL} (aws-use1-secondary) has no health check`],
            },
        );
    });

    it("flags a local Cloud DNS primaryBackup set without the service's health check", async () => {
        const resources = await stackResources("staging");
        const set = find(resources, TYPES.cloudDnsRecordSet, "shop/checkout-local-gke-usc1");
        delete inputs(set).routingPolicy.healthCheck;
        assertViolations(
            (await check(resources, "dns-health-checked")).filter((v) => v.urn === set.urn),
            {
                policy: "dns-health-checked",
                level: "mandatory",
                names: [`Cloud DNS record set ${STAGING_LOCAL}. (A) routes without health-checked targets`],
            },
        );
    });
});
