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
                routing.policy === "latency"
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
                detail,
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
            policy: routing.policy === "none" ? "simple" : routing.policy,
            ...(detail ? { detail } : {}),
            targets: clusters.map((c) => `cluster:${c}`),
            healthChecked: set.healthChecked,
            ttl: plan.ttl,
        };
    });
}
