import assert from "node:assert/strict";
import {
    dnsSchema,
    DnsConfig,
    fleetConfigSchema,
    FleetConfig,
    serviceSchema,
    ServiceConfig,
} from "../../../src/plan/config/schema";
import { validateFleetConfig } from "../../../src/plan/config/validate";
import { configPath, FleetConfigError } from "../../../src/plan/core/config-error";
import { describeRecords } from "../../../src/plan/dns/describe-records";
import {
    dnsWeight,
    DnsEndpoint,
    endpointCoordinates,
    planServiceDns,
    CloudDnsServiceDnsPlan,
    Route53RecordPlan,
    Route53ServiceDnsPlan,
    ServiceDnsPlan,
    INTERNAL_SKIP_REASON,
} from "../../../src/plan/dns/dns-plan";
import { dnsEndpoints, planFleet } from "../../../src/plan/fleet-plan";
import { nearestRegion } from "../../../src/plan/regions/catalog";

// --- fixtures ------------------------------------------------------------------------

const FEDERATION = "acme";
const DOMAIN = "fleet.example.com";
const GLOBAL = "web.shop.acme.svc.fleet.example.com";
const region = (r: string) => `web.shop.acme.svc.${r}.fleet.example.com`;
const members = (r: string) => `members.web.shop.acme.svc.${r}.fleet.example.com`;
const local = (cluster: string, r: string) => `web.shop.acme.svc.${cluster}.${r}.fleet.example.com`;

function service(dns?: Record<string, unknown>, extra: Record<string, unknown> = {}): ServiceConfig {
    return serviceSchema.parse({
        name: "web",
        namespace: "shop",
        replicas: 10,
        containers: [
            { name: "web", image: "nginx:1.27", readinessProbe: { httpGet: { path: "/healthz", port: 8080 } } },
        ],
        ports: [{ name: "http", port: 80 }],
        placement: { clusters: ["aws-use1"] },
        ...(dns ? { dns } : {}),
        ...extra,
    });
}

type Route53Config = DnsConfig & { provider: "route53" };
type CloudDnsConfig = DnsConfig & { provider: "clouddns" };

function route53(extra: Record<string, unknown> = {}): Route53Config {
    return dnsSchema.parse({ provider: "route53", zone: { name: DOMAIN }, ...extra }) as Route53Config;
}

function clouddns(extra: Record<string, unknown> = {}): CloudDnsConfig {
    return dnsSchema.parse({
        provider: "clouddns",
        zone: { name: DOMAIN },
        project: "acme-dns-prod",
        ...extra,
    }) as CloudDnsConfig;
}

function aws(cluster: string, r: string, replicas: number): DnsEndpoint {
    return { cluster, cloud: "aws", region: r, kind: "hostname", replicas, coordinates: endpointCoordinates("aws", r) };
}

function gcp(cluster: string, r: string, replicas: number): DnsEndpoint {
    return { cluster, cloud: "gcp", region: r, kind: "ip", replicas, coordinates: endpointCoordinates("gcp", r) };
}

function existing(
    cluster: string,
    r: string,
    replicas: number,
    coordinates?: { latitude: number; longitude: number },
): DnsEndpoint {
    return { cluster, cloud: "existing", region: r, kind: "ip", replicas, ...(coordinates ? { coordinates } : {}) };
}

const PARIS = { latitude: 48.8566, longitude: 2.3522 };
const BELGIUM = { latitude: 50.45, longitude: 3.9 };

/** aws us-east-1, aws eu-west-1 (hostnames), gcp us-central1 (ip), an existing cluster in Paris (ip). */
function route53Fleet(): DnsEndpoint[] {
    return [
        aws("aws-use1", "us-east-1", 3),
        aws("aws-euw1", "eu-west-1", 2),
        gcp("gke-usc1", "us-central1", 4),
        existing("lab", "paris-lab", 1, PARIS),
    ];
}

/** All IP: gcp us-central1, gcp europe-west1, an existing cluster in Belgium (nearest Google region europe-west1). */
function ipFleet(): DnsEndpoint[] {
    return [
        gcp("gke-usc1", "us-central1", 4),
        gcp("gke-euw1", "europe-west1", 2),
        existing("lab", "be-lab", 1, BELGIUM),
    ];
}

/** A service's DNS plan; on a provider's config, narrowed to that provider's plan (and checked to be). */
function plan(dns: Route53Config, endpoints: DnsEndpoint[], svc?: ServiceConfig): Route53ServiceDnsPlan;
function plan(dns: CloudDnsConfig, endpoints: DnsEndpoint[], svc?: ServiceConfig): CloudDnsServiceDnsPlan;
function plan(dns: DnsConfig, endpoints: DnsEndpoint[], svc?: ServiceConfig): ServiceDnsPlan;
function plan(dns: DnsConfig, endpoints: DnsEndpoint[], svc: ServiceConfig = service()): ServiceDnsPlan {
    const result = planServiceDns({
        service: svc,
        serviceIndex: 0,
        federation: FEDERATION,
        domain: DOMAIN,
        dns,
        endpoints,
    });
    assert.equal(result.provider, dns.provider, "the plan is the config's provider's");
    return result;
}

/** The endpoint records of a cluster: A (alias or IP), health-checked by the cluster's check. */
function endpointRecord(
    key: string,
    name: string,
    cluster: string,
    routing: Route53RecordPlan["routing"],
): Route53RecordPlan {
    return { key, name, type: "A", setIdentifier: cluster, routing, target: { cluster }, healthCheck: { cluster } };
}

/** Members, PRIMARY and SECONDARY records of one region. */
function regionRecords(r: string, clusters: [string, number][]): Route53RecordPlan[] {
    return [
        ...clusters.map(([cluster, replicas]) =>
            endpointRecord(`members-${cluster}`, members(r), cluster, { policy: "weighted", weight: replicas }),
        ),
        {
            key: `region-${r}-primary`,
            name: region(r),
            type: "CNAME",
            setIdentifier: `${r}-primary`,
            routing: { policy: "failover", role: "PRIMARY" },
            target: { name: members(r) },
            healthCheck: { region: r },
        },
        {
            key: `region-${r}-secondary`,
            name: region(r),
            type: "CNAME",
            setIdentifier: `${r}-secondary`,
            routing: { policy: "failover", role: "SECONDARY" },
            target: { name: GLOBAL },
        },
    ];
}

/** Region records for route53Fleet(), regions in sorted order. */
function route53FleetRegionRecords(): Route53RecordPlan[] {
    return [
        ...regionRecords("eu-west-1", [["aws-euw1", 2]]),
        ...regionRecords("paris-lab", [["lab", 1]]),
        ...regionRecords("us-central1", [["gke-usc1", 4]]),
        ...regionRecords("us-east-1", [["aws-use1", 3]]),
    ];
}

/** A cluster's local-first records: its own member name, and a failover pair to it, then to its region name. */
function localRecords(cluster: string, r: string): Route53RecordPlan[] {
    const member = `${cluster}.${members(r)}`;
    return [
        { key: `member-${cluster}`, name: member, type: "A", routing: { policy: "simple" }, target: { cluster } },
        {
            key: `local-${cluster}-primary`,
            name: local(cluster, r),
            type: "CNAME",
            setIdentifier: `${cluster}-primary`,
            routing: { policy: "failover", role: "PRIMARY" },
            target: { name: member },
            healthCheck: { cluster },
        },
        {
            key: `local-${cluster}-secondary`,
            name: local(cluster, r),
            type: "CNAME",
            setIdentifier: `${cluster}-secondary`,
            routing: { policy: "failover", role: "SECONDARY" },
            target: { name: region(r) },
        },
    ];
}

