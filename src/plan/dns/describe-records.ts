// A reviewer's view of a service's DNS plan: one line of facts per record. Pure; it feeds
// the stack output `services.<svc>.dns.records` and the offline preview's DNS tree.
import type { ServiceDnsPlan } from "./dns-plan";
import { ELB_ALIAS_TTL_SECONDS } from "./failover";

/** One record of a service's DNS plan, in facts a reviewer reads. */
export interface DnsRecordSummary {
    name: string;
    type: string;
    /** latency, weighted, geoproximity, failover, wrr, geo, primaryBackup or simple. */
    policy: string;
    /** Policy detail: latency region, weight, failover role, geo locations. */
    detail?: string;
    /** Clusters (as `cluster:<name>`) or DNS names the record answers with. */
    targets: string[];
    healthChecked: boolean;
    /** The TTL resolvers are given: the record's, or for an alias to a load balancer the load balancer's. */
    ttl: number;
}

/** The records of a service's DNS plan, in plan order; none when the plan has no records. */
export function describeRecords(plan: ServiceDnsPlan): DnsRecordSummary[] {
    if (plan.provider === "route53") {
        const aliased = new Set(plan.endpoints.filter((e) => e.kind === "hostname").map((e) => e.cluster));
        return plan.route53.records.map((record) => {
            const routing = record.routing;
            const detail =
                routing.policy === "simple"
                    ? undefined
                    : routing.policy === "latency"
                      ? routing.region
                      : routing.policy === "weighted"
                        ? `weight ${routing.weight}`
                        : routing.policy === "failover"
                          ? routing.role
                          : (routing.awsRegion ?? `${routing.coordinates?.latitude},${routing.coordinates?.longitude}`);
            return {
                name: record.name,
                type: "cluster" in record.target ? "A" : "CNAME",
                policy: routing.policy,
                ...(detail !== undefined ? { detail } : {}),
                targets: ["cluster" in record.target ? `cluster:${record.target.cluster}` : record.target.name],
                healthChecked: record.healthCheck !== undefined,
                ttl:
                    "cluster" in record.target && aliased.has(record.target.cluster) ? ELB_ALIAS_TTL_SECONDS : plan.ttl,
            };
        });
    }
    return plan.clouddns.recordSets.map((set) => {
        const routing = set.routing;
        const items =
            routing.policy === "wrr" || routing.policy === "geo"
                ? routing.items
                : routing.policy === "primaryBackup"
                  ? routing.backups
                  : [];
        const clusters =
            routing.policy === "primaryBackup"
                ? [...routing.primary, ...items.flatMap((i) => i.clusters)]
                : routing.policy === "none"
                  ? routing.clusters
                  : items.flatMap((i) => i.clusters);
        const targets = routing.policy === "cname" ? [routing.name] : clusters.map((cluster) => `cluster:${cluster}`);
        const detail =
            routing.policy === "wrr"
                ? items.map((i) => `${i.clusters.join("+")} ${i.weight}`).join(", ")
                : routing.policy === "geo"
                  ? items.map((i) => `${i.location}: ${i.clusters.join("+")}`).join(", ")
                  : routing.policy === "primaryBackup"
                    ? `primary ${routing.primary.join("+")}; backups ${items.map((i) => `${i.location}: ${i.clusters.join("+")}`).join(", ")}`
                    : undefined;
        return {
            name: set.name,
            type: set.type,
            policy: routing.policy === "none" || routing.policy === "cname" ? "simple" : routing.policy,
            ...(detail ? { detail } : {}),
            targets,
            healthChecked: set.healthChecked,
            ttl: plan.ttl,
        };
    });
}

/** Where a name's answers go when its first choice is down, read from its records. */
export interface FallbackChain {
    /**
     * The names a query falls back through, the start first: a failover SECONDARY's target,
     * or the one target of a plain CNAME, each in turn (Route53: local, region, global).
     */
    names: string[];
    /** Where the last name's primaryBackup sends queries instead (Cloud DNS: "europe-west4: gke-euw4, ..."). */
    backups?: string;
}

/**
 * A name's fallback chain from a service's records (describeRecords, or the stack output that
 * holds them): follows failover SECONDARYs and plain CNAMEs to other names of the service, and
 * ends at a name whose records answer with clusters. Stops at a name it has seen.
 */
export function fallbackChain(records: readonly DnsRecordSummary[], start: string): FallbackChain {
    const names = [start];
    for (;;) {
        const here = records.filter((record) => record.name === names[names.length - 1]);
        const next =
            here.find((r) => r.policy === "failover" && r.detail === "SECONDARY") ??
            (here.length === 1 && here[0].type === "CNAME" && here[0].policy === "simple" ? here[0] : undefined);
        const target = next?.targets.length === 1 ? next.targets[0] : undefined;
        if (target === undefined || target.startsWith("cluster:") || names.includes(target)) {
            const backups = here
                .find((r) => r.policy === "primaryBackup")
                ?.detail?.replace(/^primary [^;]*; backups /, "");
            return backups ? { names, backups } : { names };
        }
        names.push(target);
    }
}

/**
 * The names a query for `start` resolves through while every first choice is healthy: a failover
 * PRIMARY's target, or the one target of a plain CNAME, each in turn, up to the name whose records
 * answer with clusters. Whatever asks for `start` needs the records of all of them to exist.
 */
export function primaryChain(records: readonly DnsRecordSummary[], start: string): string[] {
    const names = [start];
    for (;;) {
        const here = records.filter((record) => record.name === names[names.length - 1]);
        const next =
            here.find((r) => r.policy === "failover" && r.detail === "PRIMARY") ??
            (here.length === 1 && here[0].type === "CNAME" && here[0].policy === "simple" ? here[0] : undefined);
        const target = next?.targets.length === 1 ? next.targets[0] : undefined;
        if (target === undefined || target.startsWith("cluster:") || names.includes(target)) return names;
        names.push(target);
    }
}
