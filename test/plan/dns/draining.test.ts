// `draining: true` on a cluster: it leaves every DNS record set of every service while its
// workloads keep their shares. Laws over the checked-in stacks (every cluster drained in turn),
// and the routing cases one by one: failover and primaryBackup pairs, a region left with only
// draining clusters, a service left with none that answer.
import assert from "node:assert/strict";
import { fleetConfigSchema, type FleetConfig } from "../../../src/plan/config/schema";
import { FleetConfigError } from "../../../src/plan/core/config-error";
import { describeRecords } from "../../../src/plan/dns/describe-records";
import type { CloudDnsRecordSetPlan, ServiceDnsPlan } from "../../../src/plan/dns/dns-plan";
import { planFleet } from "../../../src/plan/fleet-plan";
import { validateFleet } from "../../../src/plan/config/validate";
import { readStackFile } from "../../../src/preview/harness/stack-file";
import { stackFilePath } from "../../support/plan";

/** Every cluster a service's records answer with, health checks included. */
function recordClusters(plan: ServiceDnsPlan): string[] {
    const targets = describeRecords(plan).flatMap((r) => r.targets);
    const clusters = targets.filter((t) => t.startsWith("cluster:")).map((t) => t.slice("cluster:".length));
    if (plan.provider === "route53") {
        clusters.push(...plan.route53.regionChecks.flatMap((check) => check.clusters));
        clusters.push(
            ...plan.route53.records.flatMap((r) =>
                r.healthCheck && "cluster" in r.healthCheck ? [r.healthCheck.cluster] : [],
            ),
        );
    }
    return [...new Set(clusters)].sort();
}

/** A checked-in stack's `fedfleet:` namespace, with an edit. */
function stackWith(stack: string, edit: (raw: { clusters: Record<string, unknown>[] }) => void) {
    const file = readStackFile(stackFilePath(stack));
    const raw = JSON.parse(JSON.stringify(file.fleetRaw)) as { clusters: Record<string, unknown>[] };
    edit(raw);
    const secretKeys = file.secretKeys.map((key) => key.replace(/^fedfleet:/, ""));
    return validateFleet(raw, `stacks/Pulumi.${stack}.yaml`, stack, { secretKeys });
}

describe("draining: the law over the checked-in stacks", () => {
    for (const stack of ["dev", "staging", "prod"]) {
        const clusters = (readStackFile(stackFilePath(stack)).fleetRaw.clusters as { name: string }[]).map(
            (c) => c.name,
        );
        for (const [index, cluster] of clusters.entries()) {
            it(`${stack}, ${cluster} draining: in no record, every workload kept, every region name kept, or one refusal line`, () => {
                const base = stackWith(stack, () => undefined);
                let plan: ReturnType<typeof planFleet>;
                try {
                    plan = stackWith(stack, (raw) => (raw.clusters[index].draining = true));
                } catch (error) {
                    // The only refusals: a failover primary, or a service it alone answers for.
                    assert.ok(error instanceof FleetConfigError, String(error));
                    assert.match(
                        error.message,
                        /^stacks\/Pulumi\.\w+\.yaml: fedfleet:(services\[\d+\]\.(placement|dns\.failover\.primary)|dns\.failover\.primary): expected (a cluster|a primary) that is not draining/,
                    );
                    assert.doesNotMatch(error.message, /\n/);
                    return;
                }
                for (const service of plan.services) {
                    const before = base.services.find((s) => s.config.name === service.config.name)!;
                    // Workloads and shares are untouched.
                    assert.deepEqual(service.placement, before.placement, service.config.name);
                    assert.deepEqual(service.workloads, before.workloads, service.config.name);
                    if (!service.dns || service.dns.skipped) continue;
                    assert.ok(
                        !recordClusters(service.dns).includes(cluster),
                        `${service.config.name} still answers with ${cluster}`,
                    );
                    assert.ok(!service.dns.endpoints.some((e) => e.cluster === cluster));
                    // Every name it had, it keeps.
                    assert.deepEqual(service.dns.regions, before.dns!.regions, service.config.name);
                    const runsThere = before.placement.some((p) => p.cluster === cluster && p.replicas > 0);
                    assert.deepEqual(service.dns.draining, runsThere ? [cluster] : undefined, service.config.name);
                }
            });
        }
    }
});

