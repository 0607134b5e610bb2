// What DNS a federated service gets: its names, the routing, health checks and records,
// decided from config alone. Pure; the Route53 and Cloud DNS components only wire it.
// Records reference endpoints by cluster; the load-balancer addresses arrive at wiring time.
import type { DnsConfig, HealthCheckConfig, ServiceConfig } from "../config/schema";
import { FleetConfigError } from "../core/config-error";
import { byKey } from "../core/order";
import { estimateFailoverSeconds, estimateLocalFailoverSeconds } from "./failover";
import { drainWaitSeconds } from "./drain";
import { CLOUDDNS_POLICIES, ROUTE53_POLICIES, TTL_RANGE } from "../config/schema";
import type { Cloud, LoadBalancerAddressKind } from "../clusters/facts";
import { LatLon, nearestRegion, regionInfo } from "../regions/catalog";
import {
    clusterEndpointName,
    clusterMemberName,
    dnsNameProblem,
    globalName,
    isWithinZone,
    localName,
    regionMembersName,
    regionName,
    ServiceNameParts,
} from "./names";

/** A cluster where the service runs (share above 0), as DNS sees it. */
export interface DnsEndpoint {
    cluster: string;
    cloud: Cloud;
    region: string;
    kind: LoadBalancerAddressKind;
    replicas: number;
    /** Known for AWS and Google Cloud regions; declared in config for existing clusters. */
    coordinates?: LatLon;
}

/** What a service gets when neither it nor `fedfleet:dns` sets a DNS setting. */
export const DNS_DEFAULTS = {
    ttl: 30,
    routing: { route53: "latency", clouddns: "wrr" },
    // Cloud DNS checks external endpoints from source regions, which needs at least 30 s.
    intervalSeconds: { route53: 10, clouddns: 30 },
    failureThreshold: 3,
} as const;

/** The shortest interval a Google health check with source regions takes. */
export const CLOUDDNS_MIN_INTERVAL = 30;

/**
 * How long a Google health check waits for an answer: the Compute API's default of 5 s
 * (@pulumi/gcp compute/healthCheck.d.ts, timeoutSec), which must not exceed the interval.
 */
export const CLOUDDNS_PROBE_TIMEOUT = 5;

/** Regions Google's DNS health checks probe from; three are required. */
export const CLOUDDNS_HEALTH_CHECK_SOURCES = ["us-east4", "europe-west1", "asia-southeast1"] as const;

/** The health check of a service's endpoints, with every default resolved. */
export interface HealthCheckPlan {
    protocol: "HTTP" | "HTTPS" | "TCP";
    port: number;
    /** Absent for TCP. */
    path?: string;
    intervalSeconds: number;
    failureThreshold: number;
    /** Cloud DNS: how long a probe waits for an answer. */
    timeoutSeconds?: number;
}

/** How one Route53 record is routed among the records that share its name. */
export type Route53Routing =
    | { policy: "latency"; region: string }
    | { policy: "weighted"; weight: number }
    | { policy: "geoproximity"; awsRegion?: string; coordinates?: { latitude: string; longitude: string } }
    | { policy: "failover"; role: "PRIMARY" | "SECONDARY" }
    /** The only record of its name and type: no set identifier, no routing. */
    | { policy: "simple" };

/** One Route53 record of a service: a global, region-member, region, cluster-member or local-first record. */
export interface Route53RecordPlan {
    /** Suffix of the resource's name: unique within the service. */
    key: string;
    name: string;
    type: "A" | "CNAME";
    /** Set for routed records only (Route53 requires it exactly then). */
    setIdentifier?: string;
    routing: Route53Routing;
    /** A cluster's load balancer (alias for hostnames, A for IPs), or another name (CNAME). */
    target: { cluster: string } | { name: string };
    /** The endpoint health check of a cluster, or the calculated check of a region. */
    healthCheck?: { cluster: string } | { region: string };
}

/** One weighted or geo item of a Cloud DNS routing policy: the clusters it answers with. */
export interface CloudDnsItem {
    /** WRR weight, or geo location (a Google Cloud region). */
    weight?: number;
    location?: string;
    clusters: string[];
}

/** One Cloud DNS record set of a service: a global, region, local-first or (for CNAME targets) cluster name. */
export interface CloudDnsRecordSetPlan {
    key: string;
    name: string;
    type: "A" | "CNAME";
    routing:
        | { policy: "wrr" | "geo"; items: CloudDnsItem[] }
        | { policy: "primaryBackup"; primary: string[]; backups: CloudDnsItem[] }
        | { policy: "none"; clusters: string[] }
        /** A CNAME to another of the service's names. */
        | { policy: "cname"; name: string };
    /** Whether Cloud DNS health-checks the targets (only possible for IP targets). */
    healthChecked: boolean;
}

/** A Route53 routing policy a service may use. */
export type Route53Policy = (typeof ROUTE53_POLICIES)[number];
/** A Cloud DNS routing policy a service may use. */
export type CloudDnsPolicy = (typeof CLOUDDNS_POLICIES)[number];

/** A service's Route53 records, and the calculated health check of each region's members. */
export interface Route53Records {
    records: Route53RecordPlan[];
    regionChecks: { region: string; clusters: string[] }[];
}

/** A service's Cloud DNS record sets. */
export interface CloudDnsRecords {
    recordSets: CloudDnsRecordSetPlan[];
}

