// Local-first names (issue 29), pure: the names and why they cannot collide, the records
// behind each cluster's local name for every routing policy on both providers, the chain a
// query falls back through, and the failover estimate of a local name.
import assert from "node:assert/strict";
import fc from "fast-check";
import {
    CLOUDDNS_POLICIES,
    dnsSchema,
    DnsConfig,
    ROUTE53_POLICIES,
    serviceSchema,
    ServiceConfig,
} from "../../../src/plan/config/schema";
import { parseFleetConfig } from "../../../src/plan/config/validate";
import { FleetConfigError } from "../../../src/plan/core/config-error";
import { describeRecords, fallbackChain, primaryChain } from "../../../src/plan/dns/describe-records";
import {
    CloudDnsServiceDnsPlan,
    DnsEndpoint,
    endpointCoordinates,
    planServiceDns,
    Route53ServiceDnsPlan,
    ServiceDnsPlan,
} from "../../../src/plan/dns/dns-plan";
import { ELB_ALIAS_TTL_SECONDS, ROUTE53_PROBE_TIMEOUT_SECONDS } from "../../../src/plan/dns/failover";
import {
    clusterEndpointName,
    clusterMemberName,
    globalName,
    localName,
    regionMembersName,
    regionName,
    ServiceNameParts,
} from "../../../src/plan/dns/names";
import { planFleet } from "../../../src/plan/fleet-plan";
import { goodConfig, Raw } from "../config/fixtures";

const DOMAIN = "fleet.example.com";
const PARTS: ServiceNameParts = { service: "web", namespace: "shop", federation: "acme", domain: DOMAIN };

function svc(extra: Record<string, unknown> = {}): ServiceConfig {
    return serviceSchema.parse({
        name: "web",
        namespace: "shop",
        replicas: 6,
        containers: [{ name: "web", image: "nginx:1.27", readinessProbe: { httpGet: { path: "/ready", port: 80 } } }],
        ports: [{ name: "http", port: 80 }],
        placement: { clusters: ["x"] },
        ...extra,
    });
}

const endpoint = (cluster: string, cloud: DnsEndpoint["cloud"], region: string, replicas = 2): DnsEndpoint => ({
    cluster,
    cloud,
    region,
    kind: cloud === "aws" ? "hostname" : "ip",
    replicas,
    coordinates: endpointCoordinates(cloud, region),
});

/** Two AWS clusters (hostnames), two GKE clusters (IPs), each in a region of its own. */
const ROUTE53_FLEET = [
    endpoint("aws-use1", "aws", "us-east-1"),
    endpoint("aws-euw1", "aws", "eu-west-1"),
    endpoint("gke-usc1", "gcp", "us-central1"),
    endpoint("gke-euw4", "gcp", "europe-west4"),
];
/** All IP, so Cloud DNS can health-check everything. */
const IP_FLEET = [
    endpoint("gke-usc1", "gcp", "us-central1"),
    endpoint("gke-euw4", "gcp", "europe-west4"),
    endpoint("gke-euw4b", "gcp", "europe-west4"),
];

function plan(dns: Record<string, unknown>, endpoints: DnsEndpoint[], service = svc()): ServiceDnsPlan {
    return planServiceDns({
        service,
        serviceIndex: 0,
        federation: "acme",
        domain: DOMAIN,
        dns: dnsSchema.parse({ zone: { name: DOMAIN }, ...dns }) as DnsConfig,
        endpoints,
    });
}

/** A plan that must be Route53's. */
function route53Plan(dns: Record<string, unknown>, endpoints: DnsEndpoint[], service = svc()): Route53ServiceDnsPlan {
    const result = plan({ ...dns, provider: "route53" }, endpoints, service);
    if (result.provider !== "route53") throw new Error("not a Route53 plan");
    return result;
}