/** A fleet of three regions on Route53 or Cloud DNS, the service placed on every cluster. */
function fleet(dns: Record<string, unknown>, draining: string[], serviceDns?: Record<string, unknown>): FleetConfig {
    const gke = (name: string, region: string, project = "acme-fleet-dev") => ({
        name,
        cloud: "gcp",
        region,
        project,
        draining: draining.includes(name),
        nodePools: [{ name: "general" }],
    });
    return fleetConfigSchema.parse({
        federation: { name: "acme", domain: "dev.fleet.example.com", environment: "dev" },
        clusters: [gke("gke-usc1", "us-central1"), gke("gke-euw1", "europe-west1"), gke("gke-ase1", "asia-southeast1")],
        services: [
            {
                name: "web",
                namespace: "shop",
                replicas: 6,
                containers: [{ name: "web", image: "nginx:1.27" }],
                ports: [{ name: "http", port: 80 }],
                placement: { clusters: ["gke-usc1", "gke-euw1", "gke-ase1"] },
                ...(serviceDns ? { dns: serviceDns } : {}),
            },
        ],
        dns,
    });
}

const ROUTE53 = { provider: "route53", zone: { name: "fleet.example.com" } };
const CLOUDDNS = { provider: "clouddns", project: "acme-dns-dev", zone: { name: "fleet.example.com" } };
const webDns = (config: FleetConfig) => planFleet(config, "test").services[0].dns!;
const refusal = (config: FleetConfig) => {
    try {
        planFleet(config, "test");
    } catch (error) {
        if (error instanceof FleetConfigError) return error.message;
        throw error;
    }
    return assert.fail("planned");
};

