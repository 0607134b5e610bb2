// A zone fedfleet creates is reachable only once its parent delegates to it: the zone
// exports its name servers, and with a parent in config fedfleet writes the NS records there.
import assert from "node:assert/strict";
import { DELEGATION_TTL_SECONDS } from "../../../src/components/dns/dns-zone";
import { FleetConfigError } from "../../../src/plan/core/config-error";
import { validateFleetConfig } from "../../../src/plan/config/validate";
import { GCP_CLUSTER, ofType, planYaml, stackYaml } from "../../support/plan";
import { configWith, gcpCluster } from "../../plan/config/fixtures";

const dns = (zone: string, provider = "route53", project = "") => `  fedfleet:dns:
    provider: ${provider}
${project}    zone: ${zone}
`;

describe("DnsZone delegation", () => {
    it("Route53: exports the created zone's name servers and writes them to the parent as NS records", async () => {
        const run = await planYaml(
            stackYaml(GCP_CLUSTER) + dns("{ name: test.fleet.example.com, create: true, parent: { id: Z0PARENT123 } }"),
        );
        const [zone] = ofType(run, "aws:route53/zone:Zone");
        const [delegation] = ofType(run, "aws:route53/record:Record").filter((r) => r.inputs.type === "NS");
        assert.ok(zone && delegation);
        assert.equal(delegation.inputs.zoneId, "Z0PARENT123");
        assert.equal(delegation.inputs.name, "test.fleet.example.com");
        assert.equal(delegation.inputs.ttl, DELEGATION_TTL_SECONDS);
        const exported = (run.outputs.dnsZone as { nameServers: string[] }).nameServers;
        assert.equal(exported.length, 4);
        assert.deepEqual(delegation.inputs.records, exported);
        assert.ok(delegation.dependencies.includes(zone.urn));
    });

    it("Route53 without a parent: the name servers are exported for the manual step, and no NS record is written", async () => {
        const run = await planYaml(stackYaml(GCP_CLUSTER) + dns("{ name: test.fleet.example.com, create: true }"));
        assert.deepEqual(
            ofType(run, "aws:route53/record:Record").filter((r) => r.inputs.type === "NS"),
            [],
        );
        assert.equal((run.outputs.dnsZone as { nameServers: string[] }).nameServers.length, 4);
    });

    it("Cloud DNS: delegates from a parent zone in another project through that project's provider", async () => {
        const run = await planYaml(
            stackYaml(GCP_CLUSTER) +
                dns(
                    "{ name: test.fleet.example.com, create: true, parent: { id: example-com, project: acme-root-dns } }",
                    "clouddns",
                    "    project: acme-dns-proj\n",
                ),
        );
        const [delegation] = ofType(run, "gcp:dns/recordSet:RecordSet").filter((r) => r.inputs.type === "NS");
        assert.ok(delegation);
        assert.equal(delegation.inputs.managedZone, "example-com");
        assert.equal(delegation.inputs.name, "test.fleet.example.com.");
        const provider = run.resources.find((r) => r.urn === delegation.provider)!;
        assert.equal(provider.inputs.project, "acme-root-dns");
        assert.equal((delegation.inputs.rrdatas as string[]).length, 4);
    });

    it("a parent only for a zone fedfleet creates", () => {
        const raw = configWith(gcpCluster());
        raw.dns = { provider: "route53", zone: { name: "dev.fleet.acme-corp.com", parent: { id: "Z1" } } };
        assert.throws(
            () => validateFleetConfig(raw, "stacks/Pulumi.t.yaml"),
            (error: unknown) =>
                error instanceof FleetConfigError &&
                error.message ===
                    "stacks/Pulumi.t.yaml: fedfleet:dns.zone.parent: expected a parent only for a zone fedfleet creates (create: true), found a parent for an existing zone",
        );
    });
});