/** What DNS decides for a service whatever the provider: its names, settings and endpoints. */
interface ServiceDnsCommon {
    ttl: number;
    healthCheck: HealthCheckPlan;
    /**
     * An upper estimate of the time from an endpoint failing to resolvers no longer handing
     * it out (estimateFailoverSeconds); null where the global records cannot be
     * health-checked (Cloud DNS CNAMEs).
     */
    failoverSeconds: number | null;
    global: string;
    /** Region name per region the service runs in (draining clusters' regions too: their names stay). */
    regions: Record<string, string>;
    /** Local-first name per cluster that has one (every cluster with records; none when skipped). */
    local: Record<string, string>;
    /**
     * Per local-first name, the estimate of failoverSeconds for a pod of that cluster: from its
     * own endpoint failing to the local name no longer answering with it; null where the
     * local name cannot be health-checked.
     */
    localFailoverSeconds: Record<string, number | null>;
    /** The clusters that answer for the service: where it runs, draining ones left out. */
    endpoints: DnsEndpoint[];
    /** Why the service gets no records, when it gets none on purpose. */
    skipped?: string;
    /**
     * How long a removal waits after a cluster's records are gone before its Service is deleted
     * (drainWaitSeconds); absent when the service has no records.
     */
    drainSeconds?: number;
    /** Draining clusters the service runs on, in none of its records; absent when there are none. */
    draining?: string[];
    /** What draining changes in the service's routing, a sentence each; absent when nothing. */
    notes?: string[];
}

/** A service's DNS on Route53: its routing is a Route53 policy, and it has Route53 records. */
export interface Route53ServiceDnsPlan extends ServiceDnsCommon {
    provider: "route53";
    routing: Route53Policy;
    route53: Route53Records;
}

/** A service's DNS on Cloud DNS: its routing is a Cloud DNS policy, and it has record sets. */
export interface CloudDnsServiceDnsPlan extends ServiceDnsCommon {
    provider: "clouddns";
    routing: CloudDnsPolicy;
    clouddns: CloudDnsRecords;
}

/**
 * Everything DNS decided for one service, keyed on the provider: the records of the one
 * provider the stack uses (none when the service is skipped or runs nowhere).
 */
export type ServiceDnsPlan = Route53ServiceDnsPlan | CloudDnsServiceDnsPlan;

/** The `skipped` reason of an `exposure: internal` service, which gets no DNS records. */
export const INTERNAL_SKIP_REASON =
    "exposure is internal: its load balancers have private addresses, which a public zone should not publish and DNS health checkers cannot reach";

/** What planServiceDns decides from: the service, the stack's DNS settings and where the service runs. */
export interface ServiceDnsInput {
    service: ServiceConfig;
    /** Index of the service in fedfleet:services, for error paths. */
    serviceIndex: number;
    federation: string;
    domain: string;
    dns: DnsConfig;
    /** The clusters that answer for the service (not draining). */
    endpoints: DnsEndpoint[];
    /** Draining clusters the service runs on: they keep its workloads and leave its records. */
    draining?: DnsEndpoint[];
}

/** The effective value of one setting and the config path it came from. */
function pick<T>(
    input: ServiceDnsInput,
    key: "ttl" | "routing",
    fallback: T,
): { value: T | number | string; path: (string | number)[] } {
    const own = input.service.dns?.[key];
    if (own !== undefined) return { value: own, path: ["services", input.serviceIndex, "dns", key] };
    const shared = input.dns[key];
    if (shared !== undefined) return { value: shared, path: ["dns", key] };
    return { value: fallback, path: ["dns", key] };
}

/**
 * The limits of the shared and per-service DNS settings, as the expectation a value misses
 * (undefined when it is fine). The validator checks shared settings no service uses with them.
 */
export const dnsSettingProblem = {
    routing(provider: DnsConfig["provider"], routing: unknown): string | undefined {
        const allowed: readonly string[] = provider === "route53" ? ROUTE53_POLICIES : CLOUDDNS_POLICIES;
        return allowed.includes(String(routing)) ? undefined : `a ${provider} routing policy (${allowed.join(", ")})`;
    },
    ttl(ttl: number): string | undefined {
        return Number.isInteger(ttl) && ttl >= TTL_RANGE.min && ttl <= TTL_RANGE.max
            ? undefined
            : `a TTL from ${TTL_RANGE.min} to ${TTL_RANGE.max} seconds`;
    },
    intervalSeconds(provider: DnsConfig["provider"], interval: number): string | undefined {
        if (provider === "route53") {
            // terraform-provider-aws route53/health_check.go: request_interval IntInSlice(10, 30).
            return interval === 10 || interval === 30 ? undefined : "10 or 30 (Route53's health-check intervals)";
        }
        // @pulumi/gcp compute/healthCheck.d.ts (sourceRegions): with source regions,
        // "The checkIntervalSec field must be at least 30"; the Compute API refuses less.
        return Number.isInteger(interval) && interval >= CLOUDDNS_MIN_INTERVAL && interval <= 300
            ? undefined
            : `a whole number of seconds from ${CLOUDDNS_MIN_INTERVAL} to 300 (Cloud DNS health checks probe from source regions, which need at least ${CLOUDDNS_MIN_INTERVAL})`;
    },
    failureThreshold(threshold: number): string | undefined {
        return Number.isInteger(threshold) && threshold >= 1 && threshold <= 10
            ? undefined
            : "a whole number from 1 to 10";
    },
};

