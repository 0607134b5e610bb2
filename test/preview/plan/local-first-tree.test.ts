// plan.md's DNS tree shows local first (issue 29): per service, every running cluster's local
// name, what it falls back to, and its failover estimate, from the stack output
// services.<svc>.dns.local ({cluster: name}).
import assert from "node:assert/strict";
import { dnsTreeLines } from "../../../src/preview/plan/render";
import type { ProgramRun } from "../../../src/preview/harness/run-program";
import { planStack } from "../../support/plan";
import { nonEmpty } from "../../support/non-empty";

interface DnsOutput {
    global: string;
    regions: Record<string, string>;
    local: Record<string, string>;
    localFailoverSeconds: Record<string, number | null>;
}
type Services = Record<string, { clusters: Record<string, { replicas: number }>; dns: DnsOutput }>;

const services = (run: ProgramRun) => run.outputs.services as Services;
const regionOf = (run: ProgramRun, cluster: string) =>
    (run.outputs.clusters as Record<string, { region: string }>)[cluster].region;

describe("plan.md: the DNS tree's local-first chains", function () {
    this.timeout(180_000);

    it("prod (Route53): each running cluster's local -> region -> global, with its estimate", async () => {
        const run = await planStack("prod");
        const lines = dnsTreeLines(run);
        for (const [name, service] of nonEmpty(Object.entries(services(run)), "service")) {
            const running = Object.keys(service.clusters).filter((c) => service.clusters[c].replicas > 0);
            assert.deepEqual(Object.keys(service.dns.local).sort(), running.sort(), name);
            for (const cluster of running) {
                const chain = [
                    service.dns.local[cluster],
                    service.dns.regions[regionOf(run, cluster)],
                    service.dns.global,
                ];
                const seconds = service.dns.localFailoverSeconds[cluster];
                assert.equal(typeof seconds, "number");
                const line = `${cluster}: ${chain.join(" -> ")} (failover estimate ${seconds} s)`;
                assert.ok(
                    lines.some((l) => l.endsWith(line)),
                    `${name}: no line ending ${line}`,
                );
            }
        }
        // Under each service the chains are its last branch.
        const headings = lines.filter((l) => l.includes("local first, per cluster"));
        assert.equal(headings.length, Object.keys(services(run)).length);
        for (const heading of headings) assert.match(heading, /└── local first, per cluster/);
    });

    it("staging (Cloud DNS): an IP cluster's local name falls back to backups by geography; a hostname's to its region, unchecked", async () => {
        const run = await planStack("staging");
        const lines = dnsTreeLines(run);
        const storefront = services(run).storefront.dns;
        assert.ok(
            lines.some((l) =>
                l.endsWith(
                    `aws-use2: ${storefront.local["aws-use2"]} -> ${storefront.regions["us-east-2"]} (no health-checked failover)`,
                ),
            ),
        );
        assert.ok(
            lines.some((l) =>
                l.endsWith(
                    `gke-usc1: ${storefront.local["gke-usc1"]} -> backups europe-west4: gke-euw4 (failover estimate ${storefront.localFailoverSeconds["gke-usc1"]} s)`,
                ),
            ),
        );
    });
});