/** A plan that must be Cloud DNS's. */
function clouddnsPlan(dns: Record<string, unknown>, endpoints: DnsEndpoint[]): CloudDnsServiceDnsPlan {
    const result = plan({ project: "acme-dns", ...dns, provider: "clouddns" }, endpoints);
    if (result.provider !== "clouddns") throw new Error("not a Cloud DNS plan");
    return result;
}

/** Routing settings for each policy: failover pairs where the policy reads one. */
function routed(provider: "route53" | "clouddns", policy: string, endpoints: DnsEndpoint[]): Record<string, unknown> {
    const failover =
        policy === "failover"
            ? { failover: { primary: endpoints[0].cluster, secondary: endpoints[1].cluster } }
            : policy === "primaryBackup"
              ? { failover: { primary: endpoints[0].cluster } }
              : {};
    return { provider, routing: policy, ...(provider === "clouddns" ? { project: "acme-dns" } : {}), ...failover };
}

describe("local-first names", () => {
    it("localName is Federation v1's zone level with the cluster in place of the zone", () => {
        assert.equal(
            localName(PARTS, "aws-use1", "us-east-1"),
            "web.shop.acme.svc.aws-use1.us-east-1.fleet.example.com",
        );
        assert.equal(
            clusterMemberName(PARTS, "aws-use1", "us-east-1"),
            "aws-use1.members.web.shop.acme.svc.us-east-1.fleet.example.com",
        );
    });

    // The law names.ts argues: with a federation not named `svc`, no name of one kind or service
    // equals a name of another kind or service.
    it("never collide across kinds, services, namespaces, clusters and regions (federation not named svc)", () => {
        const label = fc.stringMatching(/^[a-z][a-z0-9-]{0,6}[a-z0-9]$/);
        const tuple = fc.record({ service: label, namespace: label, cluster: label, region: label });
        fc.assert(
            fc.property(
                label.filter((f) => f !== "svc"),
                tuple,
                tuple,
                (federation, a, b) => {
                    const names = (t: typeof a) => {
                        const parts = { service: t.service, namespace: t.namespace, federation, domain: DOMAIN };
                        return {
                            global: globalName(parts),
                            region: regionName(parts, t.region),
                            members: regionMembersName(parts, t.region),
                            local: localName(parts, t.cluster, t.region),
                            member: clusterMemberName(parts, t.cluster, t.region),
                            endpoint: clusterEndpointName(parts, t.cluster, t.region),
                        };
                    };
                    const [na, nb] = [names(a), names(b)];
                    for (const [kindA, nameA] of Object.entries(na))
                        for (const [kindB, nameB] of Object.entries(nb)) {
                            // members and endpoint names are never in one zone together (Route53 vs Cloud DNS).
                            if (
                                new Set([kindA, kindB]).size === 2 &&
                                ["members", "endpoint"].includes(kindA) &&
                                ["members", "endpoint"].includes(kindB)
                            )
                                continue;
                            if (kindA !== kindB) assert.notEqual(nameA, nameB, `${kindA} vs ${kindB}`);
                        }
                    const same = JSON.stringify(a) === JSON.stringify(b);
                    assert.equal(na.local === nb.local, same);
                },
            ),
        );
    });

    it("a federation named svc can line a local name up with another service's members name: planFleet refuses it", () => {
        // members.x.svc.svc.svc.us-east-1.<domain> is service x's (namespace svc) members name in
        // us-east-1 and service "members"'s (namespace x) local name on a cluster named svc.
        const parts = (service: string, namespace: string) => ({
            service,
            namespace,
            federation: "svc",
            domain: DOMAIN,
        });
        assert.equal(
            regionMembersName(parts("x", "svc"), "us-east-1"),
            localName(parts("members", "x"), "svc", "us-east-1"),
        );
        const raw: Raw = goodConfig();
        raw.federation.name = "svc";
        raw.clusters[0].name = "svc";
        raw.dns = { provider: "route53", zone: { name: raw.federation.domain } };
        const service = (name: string, namespace: string) => ({
            name,
            namespace,
            replicas: 2,
            containers: [{ name: "app", image: "nginx:1.27" }],
            ports: [{ name: "http", port: 80 }],
            placement: { clusters: ["svc"] },
        });
        raw.services = [service("x", "svc"), service("members", "x")];
        assert.throws(
            () => planFleet(parseFleetConfig(raw), "test"),
            (error: unknown) =>
                error instanceof FleetConfigError &&
                error.path.join(".") === "services.1.name" &&
                error.expected.includes(`service "x" has members.x.svc.svc.svc.us-east-1.`),
        );
    });

    it("are checked like the others: a local name over 253 characters is refused at the service's name", () => {
        const long = "c".repeat(63);
        const domain = `${"d".repeat(60)}.${"e".repeat(60)}.example.com`;
        const service = svc({ name: "w".repeat(40) });
        assert.throws(
            () =>
                planServiceDns({
                    service,
                    serviceIndex: 2,
                    federation: "acme",
                    domain,
                    dns: dnsSchema.parse({ provider: "route53", zone: { name: domain } }) as DnsConfig,
                    endpoints: [endpoint(long, "gcp", "us-central1")],
                }),
            (error: unknown) =>
                error instanceof FleetConfigError &&
                error.path.join(".") === "services.2.name" &&
                /more than DNS's 253/.test(error.found),
        );
        // An internal service gets no local names, so they are not held against it.
        assert.doesNotThrow(() =>
            planServiceDns({
                service: svc({ name: "w".repeat(40), exposure: "internal" }),
                serviceIndex: 2,
                federation: "acme",
                domain,
                dns: dnsSchema.parse({ provider: "route53", zone: { name: domain } }) as DnsConfig,
                endpoints: [endpoint(long, "gcp", "us-central1")],
            }),
        );
    });

    it("an internal service gets none: its in-cluster name is its own Service", () => {
        const result = plan({ provider: "route53" }, ROUTE53_FLEET, svc({ exposure: "internal" }));
        assert.deepEqual(result.local, {});
        assert.deepEqual(result.localFailoverSeconds, {});
        assert.deepEqual(describeRecords(result), []);
    });
});