function healthCheckPlan(input: ServiceDnsInput): HealthCheckPlan {
    const own: HealthCheckConfig = input.service.dns?.healthCheck ?? {};
    const shared: HealthCheckConfig = input.dns.healthCheck ?? {};
    const where = (key: keyof HealthCheckConfig) =>
        own[key] !== undefined
            ? ["services", input.serviceIndex, "dns", "healthCheck", key]
            : ["dns", "healthCheck", key];
    const readiness = input.service.containers[0].readinessProbe?.httpGet;
    const protocol =
        own.protocol ?? shared.protocol ?? (readiness ? (readiness.scheme === "HTTPS" ? "HTTPS" : "HTTP") : "TCP");
    const interval = own.intervalSeconds ?? shared.intervalSeconds ?? DNS_DEFAULTS.intervalSeconds[input.dns.provider];
    const threshold = own.failureThreshold ?? shared.failureThreshold ?? DNS_DEFAULTS.failureThreshold;
    const who = `service "${input.service.name}"`;
    const intervalProblem = dnsSettingProblem.intervalSeconds(input.dns.provider, interval);
    if (intervalProblem)
        throw new FleetConfigError(where("intervalSeconds"), `${intervalProblem} for ${who}`, String(interval));
    const thresholdProblem = dnsSettingProblem.failureThreshold(threshold);
    if (thresholdProblem)
        throw new FleetConfigError(where("failureThreshold"), `${thresholdProblem} for ${who}`, String(threshold));
    const port = own.port ?? shared.port ?? input.service.ports[0].port;
    // The checker reaches the load balancer, which listens only on the Service's ports: any
    // other port never answers and every endpoint would look down.
    const exposed = input.service.ports.map((p) => p.port);
    if (!exposed.includes(port))
        throw new FleetConfigError(
            where("port"),
            `a port ${who}'s Service exposes (${exposed.join(", ")})`,
            String(port),
        );
    const plan: HealthCheckPlan = {
        protocol,
        port,
        intervalSeconds: interval,
        failureThreshold: threshold,
        ...(input.dns.provider === "clouddns" ? { timeoutSeconds: CLOUDDNS_PROBE_TIMEOUT } : {}),
    };
    if (protocol !== "TCP") plan.path = own.path ?? shared.path ?? readiness?.path ?? "/";
    return plan;
}

/** The largest weight each provider accepts. */
export const MAX_WEIGHT = { route53: 255, clouddns: 1000 } as const;

/**
 * Replica shares as DNS weights: the shares themselves while they fit the provider's
 * range, else scaled down in proportion (never below 1, so no running cluster is starved).
 */
export function dnsWeight(replicas: number, largestShare: number, max: number): number {
    if (largestShare <= max) return replicas;
    return Math.max(1, Math.round((replicas * max) / largestShare));
}

/** The AWS region a cluster's latency record names: its own on AWS, else the nearest one. */
export function latencyRegion(endpoint: DnsEndpoint): string | undefined {
    if (endpoint.cloud === "aws") return endpoint.region;
    return endpoint.coordinates ? nearestRegion("aws", endpoint.coordinates) : undefined;
}

/** The Google Cloud region a cluster's geo item names: its own on Google Cloud, else the nearest one. */
export function geoLocation(endpoint: DnsEndpoint): string | undefined {
    if (endpoint.cloud === "gcp") return endpoint.region;
    return endpoint.coordinates ? nearestRegion("gcp", endpoint.coordinates) : undefined;
}

/** Coordinates of a cluster's region from the catalog, or as declared for existing clusters. */
export function endpointCoordinates(cloud: Cloud, region: string, declared?: LatLon): LatLon | undefined {
    if (cloud === "existing") return declared;
    const info = regionInfo(cloud, region);
    return info ? { latitude: info.latitude, longitude: info.longitude } : undefined;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
    const groups = new Map<string, T[]>();
    for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
    return new Map([...groups.entries()].sort(byKey(([key]) => key)));
}

/**
 * The failover pair a service's routing reads. A draining secondary leaves the pair (a note says
 * the service has no fallback while it drains); a draining primary is refused: its records would
 * go at once, and Route 53 documents failover for a PRIMARY and a SECONDARY record together
 * (Route 53 API, ResourceRecordSet.Failover), Cloud DNS requires a primary (primary_backup.primary:
 * Required, terraform-provider-google resource_dns_record_set.go).
 */
function failoverPair(
    input: ServiceDnsInput,
    needSecondary: boolean,
): { primary: string; secondary?: string; drainingSecondary?: string } {
    const who = `service "${input.service.name}"`;
    const own = input.service.dns?.failover;
    const config = own ?? input.dns.failover;
    const base = own ? ["services", input.serviceIndex, "dns", "failover"] : ["dns", "failover"];
    const running = input.endpoints.map((e) => e.cluster);
    const draining = (input.draining ?? []).map((e) => e.cluster);
    const check = (role: "primary" | "secondary", value: string | undefined) => {
        if (value === undefined)
            throw new FleetConfigError(
                [...base, role],
                `a ${role} cluster for ${who} (one of ${running.join(", ")})`,
                "none",
            );
        if (role === "primary" && draining.includes(value))
            throw new FleetConfigError(
                [...base, role],
                `a primary that is not draining for ${who} (name another primary from ${running.join(", ")} and apply that first, then drain ${value})`,
                `"${value}", which is draining`,
            );
        if (!running.includes(value) && !draining.includes(value))
            throw new FleetConfigError(
                [...base, role],
                `a cluster ${who} runs in (${running.join(", ")})`,
                `"${value}"`,
            );
    };
    check("primary", config?.primary);
    if (!needSecondary) return { primary: config!.primary! };
    check("secondary", config?.secondary);
    if (config!.secondary === config!.primary)
        throw new FleetConfigError(
            [...base, "secondary"],
            `a cluster other than the primary for ${who}`,
            `"${config!.secondary}"`,
        );
    return draining.includes(config!.secondary!)
        ? { primary: config!.primary!, drainingSecondary: config!.secondary! }
        : { primary: config!.primary!, secondary: config!.secondary! };
}