describe("draining: routing, case by case", () => {
    it("Route53 failover: a draining secondary leaves the PRIMARY alone, and a note says there is no fallback", () => {
        const dns = webDns(
            fleet(ROUTE53, ["gke-euw1"], {
                routing: "failover",
                failover: { primary: "gke-usc1", secondary: "gke-euw1" },
            }),
        );
        assert.equal(dns.provider, "route53");
        const global = describeRecords(dns).filter((r) => r.name === dns.global);
        assert.deepEqual(
            global.map((r) => `${r.detail} ${r.targets.join()}`),
            ["PRIMARY cluster:gke-usc1"],
        );
        assert.match(
            dns.notes!.join("\n"),
            /failover secondary gke-euw1 is draining: .*nothing takes over if gke-usc1 fails/,
        );
    });

    it("Route53 failover: a draining primary is refused, naming the failover setting", () => {
        const line = refusal(
            fleet(ROUTE53, ["gke-usc1"], {
                routing: "failover",
                failover: { primary: "gke-usc1", secondary: "gke-euw1" },
            }),
        );
        assert.match(line, /^fedfleet:services\[0\]\.dns\.failover\.primary: expected a primary that is not draining/);
        assert.match(line, /found "gke-usc1", which is draining$/);
    });

    it("Route53: a region whose only cluster drains keeps its name, both records answering with the global name", () => {
        const dns = webDns(fleet(ROUTE53, ["gke-euw1"], { routing: "latency" }));
        assert.equal(dns.provider, "route53");
        if (dns.provider !== "route53") return;
        const region = dns.regions["europe-west1"];
        const records = dns.route53.records.filter((r) => r.name === region);
        assert.deepEqual(
            records.map((r) => [r.setIdentifier, "name" in r.target ? r.target.name : r.target.cluster]),
            [
                ["europe-west1-primary", dns.global],
                ["europe-west1-secondary", dns.global],
            ],
        );
        // The PRIMARY keeps a (calculated) check, over every cluster that still answers.
        const check = dns.route53.regionChecks.find((c) => c.region === "europe-west1")!;
        assert.deepEqual(check.clusters.sort(), ["gke-ase1", "gke-usc1"]);
    });

    it("Cloud DNS primaryBackup: a draining backup leaves the backups; a draining primary is refused", () => {
        const routing = { routing: "primaryBackup", failover: { primary: "gke-usc1" } };
        const dns = webDns(fleet(CLOUDDNS, ["gke-euw1"], routing));
        assert.equal(dns.provider, "clouddns");
        if (dns.provider !== "clouddns") return;
        const global = dns.clouddns.recordSets.find((s) => s.key === "global")!;
        assert.deepEqual(global.routing, {
            policy: "primaryBackup",
            primary: ["gke-usc1"],
            backups: [{ location: "asia-southeast1", clusters: ["gke-ase1"] }],
        });
        assert.match(
            refusal(fleet(CLOUDDNS, ["gke-usc1"], routing)),
            /dns\.failover\.primary: expected a primary that is not draining/,
        );
    });

    it("Cloud DNS primaryBackup: with every backup draining the primary answers alone, its health check kept (no replacement)", () => {
        const routing = { routing: "primaryBackup", failover: { primary: "gke-usc1" } };
        const before = webDns(fleet(CLOUDDNS, [], routing));
        const dns = webDns(fleet(CLOUDDNS, ["gke-euw1", "gke-ase1"], routing));
        if (dns.provider !== "clouddns" || before.provider !== "clouddns") return assert.fail("clouddns");
        const beforeSets: CloudDnsRecordSetPlan[] = before.clouddns.recordSets;
        const global = dns.clouddns.recordSets.find((s) => s.key === "global")!;
        assert.deepEqual(global.routing, { policy: "wrr", items: [{ weight: 1, clusters: ["gke-usc1"] }] });
        // routing_policy.health_check forces a new set: every set keeps whether it is checked.
        for (const set of dns.clouddns.recordSets) {
            const was = beforeSets.find((s) => s.key === set.key)!;
            assert.equal(set.healthChecked, was.healthChecked, set.key);
            assert.equal(set.type, was.type, set.key);
        }
        assert.match(dns.notes!.join("\n"), /every backup of primary gke-usc1 is draining/);
    });

    it("Cloud DNS geo: a region of draining clusters is answered by the rest, nearest first", () => {
        const dns = webDns(fleet(CLOUDDNS, ["gke-euw1"], { routing: "geo" }));
        if (dns.provider !== "clouddns") return assert.fail("clouddns");
        const region = dns.clouddns.recordSets.find((s) => s.key === "region-europe-west1")!;
        assert.equal(region.routing.policy, "geo");
        assert.ok(region.healthChecked);
        assert.ok(!JSON.stringify(dns.clouddns).includes("gke-euw1"));
    });

    it("a service whose every cluster drains is refused with one line naming its placement", () => {
        for (const dns of [ROUTE53, CLOUDDNS]) {
            const line = refusal(fleet(dns, ["gke-usc1", "gke-euw1", "gke-ase1"]));
            assert.match(
                line,
                /^fedfleet:services\[0\]\.placement: expected a cluster that is not draining for service "web"/,
            );
            assert.match(line, /found only draining clusters \(gke-ase1, gke-euw1, gke-usc1\)$/);
        }
    });

    it("an internal service is untouched by draining: it has no records to leave", () => {
        const config = fleet(ROUTE53, ["gke-usc1", "gke-euw1", "gke-ase1"]);
        config.services[0].exposure = "internal";
        const dns = planFleet(config, "test").services[0].dns!;
        assert.ok(dns.skipped);
        assert.equal(dns.draining, undefined);
    });
});