describe("local-first chain on Route53, for every routing policy", () => {
    for (const policy of ROUTE53_POLICIES) {
        it(`${policy}: each cluster's local name is its own endpoint while healthy, then its region, then global`, () => {
            const result = route53Plan(routed("route53", policy, ROUTE53_FLEET), ROUTE53_FLEET);
            assert.deepEqual(Object.keys(result.local), ROUTE53_FLEET.map((e) => e.cluster).sort());
            const summaries = describeRecords(result);
            for (const { cluster, region } of ROUTE53_FLEET) {
                const name = result.local[cluster];
                assert.equal(name, localName(PARTS, cluster, region));
                // The pair: PRIMARY health-checked by the cluster's own endpoint check, to a name holding only it.
                const pair = result.route53.records.filter((r) => r.name === name);
                assert.deepEqual(
                    pair.map((r) => [r.type, r.routing, r.healthCheck]),
                    [
                        ["CNAME", { policy: "failover", role: "PRIMARY" }, { cluster }],
                        ["CNAME", { policy: "failover", role: "SECONDARY" }, undefined],
                    ],
                );
                const primaryTarget = (pair[0].target as { name: string }).name;
                const member = result.route53.records.filter((r) => r.name === primaryTarget);
                assert.deepEqual(
                    member.map((r) => [r.type, r.target, r.routing]),
                    [["A", { cluster }, { policy: "simple" }]],
                );
                assert.deepEqual(fallbackChain(summaries, name), {
                    names: [name, regionName(PARTS, region), globalName(PARTS)],
                });
                // While healthy it resolves through its own names only.
                assert.deepEqual(primaryChain(summaries, name), [name, primaryTarget]);
            }
        });
    }

    it("adds no health check: every local PRIMARY uses a check an endpoint record of the same cluster uses", () => {
        const result = route53Plan({ routing: "weighted" }, ROUTE53_FLEET);
        const local = new Set(Object.values(result.local));
        const checksOf = (records: typeof result.route53.records) =>
            new Set(records.flatMap((r) => (r.healthCheck ? [JSON.stringify(r.healthCheck)] : [])));
        const localChecks = checksOf(result.route53.records.filter((r) => local.has(r.name)));
        const otherChecks = checksOf(result.route53.records.filter((r) => !local.has(r.name)));
        assert.equal(localChecks.size, ROUTE53_FLEET.length);
        for (const check of localChecks) assert.ok(otherChecks.has(check), check);
    });
});