/** The regions where a service runs only on draining clusters: their names stay, answered by the rest. */
function drainingOnlyRegions(input: ServiceDnsInput): string[] {
    const serving = new Set(input.endpoints.map((e) => e.region));
    return [...new Set((input.draining ?? []).map((e) => e.region))].filter((r) => !serving.has(r)).sort();
}

function largestShare(endpoints: readonly DnsEndpoint[]): number {
    return Math.max(0, ...endpoints.map((e) => e.replicas));
}

function route53Plan(
    input: ServiceDnsInput,
    routing: Route53Policy,
    routingPath: (string | number)[],
    parts: ServiceNameParts,
    notes: string[],
): Route53Records {
    const who = `service "${input.service.name}"`;
    // Route53 aliases reach AWS load balancers only; another hostname would need a CNAME,
    // which cannot share a name with the other clusters' records.
    const foreignHost = input.endpoints.find((e) => e.kind === "hostname" && e.cloud !== "aws");
    if (foreignHost) {
        throw new FleetConfigError(
            ["services", input.serviceIndex, "placement"],
            `clusters whose load balancers Route53 can answer with (AWS hostnames by alias, or IPs) for ${who}`,
            `cluster "${foreignHost.cluster}" whose load balancers have hostnames`,
        );
    }
    const weight = (endpoint: DnsEndpoint) =>
        dnsWeight(endpoint.replicas, largestShare(input.endpoints), MAX_WEIGHT.route53);
    const global = globalName(parts);
    const records: Route53RecordPlan[] = [];
    const endpointRecord = (
        endpoint: DnsEndpoint,
        extra: Omit<Route53RecordPlan, "type" | "target" | "healthCheck">,
    ): Route53RecordPlan => ({
        ...extra,
        type: "A",
        target: { cluster: endpoint.cluster },
        healthCheck: { cluster: endpoint.cluster },
    });

    let globalEndpoints = input.endpoints;
    let failover: { primary: string; secondary?: string; drainingSecondary?: string } | undefined;
    if (routing === "failover") {
        failover = failoverPair(input, true);
        globalEndpoints = input.endpoints.filter(
            (e) => e.cluster === failover!.primary || e.cluster === failover!.secondary,
        );
        if (failover.drainingSecondary)
            notes.push(
                `failover secondary ${failover.drainingSecondary} is draining: the global name keeps only its PRIMARY record (${failover.primary}), so while it drains nothing takes over if ${failover.primary} fails; name another secondary to keep one`,
            );
    }
    const latencyOwners = new Map<string, string>();
    for (const endpoint of globalEndpoints) {
        let policy: Route53Routing;
        switch (routing) {
            case "latency": {
                const region = latencyRegion(endpoint);
                if (!region) {
                    throw new FleetConfigError(
                        routingPath,
                        `latency routing only from regions mapped to an AWS region for ${who}; give cluster "${endpoint.cluster}" coordinates`,
                        `region "${endpoint.region}" with no mapping`,
                    );
                }
                const owner = latencyOwners.get(region);
                if (owner) {
                    throw new FleetConfigError(
                        routingPath,
                        `one cluster per AWS latency region for ${who} (or weighted or geoproximity routing)`,
                        `clusters "${owner}" and "${endpoint.cluster}" both in ${region}`,
                    );
                }
                latencyOwners.set(region, endpoint.cluster);
                policy = { policy: "latency", region };
                break;
            }
            case "weighted":
                policy = { policy: "weighted", weight: weight(endpoint) };
                break;
            case "geoproximity": {
                if (endpoint.cloud === "aws") {
                    policy = { policy: "geoproximity", awsRegion: endpoint.region };
                    break;
                }
                if (!endpoint.coordinates) {
                    throw new FleetConfigError(
                        routingPath,
                        `coordinates for every cluster of ${who} under geoproximity routing`,
                        `cluster "${endpoint.cluster}" without them`,
                    );
                }
                policy = {
                    policy: "geoproximity",
                    coordinates: {
                        latitude: endpoint.coordinates.latitude.toFixed(2),
                        longitude: endpoint.coordinates.longitude.toFixed(2),
                    },
                };
                break;
            }
            case "failover":
                policy = { policy: "failover", role: endpoint.cluster === failover!.primary ? "PRIMARY" : "SECONDARY" };
        }
        records.push(
            endpointRecord(endpoint, {
                key: `global-${endpoint.cluster}`,
                name: global,
                setIdentifier: endpoint.cluster,
                routing: policy,
            }),
        );
    }

    // Region names: PRIMARY is the region's own endpoints while any is healthy (a calculated
    // health check over theirs); SECONDARY falls back to the global name. CNAMEs, so neither
    // record waits on another cluster's records to exist.
    const regionChecks: { region: string; clusters: string[] }[] = [];
    for (const [region, members] of groupBy(input.endpoints, (e) => e.region)) {
        const name = regionName(parts, region);
        const membersName = regionMembersName(parts, region);
        for (const member of members) {
            records.push(
                endpointRecord(member, {
                    key: `members-${member.cluster}`,
                    name: membersName,
                    setIdentifier: member.cluster,
                    routing: { policy: "weighted", weight: weight(member) },
                }),
            );
        }
        regionChecks.push({ region, clusters: members.map((m) => m.cluster) });
        records.push({
            key: `region-${region}-primary`,
            name,
            type: "CNAME",
            setIdentifier: `${region}-primary`,
            routing: { policy: "failover", role: "PRIMARY" },
            target: { name: membersName },
            healthCheck: { region },
        });
        records.push({
            key: `region-${region}-secondary`,
            name,
            type: "CNAME",
            setIdentifier: `${region}-secondary`,
            routing: { policy: "failover", role: "SECONDARY" },
            target: { name: global },
        });
    }
    // A region whose clusters are all draining keeps its name: both its records answer with the
    // global name (the same set identifiers, so they change in place), which the rest serve. The
    // PRIMARY keeps a calculated check, now over every answering cluster.
    for (const region of drainingOnlyRegions(input)) {
        const name = regionName(parts, region);
        regionChecks.push({ region, clusters: input.endpoints.map((e) => e.cluster) });
        for (const role of ["PRIMARY", "SECONDARY"] as const)
            records.push({
                key: `region-${region}-${role.toLowerCase()}`,
                name,
                type: "CNAME",
                setIdentifier: `${region}-${role.toLowerCase()}`,
                routing: { policy: "failover", role },
                target: { name: global },
                ...(role === "PRIMARY" ? { healthCheck: { region } } : {}),
            });
        notes.push(
            `${region} runs ${input.service.name} only on draining clusters: its region name answers with the global name`,
        );
    }
    records.push(...route53LocalRecords(input.endpoints, parts));
    return { records, regionChecks };
}