/** Local-first records for route53Fleet(), in endpoint order. */
function route53FleetLocalRecords(): Route53RecordPlan[] {
    return [
        ...localRecords("aws-use1", "us-east-1"),
        ...localRecords("aws-euw1", "eu-west-1"),
        ...localRecords("gke-usc1", "us-central1"),
        ...localRecords("lab", "paris-lab"),
    ];
}

const ROUTE53_FLEET_CHECKS = [
    { region: "eu-west-1", clusters: ["aws-euw1"] },
    { region: "paris-lab", clusters: ["lab"] },
    { region: "us-central1", clusters: ["gke-usc1"] },
    { region: "us-east-1", clusters: ["aws-use1"] },
];

/** Runs `fn`, which must throw a FleetConfigError; checks its path and returns it. */
function expectPlanError(fn: () => unknown, path: (string | number)[]): FleetConfigError {
    let caught: unknown;
    try {
        fn();
    } catch (error) {
        caught = error;
    }
    assert.ok(caught !== undefined, `expected a FleetConfigError at ${path.join(".")}, but planning passed`);
    assert.ok(caught instanceof FleetConfigError, `expected a FleetConfigError, got ${String(caught)}`);
    assert.deepEqual(caught.path, path, `wrong path in: ${caught.message}`);
    assert.equal(caught.message, `${configPath(path)}: expected ${caught.expected}, found ${caught.found}`);
    return caught;
}

/** A FleetConfigError for service "web" whose found names `value`. */
function expectServiceError(fn: () => unknown, path: (string | number)[], value: string): FleetConfigError {
    const error = expectPlanError(fn, path);
    assert.ok(error.expected.includes(`service "web"`), `expected does not name the service: ${error.message}`);
    assert.ok(error.found.includes(value), `found does not name ${value}: ${error.message}`);
    return error;
}

// --- Route53 -------------------------------------------------------------------------

