// DNS rules: each has a passing case (real stacks) and a violating one.
import assert from "node:assert/strict";
import { AWS_TYPES, GCP_TYPES } from "../../../src/plan/core/type-tokens";
import { assertClean, assertViolations, check, find, packConfig, resource, stackResources } from "./support";
import type { LooseInputs as Inputs } from "../../../src/preview/harness/recording-monitor";

const inputs = (r: { inputs: Record<string, unknown> }) => r.inputs as Inputs;
const DEV_CHECKOUT = "checkout.shop.acme.svc.dev.fleet.acme-corp.com";

describe("policy: DNS rules", function () {
    this.timeout(120_000);

    describe("dns-health-checked", () => {
        it("passes the real dev and prod stacks (Route53: health checks, alias target health, checked failover pairs)", async () => {
            assertClean(await check(await stackResources("dev"), "dns-health-checked"));
            assertClean(await check(await stackResources("prod"), "dns-health-checked"));
        });

        it("passes staging's health-checked Cloud DNS primary/backup A record sets", async () => {
            const resources = (await stackResources("staging")).filter(
                (r) => r.type !== GCP_TYPES.recordSet || r.name === "shop/checkout-global",
            );
            assertClean(await check(resources, "dns-health-checked"));
        });

        it("flags a weighted Route53 record whose health check id is removed, naming record and set", async () => {
            const resources = await stackResources("dev");
            const record = find(resources, AWS_TYPES.record, "shop/checkout-global-gke-euw1");
            delete inputs(record).healthCheckId;
            assertViolations(await check(resources, "dns-health-checked"), {
                policy: "dns-health-checked",
                level: "mandatory",
                urn: record.urn,
                names: [`Route53 weighted record ${DEV_CHECKOUT} (gke-euw1) has no health check`],
            });
        });

        it("accepts an alias that evaluates target health instead of a check of its own", async () => {
            const resources = await stackResources("dev");
            delete inputs(find(resources, AWS_TYPES.record, "shop/checkout-global-aws-use1")).healthCheckId;
            assertClean(await check(resources, "dns-health-checked"));
        });

        it("flags a failover SECONDARY whose target name is not health-routed, and accepts one whose target is", async () => {
            const checked = resource(AWS_TYPES.record, "checked", {
                name: "all.example.com",
                type: "A",
                records: ["192.0.2.1"],
                healthCheckId: "hc",
                weightedRoutingPolicies: [{ weight: 1 }],
                setIdentifier: "a",
            });
            const secondary = (target: string) =>
                resource(AWS_TYPES.record, `secondary-${target}`, {
                    name: "eu.example.com",
                    type: "CNAME",
                    records: [target],
                    setIdentifier: "eu-secondary",
                    failoverRoutingPolicies: [{ type: "SECONDARY" }],
                });
            assertClean(await check([checked, secondary("all.example.com")], "dns-health-checked"));
            assertViolations(await check([checked, secondary("other.example.com")], "dns-health-checked"), {
                policy: "dns-health-checked",
                level: "mandatory",
                names: ["Route53 failover record eu.example.com (eu-secondary) has no health check"],
            });
        });

        it("flags a Cloud DNS routed set without a health check, naming it", async () => {
            const resources = await stackResources("staging");
            const set = find(resources, GCP_TYPES.recordSet, "shop/checkout-global");
            delete inputs(set).routingPolicy.healthCheck;
            const violations = (await check(resources, "dns-health-checked")).filter((v) => v.urn === set.urn);
            assertViolations(violations, {
                policy: "dns-health-checked",
                level: "mandatory",
                names: [
                    "Cloud DNS record set checkout.shop.acme.svc.staging.fleet.acme-corp.com. (A) routes without health-checked targets",
                ],
            });
        });

        it("staging's weighted CNAME set is a known violation that staging's pack config keeps advisory", async () => {
            const resources = await stackResources("staging");
            const set = find(resources, GCP_TYPES.recordSet, "shop/storefront-global");
            assertViolations(await check(resources, "dns-health-checked", packConfig("staging")), {
                policy: "dns-health-checked",
                level: "advisory",
                urn: set.urn,
                names: ["storefront.shop.acme.svc.staging.fleet.acme-corp.com. (CNAME)"],
            });
        });
    });

    describe("dns-ttl-bounds", () => {
        it("passes the real dev stack (TTL 30, aliases without TTL) and prod with its 10-120 s bounds", async () => {
            assertClean(await check(await stackResources("dev"), "dns-ttl-bounds"));
            assertClean(await check(await stackResources("prod"), "dns-ttl-bounds", packConfig("prod")));
        });

        it("flags a Route53 record with TTL 3600, naming record and TTL", async () => {
            const resources = await stackResources("dev");
            const record = find(resources, AWS_TYPES.record, "shop/checkout-global-gke-euw1");
            inputs(record).ttl = 3600;
            assertViolations(await check(resources, "dns-ttl-bounds"), {
                policy: "dns-ttl-bounds",
                level: "mandatory",
                urn: record.urn,
                names: [`DNS record ${DEV_CHECKOUT} has TTL 3600 s, outside 5-300 s`],
            });
        });

        it("flags a Cloud DNS record set with TTL 1", async () => {
            const resources = await stackResources("staging");
            const set = find(resources, GCP_TYPES.recordSet, "shop/storefront-cluster-gke-usc1");
            inputs(set).ttl = 1;
            assertViolations(await check(resources, "dns-ttl-bounds"), {
                policy: "dns-ttl-bounds",
                level: "mandatory",
                urn: set.urn,
                names: [
                    "DNS record gke-usc1.storefront.shop.acme.svc.us-central1.staging.fleet.acme-corp.com. has TTL 1 s",
                ],
            });
        });

        it("config minTtl/maxTtl: 60-120 flags every TTL-30 record of dev; 30-30 passes", async () => {
            const resources = await stackResources("dev");
            assertClean(await check(resources, "dns-ttl-bounds", { "dns-ttl-bounds": { minTtl: 30, maxTtl: 30 } }));
            const violations = await check(resources, "dns-ttl-bounds", {
                "dns-ttl-bounds": { minTtl: 60, maxTtl: 120 },
            });
            const withTtl = resources.filter((r) => r.type === AWS_TYPES.record && inputs(r).ttl !== undefined);
            assert.ok(withTtl.length > 0, "dev has Route53 records with a TTL");
            assertViolations(violations, {
                policy: "dns-ttl-bounds",
                level: "mandatory",
                count: withTtl.length,
                names: ["has TTL 30 s, outside 60-120 s"],
            });
            const tooLong = await check(resources, "dns-ttl-bounds", { "dns-ttl-bounds": { maxTtl: 20 } });
            assert.equal(tooLong.length, withTtl.length);
            assert.ok(tooLong.every((v) => v.message.endsWith("outside 5-20 s.")));
        });
    });

    describe("route53-alias-for-aws", () => {
        it("passes the real dev stack (EKS by alias; GKE load balancers by IP are fine)", async () => {
            assertClean(await check(await stackResources("dev"), "route53-alias-for-aws"));
        });

        it("flags an A record holding raw IPs of an EKS LoadBalancer Service, naming record and set", async () => {
            const resources = await stackResources("dev");
            const record = find(resources, AWS_TYPES.record, "shop/checkout-global-aws-use1");
            delete inputs(record).aliases;
            Object.assign(inputs(record), { records: ["52.1.2.3"], ttl: 30 });
            assertViolations(await check(resources, "route53-alias-for-aws"), {
                policy: "route53-alias-for-aws",
                level: "mandatory",
                urn: record.urn,
                names: [`Route53 record ${DEV_CHECKOUT} (aws-use1) holds raw IPs of an AWS load balancer`],
            });
        });
    });
});