/**
 * Local first on Route53, per running cluster: its local-first name is a failover pair,
 * PRIMARY this cluster's own endpoint under the health check that endpoint already has,
 * SECONDARY its region name (which falls back to the global name). Both are CNAMEs: the two
 * records of a failover pair share one type (Route 53 Developer Guide, "Values specific for
 * failover alias records": the same record type for primary and secondary; an alias to another
 * record of the zone takes that record's type), and the region name is a CNAME, which no other
 * type may sit beside (RFC 1034 3.6.2). So the PRIMARY points at a name that holds only this
 * cluster's endpoint (alias or A, like every other endpoint record). The SECONDARY has no health
 * check: Route53 then answers with it whenever the PRIMARY is unhealthy (Route 53 API,
 * ResourceRecordSet.Failover). Every record is this cluster's own, so a cluster's records never
 * wait on another's, and a cluster leaving DNS takes its records with it.
 */
function route53LocalRecords(endpoints: readonly DnsEndpoint[], parts: ServiceNameParts): Route53RecordPlan[] {
    return endpoints.flatMap((endpoint): Route53RecordPlan[] => {
        const { cluster, region } = endpoint;
        const name = localName(parts, cluster, region);
        const member = clusterMemberName(parts, cluster, region);
        return [
            {
                key: `member-${cluster}`,
                name: member,
                type: "A",
                routing: { policy: "simple" },
                target: { cluster },
            },
            {
                key: `local-${cluster}-primary`,
                name,
                type: "CNAME",
                setIdentifier: `${cluster}-primary`,
                routing: { policy: "failover", role: "PRIMARY" },
                target: { name: member },
                healthCheck: { cluster },
            },
            {
                key: `local-${cluster}-secondary`,
                name,
                type: "CNAME",
                setIdentifier: `${cluster}-secondary`,
                routing: { policy: "failover", role: "SECONDARY" },
                target: { name: regionName(parts, region) },
            },
        ];
    });
}