describe("local-first chain on Cloud DNS, for every routing policy", () => {
    for (const policy of CLOUDDNS_POLICIES) {
        it(`${policy}: an IP cluster is the health-checked primary of its local name, the rest of the fleet its backups by geography`, () => {
            const result = clouddnsPlan(routed("clouddns", policy, IP_FLEET), IP_FLEET);
            for (const { cluster, region } of IP_FLEET) {
                const name = localName(PARTS, cluster, region);
                assert.equal(result.local[cluster], name);
                const sets = result.clouddns.recordSets.filter((s) => s.name === name);
                assert.equal(sets.length, 1);
                const [set] = sets;
                assert.equal(set.type, "A");
                assert.equal(set.healthChecked, true);
                assert.equal(set.routing.policy, "primaryBackup");
                if (set.routing.policy !== "primaryBackup") return;
                assert.deepEqual(set.routing.primary, [cluster]);
                const backups = set.routing.backups.flatMap((item) => item.clusters).sort();
                assert.deepEqual(
                    backups,
                    IP_FLEET.map((e) => e.cluster)
                        .filter((c) => c !== cluster)
                        .sort(),
                );
                // Geography first: a cluster's region sibling is backed up at its own location.
                const chain = fallbackChain(describeRecords(result), name);
                assert.deepEqual(chain.names, [name]);
                assert.deepEqual(primaryChain(describeRecords(result), name), [name]);
                assert.ok(chain.backups && chain.backups.length > 0);
            }
            assert.deepEqual(
                (
                    result.clouddns.recordSets.find((s) => s.name === result.local["gke-euw4"])!.routing as {
                        backups: { location: string; clusters: string[] }[];
                    }
                ).backups,
                [
                    { location: "europe-west4", clusters: ["gke-euw4b"] },
                    { location: "us-central1", clusters: ["gke-usc1"] },
                ],
            );
        });
    }

    it("a hostname cluster's local name is a CNAME to its region name: Cloud DNS cannot health-check a CNAME", () => {
        // One cluster per location: geo CNAMEs have one target each.
        const fleet = [endpoint("aws-use1", "aws", "us-east-1"), ...IP_FLEET.slice(0, 2)];
        for (const policy of ["wrr", "geo"]) {
            const result = clouddnsPlan(routed("clouddns", policy, fleet), fleet);
            const name = localName(PARTS, "aws-use1", "us-east-1");
            const set = result.clouddns.recordSets.find((s) => s.name === name)!;
            assert.deepEqual(
                [set.type, set.routing, set.healthChecked],
                ["CNAME", { policy: "cname", name: regionName(PARTS, "us-east-1") }, false],
            );
            assert.equal(result.localFailoverSeconds["aws-use1"], null);
            assert.deepEqual(fallbackChain(describeRecords(result), name).names, [
                name,
                regionName(PARTS, "us-east-1"),
            ]);
            assert.deepEqual(primaryChain(describeRecords(result), name), [name, regionName(PARTS, "us-east-1")]);
            // Its IP neighbours still fail over among themselves, never to the hostname.
            const gke = result.clouddns.recordSets.find((s) => s.name === result.local["gke-usc1"])!;
            assert.equal(gke.healthChecked, true);
            assert.ok(!JSON.stringify(gke.routing).includes("aws-use1"));
        }
    });

    it("a service on one cluster: no backup to fall back to (backup_geo is required), so a CNAME to its region name", () => {
        const result = clouddnsPlan({}, [IP_FLEET[0]]);
        const name = result.local["gke-usc1"];
        const set = result.clouddns.recordSets.find((s) => s.name === name)!;
        assert.deepEqual(set.routing, { policy: "cname", name: regionName(PARTS, "us-central1") });
        assert.equal(result.localFailoverSeconds["gke-usc1"], null);
    });

    it("never plans a region or local primaryBackup without a backup, whatever the fleet", () => {
        const all = [endpoint("aws-use1", "aws", "us-east-1"), ...IP_FLEET, endpoint("aws-euw1", "aws", "eu-west-1")];
        fc.assert(
            fc.property(fc.subarray(all, { minLength: 1 }), fc.constantFrom("wrr", "geo"), (fleet, routing) => {
                let result: CloudDnsServiceDnsPlan;
                try {
                    result = clouddnsPlan({ routing }, fleet);
                } catch (error) {
                    // geo with CNAMEs refuses two hostnames at one location; not this rule's concern.
                    if (error instanceof FleetConfigError) return;
                    throw error;
                }
                for (const set of result.clouddns.recordSets)
                    if (set.routing.policy === "primaryBackup") assert.ok(set.routing.backups.length > 0, set.name);
                assert.deepEqual(Object.keys(result.local), fleet.map((e) => e.cluster).sort());
            }),
        );
    });
});