describe("planServiceDns: Route53", () => {
    it("defaults: latency routing, TTL 30, the readiness probe's HTTP check, failover within 138 s", () => {
        const result = plan(route53(), route53Fleet());
        assert.equal(result.provider, "route53");
        assert.equal(result.routing, "latency");
        assert.equal(result.ttl, 30);
        assert.deepEqual(result.healthCheck, {
            protocol: "HTTP",
            port: 80,
            path: "/healthz",
            intervalSeconds: 10,
            failureThreshold: 3,
        });
        // 3 probes of 10 s + 6 s HTTP timeout, the region CNAME's 30 s, the NLB alias's 60 s.
        assert.equal(result.failoverSeconds, 3 * (10 + 6) + 30 + 60);
        assert.equal(result.global, GLOBAL);
        assert.deepEqual(result.regions, {
            "eu-west-1": region("eu-west-1"),
            "paris-lab": region("paris-lab"),
            "us-central1": region("us-central1"),
            "us-east-1": region("us-east-1"),
        });
        assert.equal("clouddns" in result, false, "a Route53 plan has no Cloud DNS record sets");
    });

    it("failoverSeconds: threshold x (interval + probe timeout) + the region CNAME's TTL + the answer's TTL", () => {
        const result = plan(
            route53({ ttl: 60, healthCheck: { intervalSeconds: 30, failureThreshold: 2 } }),
            route53Fleet(),
        );
        assert.equal(result.failoverSeconds, 2 * (30 + 6) + 60 + 60);
        // Without AWS load balancers the answers carry the record's own TTL, not the alias's 60 s.
        const ips = plan(
            route53({ ttl: 20 }),
            route53Fleet().filter((e) => e.kind === "ip"),
        );
        assert.equal(ips.failoverSeconds, 3 * (10 + 6) + 20 + 20);
    });

    it("a service's settings override fedfleet:dns", () => {
        const result = plan(
            route53({ ttl: 60, routing: "weighted" }),
            route53Fleet(),
            service(
                { ttl: 15, healthCheck: { protocol: "TCP", port: 8443 } },
                {
                    ports: [
                        { name: "http", port: 80 },
                        { name: "admin", port: 8443 },
                    ],
                },
            ),
        );
        assert.equal(result.ttl, 15);
        assert.equal(result.routing, "weighted");
        assert.deepEqual(result.healthCheck, { protocol: "TCP", port: 8443, intervalSeconds: 10, failureThreshold: 3 });
        // TCP probes wait up to 10 s to connect.
        assert.equal(result.failoverSeconds, 3 * (10 + 10) + 15 + 60);
    });

    it("refuses a health-check port the Service does not expose: the checker reaches only its load balancer", () => {
        assert.throws(
            () => plan(route53(), route53Fleet(), service({ healthCheck: { port: 8443 } })),
            (error: unknown) =>
                error instanceof FleetConfigError &&
                error.configPath === "fedfleet:services[0].dns.healthCheck.port" &&
                error.expected === `a port service "web"'s Service exposes (80)` &&
                error.found === "8443",
        );
    });

    it("refuses settings that would be silently ignored: dns on an internal service, failover with other routing", () => {
        assert.throws(
            () => plan(route53(), route53Fleet(), service({ ttl: 15 }, { exposure: "internal" })),
            (error: unknown) => error instanceof FleetConfigError && error.configPath === "fedfleet:services[0].dns",
        );
        assert.throws(
            () =>
                plan(
                    route53({ routing: "weighted" }),
                    route53Fleet(),
                    service({ failover: { primary: "aws-use1", secondary: "aws-euw1" } }),
                ),
            (error: unknown) =>
                error instanceof FleetConfigError &&
                error.configPath === "fedfleet:services[0].dns.failover" &&
                /routes by weighted/.test(error.expected),
        );
    });

    it("no endpoints: names and settings, no records", () => {
        const result = plan(route53(), []);
        assert.deepEqual(result.route53, { records: [], regionChecks: [] });
        assert.deepEqual(result.regions, {});
    });

    describe("latency", () => {
        it("gives each endpoint a global record in its AWS region (the nearest one off AWS), then the region records", () => {
            assert.equal(nearestRegion("aws", { latitude: 41.26, longitude: -95.86 }), "us-east-2");
            assert.equal(nearestRegion("aws", PARIS), "eu-west-3");
            const result = plan(route53(), route53Fleet());
            assert.deepEqual(result.route53, {
                records: [
                    endpointRecord("global-aws-use1", GLOBAL, "aws-use1", { policy: "latency", region: "us-east-1" }),
                    endpointRecord("global-aws-euw1", GLOBAL, "aws-euw1", { policy: "latency", region: "eu-west-1" }),
                    endpointRecord("global-gke-usc1", GLOBAL, "gke-usc1", { policy: "latency", region: "us-east-2" }),
                    endpointRecord("global-lab", GLOBAL, "lab", { policy: "latency", region: "eu-west-3" }),
                    ...route53FleetRegionRecords(),
                    ...route53FleetLocalRecords(),
                ],
                regionChecks: ROUTE53_FLEET_CHECKS,
            });
        });

        it("record keys are unique", () => {
            const keys = plan(route53(), route53Fleet()).route53!.records.map((r) => r.key);
            assert.equal(new Set(keys).size, keys.length);
        });
    });

    describe("weighted", () => {
        it("weights global records by replicas; a region with two clusters lists both as members", () => {
            const fleet = [...route53Fleet(), aws("aws-use1b", "us-east-1", 5)];
            const result = plan(route53({ routing: "weighted" }), fleet);
            assert.equal(result.routing, "weighted");
            assert.deepEqual(result.route53, {
                records: [
                    endpointRecord("global-aws-use1", GLOBAL, "aws-use1", { policy: "weighted", weight: 3 }),
                    endpointRecord("global-aws-euw1", GLOBAL, "aws-euw1", { policy: "weighted", weight: 2 }),
                    endpointRecord("global-gke-usc1", GLOBAL, "gke-usc1", { policy: "weighted", weight: 4 }),
                    endpointRecord("global-lab", GLOBAL, "lab", { policy: "weighted", weight: 1 }),
                    endpointRecord("global-aws-use1b", GLOBAL, "aws-use1b", { policy: "weighted", weight: 5 }),
                    ...regionRecords("eu-west-1", [["aws-euw1", 2]]),
                    ...regionRecords("paris-lab", [["lab", 1]]),
                    ...regionRecords("us-central1", [["gke-usc1", 4]]),
                    ...regionRecords("us-east-1", [
                        ["aws-use1", 3],
                        ["aws-use1b", 5],
                    ]),
                    ...route53FleetLocalRecords(),
                    ...localRecords("aws-use1b", "us-east-1"),
                ],
                regionChecks: [
                    { region: "eu-west-1", clusters: ["aws-euw1"] },
                    { region: "paris-lab", clusters: ["lab"] },
                    { region: "us-central1", clusters: ["gke-usc1"] },
                    { region: "us-east-1", clusters: ["aws-use1", "aws-use1b"] },
                ],
            });
        });

        // Route53 weights are integers 0..255; shares above that are scaled in proportion.
        it("keeps Route53 weights within 0..255 for a cluster with 300 replicas, in proportion", () => {
            const fleet = [aws("aws-use1", "us-east-1", 300), aws("aws-euw1", "eu-west-1", 100)];
            const result = plan(route53({ routing: "weighted" }), fleet);
            const weights = Object.fromEntries(
                result
                    .route53!.records.filter((r) => r.routing.policy === "weighted")
                    .map((r) => [r.key, (r.routing as { weight: number }).weight]),
            );
            assert.deepEqual(weights, {
                "global-aws-euw1": 85,
                "global-aws-use1": 255,
                "members-aws-euw1": 85,
                "members-aws-use1": 255,
            });
        });
    });

    describe("geoproximity", () => {
        it("names the AWS region for AWS clusters and 2-decimal coordinates for the others", () => {
            const result = plan(route53({ routing: "geoproximity" }), route53Fleet());
            assert.deepEqual(result.route53, {
                records: [
                    endpointRecord("global-aws-use1", GLOBAL, "aws-use1", {
                        policy: "geoproximity",
                        awsRegion: "us-east-1",
                    }),
                    endpointRecord("global-aws-euw1", GLOBAL, "aws-euw1", {
                        policy: "geoproximity",
                        awsRegion: "eu-west-1",
                    }),
                    endpointRecord("global-gke-usc1", GLOBAL, "gke-usc1", {
                        policy: "geoproximity",
                        coordinates: { latitude: "41.26", longitude: "-95.86" },
                    }),
                    endpointRecord("global-lab", GLOBAL, "lab", {
                        policy: "geoproximity",
                        coordinates: { latitude: "48.86", longitude: "2.35" },
                    }),
                    ...route53FleetRegionRecords(),
                    ...route53FleetLocalRecords(),
                ],
                regionChecks: ROUTE53_FLEET_CHECKS,
            });
        });

        it("rejects a cluster without coordinates", () => {
            const fleet = [aws("aws-use1", "us-east-1", 3), existing("lab", "home-lab", 1)];
            expectServiceError(
                () => plan(route53({ routing: "geoproximity" }), fleet),
                ["dns", "routing"],
                `cluster "lab"`,
            );
        });
    });

    describe("failover", () => {
        it("gives global records only to the configured pair, PRIMARY and SECONDARY; every region keeps its records", () => {
            const result = plan(
                route53({ routing: "failover", failover: { primary: "gke-usc1", secondary: "aws-euw1" } }),
                route53Fleet(),
            );
            assert.deepEqual(result.route53, {
                records: [
                    endpointRecord("global-aws-euw1", GLOBAL, "aws-euw1", { policy: "failover", role: "SECONDARY" }),
                    endpointRecord("global-gke-usc1", GLOBAL, "gke-usc1", { policy: "failover", role: "PRIMARY" }),
                    ...route53FleetRegionRecords(),
                    ...route53FleetLocalRecords(),
                ],
                regionChecks: ROUTE53_FLEET_CHECKS,
            });
        });

        it("a service's failover pair replaces fedfleet:dns's", () => {
            const result = plan(
                route53({ routing: "failover", failover: { primary: "gke-usc1", secondary: "aws-euw1" } }),
                route53Fleet(),
                service({ failover: { primary: "lab", secondary: "aws-use1" } }),
            );
            const global = result.route53!.records.filter((r) => r.name === GLOBAL);
            assert.deepEqual(
                global.map((r) => [r.setIdentifier, r.routing]),
                [
                    ["aws-use1", { policy: "failover", role: "SECONDARY" }],
                    ["lab", { policy: "failover", role: "PRIMARY" }],
                ],
            );
        });
    });
});

// --- Cloud DNS -----------------------------------------------------------------------

const IP_FLEET_REGION_SETS = [
    {
        key: "region-be-lab",
        name: region("be-lab"),
        type: "A",
        healthChecked: true,
        routing: {
            policy: "primaryBackup",
            primary: ["lab"],
            backups: [
                { location: "europe-west1", clusters: ["gke-euw1"] },
                { location: "us-central1", clusters: ["gke-usc1"] },
            ],
        },
    },
    {
        key: "region-europe-west1",
        name: region("europe-west1"),
        type: "A",
        healthChecked: true,
        routing: {
            policy: "primaryBackup",
            primary: ["gke-euw1"],
            backups: [
                { location: "europe-west1", clusters: ["lab"] },
                { location: "us-central1", clusters: ["gke-usc1"] },
            ],
        },
    },
    {
        key: "region-us-central1",
        name: region("us-central1"),
        type: "A",
        healthChecked: true,
        routing: {
            policy: "primaryBackup",
            primary: ["gke-usc1"],
            backups: [{ location: "europe-west1", clusters: ["gke-euw1", "lab"] }],
        },
    },
];

