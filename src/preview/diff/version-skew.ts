// Kubernetes version changes of EKS clusters and their managed node groups that EKS refuses
// because of where the nodes are: rules over a cluster and its node groups together, which
// refused-updates.ts (one resource at a time) cannot see. Pure.
import type { RecordedResource } from "../harness/recording-monitor";

const EKS_CLUSTER = "aws:eks/cluster:Cluster";
const NODE_GROUP = "aws:eks/nodeGroup:NodeGroup";

/** A refusal, keyed by the URN of the resource whose change EKS refuses. */
export interface SkewRefusal {
    urn: string;
    provider: "EKS";
    reason: string;
}

/** A Kubernetes minor ("1.35") as a comparable number; undefined otherwise. */
function minor(version: unknown): number | undefined {
    const match = typeof version === "string" ? /^(\d+)\.(\d+)$/.exec(version) : null;
    return match ? Number(match[1]) * 1000 + Number(match[2]) : undefined;
}

const inputs = (r: RecordedResource) => r.inputs as Record<string, unknown>;

/**
 * The version changes EKS refuses because of the node groups:
 * - the control plane moves while a node group of it is not (as far as the base shows) on its
 *   current version: UpdateClusterVersion requires every managed node group on the cluster's
 *   version first (EKS API UpdateClusterVersion; EKS User Guide, update-cluster). A base node
 *   group with no `version` is on whatever version it was created at, which the plan cannot tell;
 * - a node group newer than its control plane (EKS User Guide, update-managed-node-group: the
 *   version can't be greater than the control plane's);
 * - a control plane upgraded while a node group stays behind: EKS refuses the next upgrade until
 *   it matches, so fedfleet's node groups always carry the control plane's version.
 */
export function versionSkewRefusals(
    before: ReadonlyMap<string, RecordedResource>,
    after: ReadonlyMap<string, RecordedResource>,
): SkewRefusal[] {
    const refusals: SkewRefusal[] = [];
    const groupsOf = (side: ReadonlyMap<string, RecordedResource>, clusterName: unknown) =>
        [...side.values()].filter((r) => r.type === NODE_GROUP && inputs(r).clusterName === clusterName);
    for (const cluster of [...after.values()].filter((r) => r.type === EKS_CLUSTER)) {
        const head = inputs(cluster).version;
        const old = before.get(cluster.urn);
        const base = old ? inputs(old).version : undefined;
        const moves = old !== undefined && minor(base) !== undefined && minor(head) !== minor(base);
        const behind: RecordedResource[] = [];
        for (const group of groupsOf(after, inputs(cluster).name)) {
            const groupVersion = inputs(group).version;
            if (minor(groupVersion) !== undefined && minor(head) !== undefined && minor(groupVersion)! > minor(head)!)
                refusals.push({
                    urn: group.urn,
                    provider: "EKS",
                    reason: `version ${String(groupVersion)} on a ${String(head)} control plane (a node group is never newer than its control plane: EKS User Guide, update-managed-node-group)`,
                });
            else if (moves && groupVersion !== head) behind.push(group);
        }
        // Refused on the cluster's change: the control plane moves, the node groups do not.
        if (behind.length > 0)
            refusals.push({
                urn: cluster.urn,
                provider: "EKS",
                reason: `version ${String(base)} → ${String(head)} while node group(s) ${behind.map((g) => `${g.name} (${inputs(g).version === undefined ? "no version" : String(inputs(g).version)})`).join(", ")} stay behind: EKS refuses the next control-plane upgrade until every managed node group matches (UpdateClusterVersion)`,
            });
        if (!moves) continue;
        const lagging = groupsOf(before, old ? inputs(old).name : undefined).filter(
            (group) => inputs(group).version !== base,
        );
        if (lagging.length > 0)
            refusals.push({
                urn: cluster.urn,
                provider: "EKS",
                reason: `version ${String(base)} → ${String(head)} while node group(s) ${lagging.map((g) => g.name).join(", ")} ${lagging.every((g) => inputs(g).version === undefined) ? "carry no version (whatever they were created at)" : "are not"} on ${String(base)}: EKS updates the control plane only once every managed node group is on its version (UpdateClusterVersion). Land the node groups' version at ${String(base)} in a change of its own first`,
            });
    }
    return refusals;
}
