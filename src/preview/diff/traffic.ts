// What a change does to traffic and availability, read from the two plans' stack outputs
// (each service's clusters, replicas and DNS records) and from the resource changes. A
// reviewer sees these first: none is a failure, each is a way a correct-looking change can
// still drop users or capacity. Pure.
import type { DnsRecordSummary } from "../../plan/dns/describe-records";
import type { PlanFile, ResourceChange } from "./plan-diff";

/**
 * A DNS record as the stack output `services.<svc>.dns.records` describes it (describeRecords);
 * a base's plan written before records carried their TTL has none.
 */
export type DnsRecordOutput = Omit<DnsRecordSummary, "ttl"> & { ttl?: number };

/** A service as the stack output `services.<svc>` describes it. */
export interface ServiceOutput {
    clusters?: Record<string, { replicas: number; maxReplicas?: number; namespace?: string }>;
    dns?: { global?: string; records?: DnsRecordOutput[]; failoverSeconds?: number | null; skipped?: string };
}

/** The stack output `services`, by service name. */
export function servicesOf(plan?: PlanFile): Record<string, ServiceOutput> {
    return (plan?.outputs.services ?? {}) as Record<string, ServiceOutput>;
}

/** The stack output `clusters`: each cluster's region. */
function regionsOf(plan?: PlanFile): Record<string, string> {
    const clusters = (plan?.outputs.clusters ?? {}) as Record<string, { region: string }>;
    return Object.fromEntries(Object.entries(clusters).map(([name, c]) => [name, c.region]));
}

const CLUSTER_TARGET = "cluster:";

/** The clusters a record sends traffic to directly (`cluster:<name>` targets). */
function targetClusters(record: DnsRecordOutput): string[] {
    return record.targets.filter((t) => t.startsWith(CLUSTER_TARGET)).map((t) => t.slice(CLUSTER_TARGET.length));
}

/**
 * The clusters that take all of a service's traffic while healthy: the Route53 failover
 * PRIMARY of its global name, or the primaries of a Cloud DNS primaryBackup global record.
 */
function primaries(service: ServiceOutput): string[] {
    const global = service.dns?.global;
    const records = (service.dns?.records ?? []).filter((r) => r.name === global);
    const route53 = records.filter((r) => r.policy === "failover" && r.detail === "PRIMARY").flatMap(targetClusters);
    const clouddns = records
        .filter((r) => r.policy === "primaryBackup")
        .flatMap((r) => /^primary ([^;]+)/.exec(r.detail ?? "")?.[1].split(", ") ?? []);
    return [...new Set([...route53, ...clouddns])].sort();
}

/** The longest TTL among records, in seconds: how long resolvers may keep answering with what they had. */
function longestTtl(records: readonly DnsRecordOutput[]): number | undefined {
    const ttls = records.map((r) => r.ttl).filter((t): t is number => typeof t === "number");
    return ttls.length > 0 ? Math.max(...ttls) : undefined;
}

const replicasIn = (service: ServiceOutput | undefined, cluster: string) => service?.clusters?.[cluster]?.replicas ?? 0;