/** The local-first sets of ipFleet(), in endpoint order: each cluster primary, the others its backups by geo. */
const IP_FLEET_LOCAL_SETS = [
    {
        key: "local-gke-usc1",
        name: local("gke-usc1", "us-central1"),
        type: "A",
        healthChecked: true,
        routing: {
            policy: "primaryBackup",
            primary: ["gke-usc1"],
            backups: [{ location: "europe-west1", clusters: ["gke-euw1", "lab"] }],
        },
    },
    {
        key: "local-gke-euw1",
        name: local("gke-euw1", "europe-west1"),
        type: "A",
        healthChecked: true,
        routing: {
            policy: "primaryBackup",
            primary: ["gke-euw1"],
            backups: [
                { location: "europe-west1", clusters: ["lab"] },
                { location: "us-central1", clusters: ["gke-usc1"] },
            ],
        },
    },
    {
        key: "local-lab",
        name: local("lab", "be-lab"),
        type: "A",
        healthChecked: true,
        routing: {
            policy: "primaryBackup",
            primary: ["lab"],
            backups: [
                { location: "europe-west1", clusters: ["gke-euw1"] },
                { location: "us-central1", clusters: ["gke-usc1"] },
            ],
        },
    },
];

describe("planServiceDns: Cloud DNS", () => {
    it("defaults: wrr, TTL 30, 30 s checks (the least with source regions), failover estimate 125 s", () => {
        const result = plan(clouddns(), ipFleet());
        assert.equal(result.provider, "clouddns");
        assert.equal(result.routing, "wrr");
        assert.equal(result.ttl, 30);
        assert.equal(result.healthCheck.intervalSeconds, 30);
        assert.equal(result.healthCheck.timeoutSeconds, 5);
        // 3 checks 30 s apart, the last waiting its 5 s timeout, then the 30 s TTL.
        assert.equal(result.failoverSeconds, 30 * 3 + 5 + 30);
        assert.equal("route53" in result, false, "a Cloud DNS plan has no Route53 records");
    });

    describe("wrr", () => {
        it("all-IP fleet: health-checked A sets, weights = replicas, regions fall back by geo", () => {
            const result = plan(clouddns({ routing: "wrr" }), ipFleet());
            assert.deepEqual(result.clouddns, {
                recordSets: [
                    {
                        key: "global",
                        name: GLOBAL,
                        type: "A",
                        healthChecked: true,
                        routing: {
                            policy: "wrr",
                            items: [
                                { weight: 4, clusters: ["gke-usc1"] },
                                { weight: 2, clusters: ["gke-euw1"] },
                                { weight: 1, clusters: ["lab"] },
                            ],
                        },
                    },
                    ...IP_FLEET_REGION_SETS,
                    ...IP_FLEET_LOCAL_SETS,
                ],
            });
        });

        it("a hostname endpoint: CNAME sets, unchecked, an A set per IP endpoint, failoverSeconds null", () => {
            const fleet = [
                aws("aws-use1", "us-east-1", 3),
                gcp("gke-usc1", "us-central1", 4),
                existing("lab", "be-lab", 1, BELGIUM),
                aws("aws-use1b", "us-east-1", 5),
            ];
            const result = plan(clouddns(), fleet);
            assert.equal(result.failoverSeconds, null);
            assert.deepEqual(result.clouddns, {
                recordSets: [
                    {
                        key: "cluster-gke-usc1",
                        name: `gke-usc1.${region("us-central1")}`,
                        type: "A",
                        routing: { policy: "none", clusters: ["gke-usc1"] },
                        healthChecked: false,
                    },
                    {
                        key: "cluster-lab",
                        name: `lab.${region("be-lab")}`,
                        type: "A",
                        routing: { policy: "none", clusters: ["lab"] },
                        healthChecked: false,
                    },
                    {
                        key: "global",
                        name: GLOBAL,
                        type: "CNAME",
                        healthChecked: false,
                        routing: {
                            policy: "wrr",
                            items: [
                                { weight: 3, clusters: ["aws-use1"] },
                                { weight: 4, clusters: ["gke-usc1"] },
                                { weight: 1, clusters: ["lab"] },
                                { weight: 5, clusters: ["aws-use1b"] },
                            ],
                        },
                    },
                    {
                        key: "region-be-lab",
                        name: region("be-lab"),
                        type: "CNAME",
                        routing: { policy: "none", clusters: ["lab"] },
                        healthChecked: false,
                    },
                    {
                        key: "region-us-central1",
                        name: region("us-central1"),
                        type: "CNAME",
                        routing: { policy: "none", clusters: ["gke-usc1"] },
                        healthChecked: false,
                    },
                    {
                        key: "region-us-east-1",
                        name: region("us-east-1"),
                        type: "CNAME",
                        healthChecked: false,
                        routing: {
                            policy: "wrr",
                            items: [
                                { weight: 3, clusters: ["aws-use1"] },
                                { weight: 5, clusters: ["aws-use1b"] },
                            ],
                        },
                    },
                    // Local first: IP clusters fall back to the other IP clusters; hostnames are a CNAME to the region.
                    {
                        key: "local-aws-use1",
                        name: local("aws-use1", "us-east-1"),
                        type: "CNAME",
                        routing: { policy: "cname", name: region("us-east-1") },
                        healthChecked: false,
                    },
                    {
                        key: "local-gke-usc1",
                        name: local("gke-usc1", "us-central1"),
                        type: "A",
                        healthChecked: true,
                        routing: {
                            policy: "primaryBackup",
                            primary: ["gke-usc1"],
                            backups: [{ location: "europe-west1", clusters: ["lab"] }],
                        },
                    },
                    {
                        key: "local-lab",
                        name: local("lab", "be-lab"),
                        type: "A",
                        healthChecked: true,
                        routing: {
                            policy: "primaryBackup",
                            primary: ["lab"],
                            backups: [{ location: "us-central1", clusters: ["gke-usc1"] }],
                        },
                    },
                    {
                        key: "local-aws-use1b",
                        name: local("aws-use1b", "us-east-1"),
                        type: "CNAME",
                        routing: { policy: "cname", name: region("us-east-1") },
                        healthChecked: false,
                    },
                ],
            });
        });

        it("a one-region fleet: the region set is simple and unchecked", () => {
            const result = plan(clouddns(), [gcp("gke-usc1", "us-central1", 4)]);
            assert.deepEqual(result.clouddns!.recordSets[1], {
                key: "region-us-central1",
                name: region("us-central1"),
                type: "A",
                routing: { policy: "none", clusters: ["gke-usc1"] },
                healthChecked: false,
            });
            assert.equal(result.failoverSeconds, 30 * 3 + 5 + 30);
        });
    });

    describe("geo", () => {
        it("groups clusters by Google region, existing clusters by the region nearest their coordinates", () => {
            assert.equal(nearestRegion("gcp", BELGIUM), "europe-west1");
            const result = plan(clouddns({ routing: "geo" }), ipFleet());
            assert.equal(result.failoverSeconds, 30 * 3 + 5 + 30);
            assert.deepEqual(result.clouddns, {
                recordSets: [
                    {
                        key: "global",
                        name: GLOBAL,
                        type: "A",
                        healthChecked: true,
                        routing: {
                            policy: "geo",
                            items: [
                                { location: "europe-west1", clusters: ["gke-euw1", "lab"] },
                                { location: "us-central1", clusters: ["gke-usc1"] },
                            ],
                        },
                    },
                    ...IP_FLEET_REGION_SETS,
                    ...IP_FLEET_LOCAL_SETS,
                ],
            });
        });

        it("an AWS cluster is located at the Google region nearest its own", () => {
            const fleet = [aws("aws-use1", "us-east-1", 3), gcp("gke-usc1", "us-central1", 4)];
            const global = plan(clouddns({ routing: "geo" }), fleet).clouddns!.recordSets.find(
                (s) => s.key === "global",
            )!;
            assert.deepEqual(global.routing, {
                policy: "geo",
                items: [
                    { location: "us-central1", clusters: ["gke-usc1"] },
                    { location: "us-east4", clusters: ["aws-use1"] },
                ],
            });
            assert.equal(global.type, "CNAME");
        });

        it("with CNAMEs, rejects two clusters at one location", () => {
            const fleet = [aws("aws-use1", "us-east-1", 3), aws("aws-use1b", "us-east-1", 5)];
            expectServiceError(
                () => plan(clouddns({ routing: "geo" }), fleet),
                ["dns", "routing"],
                "aws-use1, aws-use1b in us-east4",
            );
        });

        it("rejects an existing cluster without coordinates", () => {
            const fleet = [gcp("gke-usc1", "us-central1", 4), existing("lab", "home-lab", 1)];
            expectServiceError(
                () => plan(clouddns({ routing: "geo" }), fleet),
                ["dns", "routing"],
                `region "home-lab" with no mapping`,
            );
        });
    });

    describe("primaryBackup", () => {
        it("primary is the configured cluster, backups the others by geo", () => {
            const result = plan(clouddns({ routing: "primaryBackup", failover: { primary: "gke-usc1" } }), ipFleet());
            assert.equal(result.failoverSeconds, 30 * 3 + 5 + 30);
            assert.deepEqual(result.clouddns, {
                recordSets: [
                    {
                        key: "global",
                        name: GLOBAL,
                        type: "A",
                        healthChecked: true,
                        routing: {
                            policy: "primaryBackup",
                            primary: ["gke-usc1"],
                            backups: [{ location: "europe-west1", clusters: ["gke-euw1", "lab"] }],
                        },
                    },
                    ...IP_FLEET_REGION_SETS,
                    ...IP_FLEET_LOCAL_SETS,
                ],
            });
        });

        it("needs no secondary", () => {
            const result = plan(clouddns({ routing: "primaryBackup", failover: { primary: "lab" } }), ipFleet());
            assert.deepEqual(result.clouddns!.recordSets[0].routing, {
                policy: "primaryBackup",
                primary: ["lab"],
                backups: [
                    { location: "europe-west1", clusters: ["gke-euw1"] },
                    { location: "us-central1", clusters: ["gke-usc1"] },
                ],
            });
        });

        it("is an error with a hostname endpoint", () => {
            const fleet = [aws("aws-use1", "us-east-1", 3), gcp("gke-usc1", "us-central1", 4)];
            const error = expectServiceError(
                () => plan(clouddns({ routing: "primaryBackup", failover: { primary: "gke-usc1" } }), fleet),
                ["dns", "routing"],
                `"primaryBackup"`,
            );
            assert.match(error.expected, /hostname/);
        });

        it("is an error without a primary", () => {
            expectServiceError(
                () => plan(clouddns({ routing: "primaryBackup" }), ipFleet()),
                ["dns", "failover", "primary"],
                "none",
            );
        });
    });
});