function clouddnsPlan(
    input: ServiceDnsInput,
    routing: CloudDnsPolicy,
    routingPath: (string | number)[],
    parts: ServiceNameParts,
    notes: string[],
): CloudDnsRecords {
    const who = `service "${input.service.name}"`;
    const weight = (endpoint: DnsEndpoint) =>
        dnsWeight(endpoint.replicas, largestShare(input.endpoints), MAX_WEIGHT.clouddns);
    // Draining clusters count here: draining must not flip a set's type or health check, which
    // would replace it delete-first (routing_policy.health_check forces a new set).
    const draining = input.draining ?? [];
    const kinds = new Set([...input.endpoints, ...draining].map((e) => e.kind));
    // Cloud DNS health-checks only IP targets of A records, and fedfleet never resolves a
    // hostname to IPs; a service with any hostname endpoint gets CNAMEs, unchecked.
    const type: "A" | "CNAME" = kinds.has("hostname") ? "CNAME" : "A";
    const healthChecked = type === "A";
    const recordSets: CloudDnsRecordSetPlan[] = [];
    if (type === "CNAME") {
        for (const endpoint of input.endpoints.filter((e) => e.kind === "ip")) {
            recordSets.push({
                key: `cluster-${endpoint.cluster}`,
                name: clusterEndpointName(parts, endpoint.cluster, endpoint.region),
                type: "A",
                routing: { policy: "none", clusters: [endpoint.cluster] },
                healthChecked: false,
            });
        }
    }
    const location = (endpoint: DnsEndpoint) => {
        const found = geoLocation(endpoint);
        if (!found)
            throw new FleetConfigError(
                routingPath,
                `geo routing only from regions mapped to a Google Cloud region for ${who}; give cluster "${endpoint.cluster}" coordinates`,
                `region "${endpoint.region}" with no mapping`,
            );
        return found;
    };
    const geoItems = (endpoints: readonly DnsEndpoint[], itemType: "A" | "CNAME" = type): CloudDnsItem[] => {
        const items = [...groupBy(endpoints, location).entries()].map(([loc, group]) => ({
            location: loc,
            clusters: group.map((e) => e.cluster),
        }));
        if (itemType === "CNAME") {
            const crowded = items.find((item) => item.clusters.length > 1);
            if (crowded)
                throw new FleetConfigError(
                    routingPath,
                    `one cluster per geo location for ${who} when CNAMEs are used (a CNAME has one target)`,
                    `clusters ${crowded.clusters.join(", ")} in ${crowded.location}`,
                );
        }
        return items;
    };
    let global: CloudDnsRecordSetPlan["routing"];
    switch (routing) {
        case "wrr":
            global = {
                policy: "wrr",
                items: input.endpoints.map((e) => ({ weight: weight(e), clusters: [e.cluster] })),
            };
            break;
        case "geo":
            global = { policy: "geo", items: geoItems(input.endpoints) };
            break;
        case "primaryBackup": {
            if (!healthChecked)
                throw new FleetConfigError(
                    routingPath,
                    `wrr or geo for ${who}: primaryBackup needs health-checked IP targets, and a cluster here has a hostname`,
                    `"${routing}"`,
                );
            const { primary } = failoverPair(input, false);
            const backups = input.endpoints.filter((e) => e.cluster !== primary);
            if (backups.length === 0 && (input.draining ?? []).length > 0) {
                // Its only backups drain: the primary answers alone, still health-checked (the
                // check, the set's replace-forcing field, stays), as a one-item wrr.
                global = { policy: "wrr", items: [{ weight: 1, clusters: [primary] }] };
                notes.push(
                    `every backup of primary ${primary} is draining: the global name answers with ${primary} alone, so nothing takes over if it fails`,
                );
            } else if (backups.length === 0) {
                // terraform-provider-google resource_dns_record_set.go: primary_backup.backup_geo is
                // Required; with no other running cluster there is nothing to fail over to.
                throw new FleetConfigError(
                    routingPath,
                    `wrr or geo for ${who}, or a placement on a second cluster: primaryBackup needs a backup besides the primary (Cloud DNS requires backupGeos)`,
                    `"${routing}" with ${primary} the only cluster it runs in`,
                );
            } else {
                global = { policy: "primaryBackup", primary: [primary], backups: geoItems(backups) };
            }
        }
    }
    recordSets.push({ key: "global", name: globalName(parts), type, routing: global, healthChecked });
    for (const [region, members] of groupBy(input.endpoints, (e) => e.region)) {
        const others = input.endpoints.filter((e) => e.region !== region);
        // The other regions' clusters are all draining: the set keeps its health check.
        const othersDrain = draining.some((e) => e.region !== region);
        const byWeight = (): CloudDnsRecordSetPlan["routing"] => ({
            policy: "wrr",
            items: members.map((m) => ({ weight: weight(m), clusters: [m.cluster] })),
        });
        // Federation v1's fallback: the region's endpoints while any is healthy, else the
        // rest of the fleet, nearest first (Cloud DNS answers backups by geo).
        const routingPolicy: CloudDnsRecordSetPlan["routing"] =
            (healthChecked ? fallbackPrimaryBackup(members, others, geoItems) : undefined) ??
            ((type === "CNAME" && members.length > 1) || (healthChecked && othersDrain)
                ? byWeight()
                : { policy: "none", clusters: members.map((m) => m.cluster) });
        recordSets.push({
            key: `region-${region}`,
            name: regionName(parts, region),
            type,
            routing: routingPolicy,
            healthChecked: healthChecked && routingPolicy.policy !== "none",
        });
    }
    // A region whose clusters are all draining keeps its name, answered by the rest of the fleet:
    // nearest first where the targets are health-checked IPs.
    for (const region of drainingOnlyRegions(input)) {
        const others = input.endpoints;
        // Health-checked as it was (a primaryBackup over its clusters), so it changes in place.
        const routingPolicy: CloudDnsRecordSetPlan["routing"] = healthChecked
            ? { policy: "geo", items: geoItems(others) }
            : others.length === 1
              ? { policy: "none", clusters: [others[0].cluster] }
              : { policy: "wrr", items: others.map((e) => ({ weight: weight(e), clusters: [e.cluster] })) };
        recordSets.push({
            key: `region-${region}`,
            name: regionName(parts, region),
            type,
            routing: routingPolicy,
            healthChecked: healthChecked && routingPolicy.policy !== "none",
        });
        notes.push(
            `${region} runs ${input.service.name} only on draining clusters: its region name answers with the rest of the fleet`,
        );
    }
    // Local first, per running cluster: this cluster's IP while it is healthy, else the rest of
    // the fleet's IP endpoints by geography (Cloud DNS health-checks only IP targets of A sets,
    // whatever type the service's other sets have). Where that cannot be (a hostname endpoint,
    // or no other IP endpoint to fall back to), the local name is a CNAME to the region name,
    // Federation v1's fallback when no local shard is healthy: no local preference, no
    // health-checked failover, but a name every cluster's pods can use.
    const ipEndpoints = input.endpoints.filter((e) => e.kind === "ip");
    // IP backups that only drain: the local set keeps its health check (and type) while they do,
    // answering with its own cluster alone, as the global set does; a flip would replace it delete-first.
    const drainingIps = draining.filter((e) => e.kind === "ip");
    for (const endpoint of input.endpoints) {
        const name = localName(parts, endpoint.cluster, endpoint.region);
        const checked =
            endpoint.kind === "ip"
                ? (fallbackPrimaryBackup(
                      [endpoint],
                      ipEndpoints.filter((e) => e.cluster !== endpoint.cluster),
                      (backups) => geoItems(backups, "A"),
                  ) ??
                  (drainingIps.length > 0
                      ? { policy: "wrr" as const, items: [{ weight: 1, clusters: [endpoint.cluster] }] }
                      : undefined))
                : undefined;
        recordSets.push(
            checked
                ? { key: `local-${endpoint.cluster}`, name, type: "A", routing: checked, healthChecked: true }
                : {
                      key: `local-${endpoint.cluster}`,
                      name,
                      type: "CNAME",
                      routing: { policy: "cname", name: regionName(parts, endpoint.region) },
                      healthChecked: false,
                  },
        );
    }
    return { recordSets };
}