describe("failover estimate of a local name", () => {
    it("Route53: detection by the endpoint's own check, the local CNAME's TTL, then its endpoint's answer TTL", () => {
        const result = plan({ provider: "route53", ttl: 20 }, ROUTE53_FLEET);
        const detection = 3 * (10 + ROUTE53_PROBE_TIMEOUT_SECONDS.HTTP);
        // An alias to an NLB answers with the load balancer's 60 s; an IP with the record's 20 s.
        assert.equal(result.localFailoverSeconds["aws-use1"], detection + 20 + ELB_ALIAS_TTL_SECONDS);
        assert.equal(result.localFailoverSeconds["gke-usc1"], detection + 20 + 20);
    });

    it("Route53 TCP with 30 s checks and threshold 2", () => {
        const service = svc({
            containers: [{ name: "web", image: "nginx:1.27" }],
            dns: { healthCheck: { protocol: "TCP", intervalSeconds: 30, failureThreshold: 2 } },
        });
        const result = plan({ provider: "route53" }, ROUTE53_FLEET, service);
        assert.equal(result.localFailoverSeconds["gke-euw4"], 2 * (30 + ROUTE53_PROBE_TIMEOUT_SECONDS.TCP) + 30 + 30);
    });

    it("Cloud DNS: threshold probes an interval apart, the last waiting its timeout, then the TTL", () => {
        const result = clouddnsPlan({}, IP_FLEET);
        for (const { cluster } of IP_FLEET) assert.equal(result.localFailoverSeconds[cluster], 3 * 30 + 5 + 30);
    });

    it("is never longer than the global name's estimate, where both exist", () => {
        const all = [
            ...ROUTE53_FLEET,
            endpoint("aws-use1b", "aws", "us-east-1"),
            endpoint("gke-usc1b", "gcp", "us-central1"),
        ];
        fc.assert(
            fc.property(
                fc.subarray(all, { minLength: 1 }),
                fc.constantFrom("route53", "clouddns"),
                fc.integer({ min: 5, max: 300 }),
                (fleet, provider, ttl) => {
                    let result: ServiceDnsPlan;
                    try {
                        result = plan(
                            { provider, ttl, ...(provider === "clouddns" ? { project: "acme-dns" } : {}) },
                            fleet,
                        );
                    } catch (error) {
                        if (error instanceof FleetConfigError) return; // e.g. two latency clusters in one AWS region
                        throw error;
                    }
                    for (const seconds of Object.values(result.localFailoverSeconds))
                        if (seconds !== null && result.failoverSeconds !== null)
                            assert.ok(seconds <= result.failoverSeconds);
                },
            ),
        );
    });
});