// --- Errors --------------------------------------------------------------------------

describe("planServiceDns: errors", () => {
    it("an unknown Route53 routing policy", () => {
        const error = expectServiceError(
            () => plan(route53({ routing: "wrr" }), route53Fleet()),
            ["dns", "routing"],
            `"wrr"`,
        );
        assert.equal(
            error.expected,
            `a route53 routing policy (latency, weighted, geoproximity, failover) for service "web"`,
        );
    });

    it("an unknown Cloud DNS routing policy, set on the service", () => {
        const error = expectServiceError(
            () => plan(clouddns(), ipFleet(), service({ routing: "latency" })),
            ["services", 0, "dns", "routing"],
            `"latency"`,
        );
        assert.equal(error.expected, `a clouddns routing policy (wrr, geo, primaryBackup) for service "web"`);
    });

    it("failover without a primary", () => {
        const error = expectServiceError(
            () => plan(route53({ routing: "failover" }), route53Fleet()),
            ["dns", "failover", "primary"],
            "none",
        );
        assert.equal(error.expected, `a primary cluster for service "web" (one of aws-use1, aws-euw1, gke-usc1, lab)`);
    });

    it("failover primary that is not a running cluster", () => {
        expectServiceError(
            () =>
                plan(route53({ routing: "failover", failover: { primary: "gone", secondary: "lab" } }), route53Fleet()),
            ["dns", "failover", "primary"],
            `"gone"`,
        );
    });

    it("failover primary that is not a running cluster, set on the service", () => {
        expectServiceError(
            () =>
                plan(
                    route53({ routing: "failover" }),
                    route53Fleet(),
                    service({ failover: { primary: "gone", secondary: "lab" } }),
                ),
            ["services", 0, "dns", "failover", "primary"],
            `"gone"`,
        );
    });

    it("Route53 failover without a secondary", () => {
        expectServiceError(
            () => plan(route53({ routing: "failover", failover: { primary: "lab" } }), route53Fleet()),
            ["dns", "failover", "secondary"],
            "none",
        );
    });

    it("failover secondary equal to the primary", () => {
        const error = expectServiceError(
            () =>
                plan(route53({ routing: "failover", failover: { primary: "lab", secondary: "lab" } }), route53Fleet()),
            ["dns", "failover", "secondary"],
            `"lab"`,
        );
        assert.match(error.expected, /other than the primary/);
    });

    it("latency routing from an existing cluster without coordinates", () => {
        const fleet = [aws("aws-use1", "us-east-1", 3), existing("lab", "home-lab", 1)];
        const error = expectServiceError(
            () => plan(route53(), fleet),
            ["dns", "routing"],
            `region "home-lab" with no mapping`,
        );
        assert.match(error.expected, /cluster "lab"/);
    });

    it("latency routing with two clusters in one AWS latency region", () => {
        const fleet = [aws("aws-use1", "us-east-1", 3), aws("aws-use1b", "us-east-1", 2)];
        expectServiceError(
            () => plan(route53(), fleet),
            ["dns", "routing"],
            `clusters "aws-use1" and "aws-use1b" both in us-east-1`,
        );
    });

    it("latency routing with an existing cluster mapped to an AWS cluster's region", () => {
        const fleet = [
            aws("aws-euw1", "eu-west-1", 3),
            existing("dublin", "dublin-dc", 1, { latitude: 53.3, longitude: -6.2 }),
        ];
        expectServiceError(
            () => plan(route53(), fleet),
            ["dns", "routing"],
            `clusters "aws-euw1" and "dublin" both in eu-west-1`,
        );
    });

    for (const ttl of [4, 3601, 2.5]) {
        it(`TTL ${ttl} on the service points at the service`, () => {
            const error = expectServiceError(
                () => plan(route53({ ttl: 30 }), route53Fleet(), service({ ttl })),
                ["services", 0, "dns", "ttl"],
                String(ttl),
            );
            assert.equal(error.expected, `a TTL from 5 to 3600 seconds for service "web"`);
            assert.equal(error.found, String(ttl));
        });

        it(`TTL ${ttl} in fedfleet:dns points at dns.ttl`, () => {
            expectServiceError(() => plan(clouddns({ ttl }), ipFleet()), ["dns", "ttl"], String(ttl));
        });
    }

    it("TTL bounds 5 and 3600 are accepted", () => {
        assert.equal(plan(route53({ ttl: 5 }), route53Fleet()).ttl, 5);
        assert.equal(plan(route53({ ttl: 3600 }), route53Fleet()).ttl, 3600);
    });

    for (const interval of [5, 20, 60]) {
        it(`Route53 health-check interval ${interval}`, () => {
            const error = expectServiceError(
                () => plan(route53({ healthCheck: { intervalSeconds: interval } }), route53Fleet()),
                ["dns", "healthCheck", "intervalSeconds"],
                String(interval),
            );
            assert.match(error.expected, /^10 or 30/);
        });
    }

    it("Route53 health-check interval on the service points at the service", () => {
        expectServiceError(
            () => plan(route53(), route53Fleet(), service({ healthCheck: { intervalSeconds: 15 } })),
            ["services", 0, "dns", "healthCheck", "intervalSeconds"],
            "15",
        );
    });

    it("Route53 accepts intervals 10 and 30; Cloud DNS 30 to 300 (source regions need at least 30)", () => {
        assert.equal(
            plan(route53({ healthCheck: { intervalSeconds: 30 } }), route53Fleet()).healthCheck.intervalSeconds,
            30,
        );
        assert.equal(
            plan(clouddns({ healthCheck: { intervalSeconds: 30 } }), ipFleet()).healthCheck.intervalSeconds,
            30,
        );
        assert.equal(
            plan(clouddns({ healthCheck: { intervalSeconds: 300 } }), ipFleet()).healthCheck.intervalSeconds,
            300,
        );
        expectServiceError(
            () => plan(clouddns({ healthCheck: { intervalSeconds: 10 } }), ipFleet()),
            ["dns", "healthCheck", "intervalSeconds"],
            "10",
        );
    });

    for (const threshold of [0, 11]) {
        it(`failureThreshold ${threshold}`, () => {
            const error = expectServiceError(
                () => plan(route53({ healthCheck: { failureThreshold: threshold } }), route53Fleet()),
                ["dns", "healthCheck", "failureThreshold"],
                String(threshold),
            );
            assert.equal(error.expected, `a whole number from 1 to 10 for service "web"`);
        });
    }

    it("a global name over 253 characters", () => {
        const long = (c: string) => c.repeat(63);
        const svc = serviceSchema.parse({ ...service(), name: long("s"), namespace: long("n") });
        const domain = `${"d".repeat(60)}.example.com`;
        const error = expectPlanError(
            () =>
                planServiceDns({
                    service: svc,
                    serviceIndex: 2,
                    federation: long("f"),
                    domain,
                    dns: route53(),
                    endpoints: route53Fleet(),
                }),
            ["services", 2, "name"],
        );
        assert.equal(error.expected, `names of service "${long("s")}" that are legal DNS names`);
        assert.match(
            error.found,
            /^s{63}\.n{63}\.f{63}\.svc\.d{60}\.example\.com: 268 characters, more than DNS's 253$/,
        );
    });

    it("a members name over 253 characters, though the global name fits", () => {
        const long = (c: string) => c.repeat(63);
        const svc = serviceSchema.parse({ ...service(), name: long("s"), namespace: long("n") });
        const domain = `${"d".repeat(38)}.example.com`; // global: 196 + 50 = 246 characters
        const error = expectPlanError(
            () =>
                planServiceDns({
                    service: svc,
                    serviceIndex: 0,
                    federation: long("f"),
                    domain,
                    dns: route53(),
                    endpoints: [aws("aws-use1", "us-east-1", 3)],
                }),
            ["services", 0, "name"],
        );
        assert.match(
            error.found,
            /^members\.s{63}\..*\.svc\.us-east-1\.d{38}\.example\.com: 264 characters, more than DNS's 253$/,
        );
    });
});