/**
 * A Cloud DNS primaryBackup policy falling back from `primary` to `backups` by geography, or
 * undefined when there is no backup: `backup_geo` is required (terraform-provider-google
 * resource_dns_record_set.go, primary_backup.backup_geo Required), and a failover with nowhere
 * to go promises nothing. The one rule for names fedfleet adds on its own (region and
 * local-first names), which then fall back to a policy without health checks.
 */
export function fallbackPrimaryBackup(
    primary: readonly DnsEndpoint[],
    backups: readonly DnsEndpoint[],
    geoItems: (endpoints: readonly DnsEndpoint[]) => CloudDnsItem[],
): Extract<CloudDnsRecordSetPlan["routing"], { policy: "primaryBackup" }> | undefined {
    if (backups.length === 0) return undefined;
    return { policy: "primaryBackup", primary: primary.map((e) => e.cluster), backups: geoItems(backups) };
}

/** Whether a value is one of a provider's routing policies (narrows it to that provider's policy type). */
function isPolicyOf<P extends string>(allowed: readonly P[], value: unknown): value is P {
    return (allowed as readonly unknown[]).includes(value);
}

/** Whether a routing policy reads a failover pair (`failover.primary`, and `secondary` on Route53). */
export function usesFailoverPair(routing: Route53Policy | CloudDnsPolicy): boolean {
    return routing === "failover" || routing === "primaryBackup";
}

