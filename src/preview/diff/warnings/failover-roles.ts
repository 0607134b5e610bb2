// Failover roles that change: the cluster that takes all of a service's traffic while healthy
// (Route53 failover PRIMARY; Cloud DNS primaryBackup primary) is another after the change, so
// every client moves there at once. Said with the capacity of each side. Pure.
import type { PlanFile } from "../plan-diff";
import { servicesOf, type ServiceOutput } from "../traffic";

const CLUSTER_TARGET = "cluster:";

/**
 * Why a Route 53 failover primary cannot change in one `pulumi up`: a failover name holds one
 * PRIMARY and one SECONDARY record (Route 53 API ResourceRecordSet, Failover; the preview's
 * aws.route53.record.routing-set contract), and Pulumi writes each record in a change of its own,
 * creates and updates before deletes. The new PRIMARY is written while the old one still holds
 * the role, so Route 53 refuses it (a swap by two updates is refused the same way:
 * boto/boto3#1347) and the up stops there, the records as they were.
 */
const ROUTE53_ROLE_CHANGE =
    "Route 53 refuses this in one up: Pulumi writes the new PRIMARY record while the old one still holds the role, and a failover name has one PRIMARY and one SECONDARY (Route 53 ResourceRecordSet, Failover; boto/boto3#1347), so `pulumi up` fails at those records and leaves them as they are. Swap the records by hand in one change batch (`aws route53 change-resource-record-sets`: delete both, create both), `pulumi refresh` the stack, then merge.";

/** The primary and secondary (backup) clusters of a service's global name, each sorted. */
export function failoverRoles(service: ServiceOutput | undefined): { primary: string[]; secondary: string[] } {
    const global = service?.dns?.global;
    const records = (service?.dns?.records ?? []).filter((r) => r.name === global);
    const clustersOf = (targets: readonly string[]) =>
        targets.filter((t) => t.startsWith(CLUSTER_TARGET)).map((t) => t.slice(CLUSTER_TARGET.length));
    const primary = records
        .filter((r) => r.policy === "failover" && r.detail === "PRIMARY")
        .flatMap((r) => clustersOf(r.targets));
    const secondary = records
        .filter((r) => r.policy === "failover" && r.detail === "SECONDARY")
        .flatMap((r) => clustersOf(r.targets));
    for (const record of records.filter((r) => r.policy === "primaryBackup")) {
        // describeRecords: `primary a+b; backups <location>: c+d, <location>: e`.
        const match = /^primary ([^;]*); backups (.*)$/.exec(record.detail ?? "");
        if (!match) continue;
        primary.push(...match[1].split("+").filter(Boolean));
        for (const part of match[2].split(", "))
            secondary.push(...(part.split(": ")[1] ?? "").split("+").filter(Boolean));
    }
    const unique = (names: string[]) => [...new Set(names)].sort();
    return { primary: unique(primary), secondary: unique(secondary.filter((c) => !primary.includes(c))) };
}

/** `aws-euw1 (3 replicas, autoscaler max 16)`: what a cluster can serve of the service. */
function capacity(service: ServiceOutput | undefined, cluster: string): string {
    const here = service?.clusters?.[cluster];
    if (!here) return `${cluster} (not placed there)`;
    const max =
        here.maxReplicas !== undefined && here.maxReplicas !== here.replicas
            ? `, autoscaler max ${here.maxReplicas}`
            : "";
    return `${cluster} (${here.replicas} replica${here.replicas === 1 ? "" : "s"}${max})`;
}

/** One warning per service whose failover primary changes: who takes the traffic after, with the capacity of each side. */
export function failoverWarnings(base: PlanFile | undefined, head: PlanFile | undefined): string[] {
    const [before, after] = [servicesOf(base), servicesOf(head)];
    const lines: string[] = [];
    for (const name of Object.keys(after).sort()) {
        if (!before[name]) continue;
        const [was, now] = [failoverRoles(before[name]), failoverRoles(after[name])];
        if (was.primary.length === 0 || now.primary.length === 0) continue;
        if (was.primary.join() === now.primary.join()) continue;
        const swapped = was.primary.join() === now.secondary.join() && now.primary.join() === was.secondary.join();
        const from = was.primary.map((c) => capacity(before[name], c)).join(" + ");
        const to = now.primary.map((c) => capacity(after[name], c)).join(" + ");
        // Route 53's failover records (Cloud DNS keeps both roles in one record set, updated at once).
        const route53 = (after[name]?.dns?.records ?? []).some((r) => r.policy === "failover");
        lines.push(
            `${name}: failover primary ${swapped ? "and secondary swapped" : "changes"}: all its traffic moves from ${from} to ${to}${now.secondary.length > 0 ? `; ${now.secondary.map((c) => capacity(after[name], c)).join(" + ")} becomes the secondary` : ""}. The new primary takes every client at once while healthy.${route53 ? ` ${ROUTE53_ROLE_CHANGE}` : ""}`,
        );
    }
    return lines;
}