/** The traffic and availability findings of a change, one line each, in a stable order. */
export function trafficAndAvailability(
    base: PlanFile | undefined,
    head: PlanFile | undefined,
    changes: readonly ResourceChange[],
): string[] {
    if (!base || !head) return [];
    const [before, after] = [servicesOf(base), servicesOf(head)];
    const regions = { ...regionsOf(base), ...regionsOf(head) };
    const deleted = (type: string) => changes.filter((c) => c.op === "delete" && c.type.endsWith(type));
    const lines: string[] = [];

    for (const name of Object.keys(before).sort()) {
        const [was, now] = [before[name], after[name]];
        const oldRecords = was.dns?.records ?? [];
        const newNames = new Set((now?.dns?.records ?? []).map((r) => r.name));
        const removed = oldRecords.filter((r) => !newNames.has(r.name));
        const removedNames = [...new Set(removed.map((r) => r.name))].sort();
        const ttl = longestTtl(removed);
        const lingering =
            ttl === undefined ? "" : ` Resolvers may keep handing out the old answers for up to ${ttl} s.`;

        if (was.dns && !was.dns.skipped && now?.dns?.skipped && /internal/.test(now.dns.skipped)) {
            lines.push(
                `${name}: exposure switched to internal removes all ${removedNames.length} public name(s), ${removedNames[0] ?? ""} among them; clients outside the clusters' networks lose it.${lingering}`,
            );
        } else if (removedNames.length > 0) {
            lines.push(`${name}: public name(s) removed: ${removedNames.join(", ")}.${lingering}`);
        }

        // A region that ran the service and no longer does.
        const regionsRunning = (service: ServiceOutput | undefined) =>
            new Set(
                Object.entries(service?.clusters ?? {})
                    .filter(([, c]) => c.replicas > 0)
                    .map(([cluster]) => regions[cluster]),
            );
        const [hadRegions, hasRegions] = [regionsRunning(was), regionsRunning(now)];
        for (const region of [...hadRegions].filter((r) => !hasRegions.has(r)).sort()) {
            const last = Object.keys(was.clusters ?? {})
                .filter((c) => regions[c] === region && replicasIn(was, c) > 0)
                .sort();
            lines.push(
                `${name}: leaves ${region}, its last cluster there (${last.join(", ")}); users near it are served from farther away.`,
            );
        }

        // Capacity moved off a cluster that still takes all traffic while healthy.
        for (const primary of primaries(now ?? {}).filter((p) => primaries(was).includes(p))) {
            const [from, to] = [replicasIn(was, primary), replicasIn(now, primary)];
            if (to < from)
                lines.push(
                    `${name}: ${primary} stays the failover primary, taking all its traffic while healthy, but its replicas go ${from}→${to}.`,
                );
        }
        // A latency region served by one cluster whose capacity drops.
        const latencyClusters = (service: ServiceOutput | undefined) =>
            (service?.dns?.records ?? []).filter((r) => r.policy === "latency").flatMap(targetClusters);
        for (const cluster of [...new Set(latencyClusters(now))].filter((c) => latencyClusters(was).includes(c))) {
            const region = regions[cluster];
            const peers = Object.keys(now?.clusters ?? {}).filter(
                (c) => regions[c] === region && replicasIn(now, c) > 0,
            );
            const [from, to] = [replicasIn(was, cluster), replicasIn(now, cluster)];
            if (peers.length === 1 && to < from)
                lines.push(
                    `${name}: ${cluster} is the only cluster latency routing sends ${region}'s users to, and its replicas go ${from}→${to}.`,
                );
        }

        // The autoscalers' room fleet-wide: a new cluster takes a share of the same maximum, so
        // each cluster's own falls while the service can grow as far as before.
        const fleetMax = (service: ServiceOutput | undefined) =>
            Object.values(service?.clusters ?? {}).reduce((sum, c) => sum + (c.maxReplicas ?? 0), 0);
        const fleetMaxLowered = fleetMax(now) < fleetMax(was);
        for (const cluster of Object.keys(was.clusters ?? {}).sort()) {
            const [from, to] = [replicasIn(was, cluster), replicasIn(now, cluster)];
            const budgetGone = deleted("PodDisruptionBudget").some(
                (c) => c.service?.endsWith(`/${name}`) && c.cluster === cluster,
            );
            // At 0 replicas there is nothing left for a drain to take down.
            if (from >= 2 && to === 1 && budgetGone)
                lines.push(
                    `${name}: ${cluster} goes to ${to} replica(s) and loses its PodDisruptionBudget: a node drain or upgrade there takes the service down.`,
                );
            const [maxFrom, maxTo] = [was.clusters?.[cluster]?.maxReplicas, now?.clusters?.[cluster]?.maxReplicas];
            if (fleetMaxLowered && maxFrom !== undefined && maxTo !== undefined && maxTo < maxFrom)
                lines.push(`${name}: the autoscaler's maximum in ${cluster} is lowered ${maxFrom}→${maxTo}.`);
        }
    }

    for (const namespace of deleted("core/v1:Namespace")) {
        lines.push(
            `namespace ${namespace.name.replace(`${namespace.cluster}-ns-`, "")} in ${namespace.cluster} is deleted: Kubernetes deletes everything in it, including objects fedfleet does not manage.`,
        );
    }
    return lines;
}