// --- planFleet's DNS ----------------------------------------------------------------

/** Each service's DNS plan, by service name, as planFleet makes it. */
function planFleetDns(config: FleetConfig): Map<string, ServiceDnsPlan> {
    const fleet = planFleet(config, "test");
    return new Map(fleet.services.flatMap((service) => (service.dns ? [[service.config.name, service.dns]] : [])));
}

/** The DNS endpoints of service `index`, from planFleet's placement. */
function serviceEndpoints(config: FleetConfig, index: number): DnsEndpoint[] {
    const fleet = planFleet(config, "test");
    return dnsEndpoints(fleet.services[index].placement, fleet.clusters);
}

function fleetConfig(dns?: Record<string, unknown>, serviceDns?: Record<string, unknown>): FleetConfig {
    return fleetConfigSchema.parse({
        federation: { name: "acme", domain: "dev.fleet.example.com", environment: "dev" },
        clusters: [
            {
                name: "aws-use1",
                cloud: "aws",
                region: "us-east-1",
                adminPrincipalArns: ["arn:aws:iam::123456789012:role/platform-admin"],
                publicAccessCidrs: ["198.51.100.0/24"],
                nodePools: [{ name: "general" }],
            },
            {
                name: "gke-usc1",
                cloud: "gcp",
                region: "us-central1",
                project: "acme-fleet-dev",
                nodePools: [{ name: "general" }],
            },
            {
                name: "lab",
                cloud: "existing",
                region: "paris-lab",
                zones: ["rack-1"],
                kubeconfig: "x",
                coordinates: PARIS,
            },
        ],
        services: [
            {
                name: "web",
                namespace: "shop",
                replicas: 6,
                containers: [{ name: "web", image: "nginx:1.27" }],
                ports: [{ name: "http", port: 80 }],
                placement: { clusters: ["aws-use1", "gke-usc1", "lab"] },
                ...(serviceDns ? { dns: serviceDns } : {}),
            },
        ],
        ...(dns ? { dns } : {}),
    });
}

