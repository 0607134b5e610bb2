// What the summary warnings read from two plans: resources of a type on each side, the pairs a
// change keeps under the same URN, and how a workload object's name says where it runs. Pure.
import { compareCodeUnits } from "../../../plan/core/order";
import type { PlanFile, PlannedResource } from "../plan-diff";

/** A plan's resources of one type. */
export function resourcesOf(plan: PlanFile | undefined, type: string): PlannedResource[] {
    return (plan?.resources ?? []).filter((r) => r.type === type);
}

/** A resource's inputs as a plain object. */
export const inputsOf = (resource: PlannedResource): Record<string, unknown> =>
    resource.inputs as Record<string, unknown>;

/** The resources of a type both sides have under the same URN, with each side's registration. */
export function keptPairs(
    base: PlanFile | undefined,
    head: PlanFile | undefined,
    type: string,
): { urn: string; before: PlannedResource; after: PlannedResource }[] {
    const before = new Map(resourcesOf(base, type).map((r) => [r.urn, r]));
    return resourcesOf(head, type)
        .filter((r) => before.has(r.urn))
        .sort((a, b) => compareCodeUnits(a.urn, b.urn))
        .map((after) => ({ urn: after.urn, before: before.get(after.urn)!, after }));
}

/**
 * Where a per-cluster object of a federated service belongs, from its logical name
 * `<namespace>/<service>[-suffix]@<cluster>`; undefined for any other name.
 */
export function workloadPlace(name: string): { namespace: string; object: string; cluster: string } | undefined {
    const match = /^([^/@]+)\/([^/@]+)@(.+)$/.exec(name);
    return match ? { namespace: match[1], object: match[2], cluster: match[3] } : undefined;
}

/** `aws-use1` or `3 clusters (a, b, c)`: where something happens, short. */
export function inClusters(clusters: Iterable<string>): string {
    const sorted = [...new Set(clusters)].sort(compareCodeUnits);
    return sorted.length === 1 ? sorted[0] : `${sorted.length} clusters (${sorted.join(", ")})`;
}

/** Values grouped by a key, keys in code-unit order. */
export function groupBy<T>(items: readonly T[], key: (item: T) => string): [string, T[]][] {
    const groups = new Map<string, T[]>();
    for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
    return [...groups.entries()].sort(([a], [b]) => compareCodeUnits(a, b));
}