/** Decides a service's DNS. Throws FleetConfigError, located in config, for anything infeasible. */
export function planServiceDns(input: ServiceDnsInput): ServiceDnsPlan {
    const who = `service "${input.service.name}"`;
    const provider = input.dns.provider;
    // Settings that would be silently ignored are mistakes: an internal service has no records.
    if (input.service.exposure === "internal" && input.service.dns !== undefined)
        throw new FleetConfigError(
            ["services", input.serviceIndex, "dns"],
            `no dns block: ${who} is internal and gets no DNS records`,
            "a dns block",
        );
    const routing = pick(input, "routing", DNS_DEFAULTS.routing[provider]);
    const policy = routing.value;
    if (!isPolicyOf(provider === "route53" ? ROUTE53_POLICIES : CLOUDDNS_POLICIES, policy))
        throw new FleetConfigError(
            routing.path,
            `${dnsSettingProblem.routing(provider, policy)} for ${who}`,
            `"${routing.value}"`,
        );
    if (input.service.dns?.failover !== undefined && !usesFailoverPair(policy))
        throw new FleetConfigError(
            ["services", input.serviceIndex, "dns", "failover"],
            `no failover block: ${who} routes by ${routing.value}, and only failover or primaryBackup routing reads it`,
            "a failover block",
        );
    const ttl = pick(input, "ttl", DNS_DEFAULTS.ttl);
    const ttlProblem = dnsSettingProblem.ttl(Number(ttl.value));
    if (ttlProblem) throw new FleetConfigError(ttl.path, `${ttlProblem} for ${who}`, String(ttl.value));
    const healthCheck = healthCheckPlan(input);
    const parts: ServiceNameParts = {
        service: input.service.name,
        namespace: input.service.namespace,
        federation: input.federation,
        domain: input.domain,
    };
    const drainingEndpoints = input.draining ?? [];
    const regions = Object.fromEntries(
        [...new Set([...input.endpoints, ...drainingEndpoints].map((e) => e.region))]
            .sort()
            .map((region) => [region, regionName(parts, region)]),
    );
    const internal = input.service.exposure === "internal";
    // Every name this service's records could use; cluster names only exist for Cloud DNS IP
    // endpoints. Local-first names (and Route53's cluster member names) only for public
    // services, which alone get them.
    const clusterNames =
        provider === "clouddns"
            ? input.endpoints.filter((e) => e.kind === "ip").map((e) => clusterEndpointName(parts, e.cluster, e.region))
            : [];
    const localNames = internal
        ? []
        : input.endpoints.flatMap((e) => [
              localName(parts, e.cluster, e.region),
              ...(provider === "route53" ? [clusterMemberName(parts, e.cluster, e.region)] : []),
          ]);
    const names = [
        globalName(parts),
        ...Object.keys(regions).map((r) => regionMembersName(parts, r)),
        ...clusterNames,
        ...localNames,
    ];
    for (const name of names) {
        const problem = dnsNameProblem(name);
        if (problem)
            throw new FleetConfigError(
                ["services", input.serviceIndex, "name"],
                `names of ${who} that are legal DNS names`,
                `${name}: ${problem}`,
            );
    }
    // Taking the last answering cluster out of a public service's DNS would leave its names
    // answering nothing: it must run somewhere that is not draining first.
    if (!internal && input.endpoints.length === 0 && drainingEndpoints.length > 0)
        throw new FleetConfigError(
            ["services", input.serviceIndex, "placement"],
            `a cluster that is not draining for ${who} (its DNS names would answer nothing): place it elsewhere before draining ${drainingEndpoints.map((e) => e.cluster).join(", ")}`,
            `only draining clusters (${drainingEndpoints.map((e) => e.cluster).join(", ")})`,
        );
    // Records only for a public service that runs somewhere.
    const planned = !internal && input.endpoints.length > 0;
    const failoverInputs = {
        provider,
        protocol: healthCheck.protocol,
        intervalSeconds: healthCheck.intervalSeconds,
        failureThreshold: healthCheck.failureThreshold,
        timeoutSeconds: healthCheck.timeoutSeconds,
        ttl: Number(ttl.value),
    };
    const endpointKinds = input.endpoints.map((endpoint) => endpoint.kind);
    const notes: string[] = [];
    const common: Omit<ServiceDnsCommon, "localFailoverSeconds"> = {
        ttl: Number(ttl.value),
        healthCheck,
        failoverSeconds: internal ? null : estimateFailoverSeconds({ ...failoverInputs, endpointKinds }),
        global: globalName(parts),
        regions,
        local: planned
            ? Object.fromEntries(
                  [...input.endpoints]
                      .sort(byKey((e) => e.cluster))
                      .map((e) => [e.cluster, localName(parts, e.cluster, e.region)]),
              )
            : {},
        endpoints: internal ? [] : input.endpoints,
        ...(internal ? { skipped: INTERNAL_SKIP_REASON } : {}),
    };
    if (planned) common.drainSeconds = drainWaitSeconds({ ...failoverInputs, endpointKinds });
    // Said in the plan only where something drains: the stack outputs of other stacks stay as they were.
    const drainingFacts = () =>
        !internal && drainingEndpoints.length > 0
            ? {
                  draining: drainingEndpoints.map((e) => e.cluster).sort(),
                  ...(notes.length > 0 ? { notes } : {}),
              }
            : {};
    /** Each local name's estimate, for the clusters whose local name `checked` says is health-checked. */
    const localFailover = (checked: (cluster: string) => boolean): Record<string, number | null> =>
        Object.fromEntries(
            Object.keys(common.local).map((cluster) => {
                const kind = input.endpoints.find((e) => e.cluster === cluster)!.kind;
                return [cluster, checked(cluster) ? estimateLocalFailoverSeconds(failoverInputs, kind) : null];
            }),
        );
    if (provider === "route53" && isPolicyOf(ROUTE53_POLICIES, policy)) {
        const route53 = planned
            ? route53Plan(input, policy, routing.path, parts, notes)
            : { records: [], regionChecks: [] };
        return {
            ...common,
            ...drainingFacts(),
            // Every Route53 endpoint has a health check of its own.
            localFailoverSeconds: localFailover(() => true),
            provider,
            routing: policy,
            route53,
        };
    }
    if (provider !== "clouddns" || !isPolicyOf(CLOUDDNS_POLICIES, policy))
        throw new Error(`unreachable: ${provider} routing "${policy}" was checked above`);
    const clouddns = planned ? clouddnsPlan(input, policy, routing.path, parts, notes) : { recordSets: [] };
    // Cloud DNS CNAMEs cannot be health-checked: no failover time to promise.
    const unchecked = planned && !clouddns.recordSets.some((set) => set.key === "global" && set.healthChecked);
    const checkedNames = new Set(clouddns.recordSets.filter((set) => set.healthChecked).map((set) => set.name));
    return {
        ...common,
        ...drainingFacts(),
        ...(unchecked ? { failoverSeconds: null } : {}),
        localFailoverSeconds: localFailover((cluster) => checkedNames.has(common.local[cluster])),
        provider,
        routing: policy,
        clouddns,
    };
}

/**
 * Checks the stack-wide DNS settings that do not depend on any service: the zone (by id or
 * created, not both), the project (Cloud DNS only), and that the federation's domain lies
 * in the zone. Throws FleetConfigError.
 */
export function checkDnsSettings(domain: string, dns: DnsConfig): void {
    if (dns.zone.create && dns.zone.id) {
        throw new FleetConfigError(["dns", "zone", "id"], "either an existing zone's id or create: true", "both");
    }
    if (dns.provider === "clouddns" && !dns.project) {
        throw new FleetConfigError(["dns", "project"], "the Google Cloud project of the Cloud DNS zone", "nothing");
    }
    if (dns.zone.parent && !dns.zone.create) {
        throw new FleetConfigError(
            ["dns", "zone", "parent"],
            "a parent only for a zone fedfleet creates (create: true)",
            "a parent for an existing zone",
        );
    }
    if (dns.zone.parent?.project && dns.provider !== "clouddns") {
        throw new FleetConfigError(
            ["dns", "zone", "parent", "project"],
            "no project with route53 (it is for clouddns)",
            `"${dns.zone.parent.project}"`,
        );
    }
    if (dns.provider === "route53" && dns.project) {
        throw new FleetConfigError(
            ["dns", "project"],
            "no project with route53 (it is for clouddns)",
            `"${dns.project}"`,
        );
    }
    if (!isWithinZone(domain, dns.zone.name)) {
        throw new FleetConfigError(
            ["dns", "zone", "name"],
            `a zone that contains the federation domain ${domain}`,
            `"${dns.zone.name}"`,
        );
    }
}