describe("planFleetDns", () => {
    it("plans every service from its placement", () => {
        const plans = planFleetDns(fleetConfig({ provider: "route53", zone: { name: "fleet.example.com" } }));
        assert.deepEqual([...plans.keys()], ["web"]);
        const web = plans.get("web")!;
        assert.equal(web.global, "web.shop.acme.svc.dev.fleet.example.com");
        assert.deepEqual(web.endpoints, [
            {
                cluster: "aws-use1",
                cloud: "aws",
                region: "us-east-1",
                kind: "hostname",
                replicas: 2,
                coordinates: { latitude: 39.04, longitude: -77.49 },
            },
            {
                cluster: "gke-usc1",
                cloud: "gcp",
                region: "us-central1",
                kind: "ip",
                replicas: 2,
                coordinates: { latitude: 41.26, longitude: -95.86 },
            },
            { cluster: "lab", cloud: "existing", region: "paris-lab", kind: "ip", replicas: 2, coordinates: PARIS },
        ]);
        assert.deepEqual(serviceEndpoints(fleetConfig(), 0), web.endpoints);
        assert.equal(web.provider, "route53");
        assert.deepEqual(
            (web.provider === "route53" ? web.route53.records : [])
                .filter((r) => r.name === web.global)
                .map((r) => r.routing),
            [
                { policy: "latency", region: "us-east-1" },
                { policy: "latency", region: "us-east-2" },
                { policy: "latency", region: "eu-west-3" },
            ],
        );
    });

    it("a stack without fedfleet:dns plans nothing", () => {
        assert.equal(planFleetDns(fleetConfig()).size, 0);
    });

    it("a domain outside the zone", () => {
        const error = expectPlanError(
            () => planFleetDns(fleetConfig({ provider: "route53", zone: { name: "evil.example.com" } })),
            ["dns", "zone", "name"],
        );
        assert.equal(error.expected, "a zone that contains the federation domain dev.fleet.example.com");
        assert.equal(error.found, `"evil.example.com"`);
    });

    it("a sibling zone is outside", () => {
        expectPlanError(
            () => planFleetDns(fleetConfig({ provider: "route53", zone: { name: "v.fleet.example.com" } })),
            ["dns", "zone", "name"],
        );
    });

    it("the apex zone is inside", () => {
        assert.equal(
            planFleetDns(fleetConfig({ provider: "route53", zone: { name: "dev.fleet.example.com" } })).size,
            1,
        );
    });

    it("both a zone id and create", () => {
        const error = expectPlanError(
            () =>
                planFleetDns(
                    fleetConfig({ provider: "route53", zone: { name: "fleet.example.com", id: "Z123", create: true } }),
                ),
            ["dns", "zone", "id"],
        );
        assert.equal(error.found, "both");
    });

    it("Cloud DNS without a project", () => {
        const error = expectPlanError(
            () => planFleetDns(fleetConfig({ provider: "clouddns", zone: { name: "fleet.example.com" } })),
            ["dns", "project"],
        );
        assert.equal(error.found, "nothing");
    });

    it("Route53 with a project", () => {
        const error = expectPlanError(
            () =>
                planFleetDns(
                    fleetConfig({ provider: "route53", zone: { name: "fleet.example.com" }, project: "acme-dns-prod" }),
                ),
            ["dns", "project"],
        );
        assert.equal(error.found, `"acme-dns-prod"`);
    });

    it("service DNS settings without fedfleet:dns", () => {
        const error = expectPlanError(() => planFleetDns(fleetConfig(undefined, { ttl: 60 })), ["services", 0, "dns"]);
        assert.equal(error.expected, "fedfleet:dns to be configured first");
    });

    it("errors of a service carry its index", () => {
        expectPlanError(
            () => planFleetDns(fleetConfig({ provider: "route53", zone: { name: "fleet.example.com" } }, { ttl: 1 })),
            ["services", 0, "dns", "ttl"],
        );
    });
});

// --- End to end ----------------------------------------------------------------------

describe("validateFleetConfig: DNS mistakes", () => {
    it("reports failover without a primary as one line naming the stack file and config path", () => {
        const raw = {
            federation: { name: "acme", domain: "dev.fleet.example.com", environment: "dev" },
            clusters: [
                {
                    name: "aws-use1",
                    cloud: "aws",
                    region: "us-east-1",
                    adminPrincipalArns: ["arn:aws:iam::123456789012:role/platform-admin"],
                    publicAccessCidrs: ["198.51.100.0/24"],
                    nodePools: [{ name: "general" }],
                },
                {
                    name: "gke-usc1",
                    cloud: "gcp",
                    region: "us-central1",
                    project: "acme-fleet-dev",
                    nodePools: [{ name: "general" }],
                },
            ],
            services: [
                {
                    name: "web",
                    replicas: 4,
                    containers: [{ name: "web", image: "nginx:1.27" }],
                    ports: [{ name: "http", port: 80 }],
                    placement: { clusters: ["aws-use1", "gke-usc1"] },
                },
            ],
            dns: { provider: "route53", zone: { name: "fleet.example.com" }, routing: "failover" },
        };
        let caught: unknown;
        try {
            validateFleetConfig(raw, "stacks/Pulumi.x.yaml");
        } catch (error) {
            caught = error;
        }
        assert.ok(caught instanceof FleetConfigError, `expected a FleetConfigError, got ${String(caught)}`);
        assert.equal(caught.configPath, "fedfleet:dns.failover.primary");
        assert.equal(
            caught.message,
            `stacks/Pulumi.x.yaml: fedfleet:dns.failover.primary: expected a primary cluster for service "web" (one of aws-use1, gke-usc1), found none`,
        );
    });

    it("accepts the same stack with a failover pair", () => {
        const raw = {
            federation: { name: "acme", domain: "dev.fleet.example.com", environment: "dev" },
            clusters: [
                {
                    name: "aws-use1",
                    cloud: "aws",
                    region: "us-east-1",
                    adminPrincipalArns: ["arn:aws:iam::123456789012:role/platform-admin"],
                    publicAccessCidrs: ["198.51.100.0/24"],
                    nodePools: [{ name: "general" }],
                },
                {
                    name: "gke-usc1",
                    cloud: "gcp",
                    region: "us-central1",
                    project: "acme-fleet-dev",
                    nodePools: [{ name: "general" }],
                },
            ],
            services: [
                {
                    name: "web",
                    replicas: 4,
                    containers: [{ name: "web", image: "nginx:1.27" }],
                    ports: [{ name: "http", port: 80 }],
                    placement: { clusters: ["aws-use1", "gke-usc1"] },
                },
            ],
            dns: {
                provider: "route53",
                zone: { name: "fleet.example.com" },
                routing: "failover",
                failover: { primary: "gke-usc1", secondary: "aws-use1" },
            },
        };
        assert.equal(validateFleetConfig(raw, "stacks/Pulumi.x.yaml").dns!.routing, "failover");
    });
});

// --- describeRecords -----------------------------------------------------------------

describe("describeRecords", () => {
    it("summarizes every Route53 record", () => {
        const result = plan(route53({ routing: "failover", failover: { primary: "gke-usc1", secondary: "lab" } }), [
            gcp("gke-usc1", "us-central1", 4),
            existing("lab", "paris-lab", 1, PARIS),
        ]);
        assert.deepEqual(describeRecords(result), [
            {
                name: GLOBAL,
                type: "A",
                policy: "failover",
                detail: "PRIMARY",
                targets: ["cluster:gke-usc1"],
                healthChecked: true,
                ttl: 30,
            },
            {
                name: GLOBAL,
                type: "A",
                policy: "failover",
                detail: "SECONDARY",
                targets: ["cluster:lab"],
                healthChecked: true,
                ttl: 30,
            },
            {
                name: members("paris-lab"),
                type: "A",
                policy: "weighted",
                detail: "weight 1",
                targets: ["cluster:lab"],
                healthChecked: true,
                ttl: 30,
            },
            {
                name: region("paris-lab"),
                type: "CNAME",
                policy: "failover",
                detail: "PRIMARY",
                targets: [members("paris-lab")],
                healthChecked: true,
                ttl: 30,
            },
            {
                name: region("paris-lab"),
                type: "CNAME",
                policy: "failover",
                detail: "SECONDARY",
                targets: [GLOBAL],
                healthChecked: false,
                ttl: 30,
            },
            {
                name: members("us-central1"),
                type: "A",
                policy: "weighted",
                detail: "weight 4",
                targets: ["cluster:gke-usc1"],
                healthChecked: true,
                ttl: 30,
            },
            {
                name: region("us-central1"),
                type: "CNAME",
                policy: "failover",
                detail: "PRIMARY",
                targets: [members("us-central1")],
                healthChecked: true,
                ttl: 30,
            },
            {
                name: region("us-central1"),
                type: "CNAME",
                policy: "failover",
                detail: "SECONDARY",
                targets: [GLOBAL],
                healthChecked: false,
                ttl: 30,
            },
            ...(
                [
                    ["gke-usc1", "us-central1"],
                    ["lab", "paris-lab"],
                ] as const
            ).flatMap(([cluster, r]) => [
                {
                    name: `${cluster}.${members(r)}`,
                    type: "A",
                    policy: "simple",
                    targets: [`cluster:${cluster}`],
                    healthChecked: false,
                    ttl: 30,
                },
                {
                    name: local(cluster, r),
                    type: "CNAME",
                    policy: "failover",
                    detail: "PRIMARY",
                    targets: [`${cluster}.${members(r)}`],
                    healthChecked: true,
                    ttl: 30,
                },
                {
                    name: local(cluster, r),
                    type: "CNAME",
                    policy: "failover",
                    detail: "SECONDARY",
                    targets: [region(r)],
                    healthChecked: false,
                    ttl: 30,
                },
            ]),
        ]);
    });

    it("gives latency regions and geoproximity locations as detail", () => {
        const latency = describeRecords(plan(route53(), route53Fleet()))
            .filter((s) => s.name === GLOBAL)
            .map((s) => s.detail);
        assert.deepEqual(latency, ["us-east-1", "eu-west-1", "us-east-2", "eu-west-3"]);
        const geo = describeRecords(plan(route53({ routing: "geoproximity" }), route53Fleet()))
            .filter((s) => s.name === GLOBAL)
            .map((s) => s.detail);
        assert.deepEqual(geo, ["us-east-1", "eu-west-1", "41.26,-95.86", "48.86,2.35"]);
    });

    it("summarizes every Cloud DNS record set", () => {
        const result = plan(clouddns({ routing: "primaryBackup", failover: { primary: "gke-usc1" } }), ipFleet());
        assert.deepEqual(describeRecords(result), [
            {
                name: GLOBAL,
                type: "A",
                policy: "primaryBackup",
                detail: "primary gke-usc1; backups europe-west1: gke-euw1+lab",
                targets: ["cluster:gke-usc1", "cluster:gke-euw1", "cluster:lab"],
                healthChecked: true,
                ttl: 30,
            },
            {
                name: region("be-lab"),
                type: "A",
                policy: "primaryBackup",
                detail: "primary lab; backups europe-west1: gke-euw1, us-central1: gke-usc1",
                targets: ["cluster:lab", "cluster:gke-euw1", "cluster:gke-usc1"],
                healthChecked: true,
                ttl: 30,
            },
            {
                name: region("europe-west1"),
                type: "A",
                policy: "primaryBackup",
                detail: "primary gke-euw1; backups europe-west1: lab, us-central1: gke-usc1",
                targets: ["cluster:gke-euw1", "cluster:lab", "cluster:gke-usc1"],
                healthChecked: true,
                ttl: 30,
            },
            {
                name: region("us-central1"),
                type: "A",
                policy: "primaryBackup",
                detail: "primary gke-usc1; backups europe-west1: gke-euw1+lab",
                targets: ["cluster:gke-usc1", "cluster:gke-euw1", "cluster:lab"],
                healthChecked: true,
                ttl: 30,
            },
            {
                name: local("gke-usc1", "us-central1"),
                type: "A",
                policy: "primaryBackup",
                detail: "primary gke-usc1; backups europe-west1: gke-euw1+lab",
                targets: ["cluster:gke-usc1", "cluster:gke-euw1", "cluster:lab"],
                healthChecked: true,
                ttl: 30,
            },
            {
                name: local("gke-euw1", "europe-west1"),
                type: "A",
                policy: "primaryBackup",
                detail: "primary gke-euw1; backups europe-west1: lab, us-central1: gke-usc1",
                targets: ["cluster:gke-euw1", "cluster:lab", "cluster:gke-usc1"],
                healthChecked: true,
                ttl: 30,
            },
            {
                name: local("lab", "be-lab"),
                type: "A",
                policy: "primaryBackup",
                detail: "primary lab; backups europe-west1: gke-euw1, us-central1: gke-usc1",
                targets: ["cluster:lab", "cluster:gke-euw1", "cluster:gke-usc1"],
                healthChecked: true,
                ttl: 30,
            },
        ]);
    });

    it("summarizes Cloud DNS CNAME, wrr, geo and simple sets", () => {
        const fleet = [aws("aws-use1", "us-east-1", 3), gcp("gke-usc1", "us-central1", 4)];
        assert.deepEqual(describeRecords(plan(clouddns(), fleet)), [
            {
                name: `gke-usc1.${region("us-central1")}`,
                type: "A",
                policy: "simple",
                targets: ["cluster:gke-usc1"],
                healthChecked: false,
                ttl: 30,
            },
            {
                name: GLOBAL,
                type: "CNAME",
                policy: "wrr",
                detail: "aws-use1 3, gke-usc1 4",
                targets: ["cluster:aws-use1", "cluster:gke-usc1"],
                healthChecked: false,
                ttl: 30,
            },
            {
                name: region("us-central1"),
                type: "CNAME",
                policy: "simple",
                targets: ["cluster:gke-usc1"],
                healthChecked: false,
                ttl: 30,
            },
            {
                name: region("us-east-1"),
                type: "CNAME",
                policy: "simple",
                targets: ["cluster:aws-use1"],
                healthChecked: false,
                ttl: 30,
            },
            {
                name: local("aws-use1", "us-east-1"),
                type: "CNAME",
                policy: "simple",
                targets: [region("us-east-1")],
                healthChecked: false,
                ttl: 30,
            },
            {
                name: local("gke-usc1", "us-central1"),
                type: "CNAME",
                policy: "simple",
                targets: [region("us-central1")],
                healthChecked: false,
                ttl: 30,
            },
        ]);
        const geo = describeRecords(plan(clouddns({ routing: "geo" }), fleet)).find((s) => s.name === GLOBAL)!;
        assert.equal(geo.detail, "us-central1: gke-usc1, us-east4: aws-use1");
    });
});

describe("dnsWeight", () => {
    it("keeps shares that fit and scales larger ones in proportion, never below 1", () => {
        assert.equal(dnsWeight(7, 12, 255), 7);
        assert.equal(dnsWeight(300, 300, 255), 255);
        assert.equal(dnsWeight(1, 1000, 255), 1);
        assert.equal(dnsWeight(500, 2000, 1000), 250);
    });
});

describe("services DNS cannot serve", () => {
    it("skips internal services, whose private load balancers a public zone should not publish", () => {
        const result = plan(
            route53({ routing: "weighted" }),
            route53Fleet(),
            service(undefined, { exposure: "internal" }),
        );
        assert.equal(result.skipped, INTERNAL_SKIP_REASON);
        assert.deepEqual(result.route53, { records: [], regionChecks: [] });
        assert.deepEqual(result.endpoints, []);
        assert.equal(result.failoverSeconds, null);
    });

    it("rejects a non-AWS hostname load balancer on Route53, which only a CNAME could reach", () => {
        const foreign: DnsEndpoint = {
            cluster: "lab",
            cloud: "existing",
            region: "lab",
            kind: "hostname",
            replicas: 2,
            coordinates: PARIS,
        };
        assert.throws(
            () => plan(route53({ routing: "weighted" }), [aws("aws-use1", "us-east-1", 3), foreign]),
            (error: Error) =>
                error instanceof FleetConfigError &&
                error.path.join(".") === "services.0.placement" &&
                error.found === 'cluster "lab" whose load balancers have hostnames' &&
                error.expected.includes('service "web"'),
        );
    });
});
