// Kubernetes upgrades that move a control plane and leave its nodes behind: the head's EKS node
// groups on an older minor than their control plane, or a version change of an EKS or GKE
// control plane that no node group or pool of it follows in the same change. Node groups
// follow the control plane since the day-2 work (issue 27); an older minor is a skew the
// next upgrade must clear first (EKS API UpdateClusterVersion refuses it: version-skew.ts). A GKE
// node pool with no version and autoUpgrade on is upgraded by GKE towards the control plane's
// version on GKE's own schedule (GKE docs, Auto-upgrading nodes), not by the up. Pure.
import { AWS_TYPES, GCP_TYPES } from "../../../plan/core/type-tokens";
import { compareCodeUnits } from "../../../plan/core/order";
import type { PlanFile, PlannedResource } from "../plan-diff";
import { inputsOf, keptPairs, resourcesOf } from "./resources";

const EKS_CLUSTER = AWS_TYPES.eksCluster;
const NODE_GROUP = AWS_TYPES.nodeGroup;
const GKE_CLUSTER = GCP_TYPES.cluster;
const NODE_POOL = GCP_TYPES.nodePool;

/** A Kubernetes version's minor as a comparable number (`1.35`, `1.35.1-gke.100` → 1035). */
function minor(version: unknown): number | undefined {
    const match = typeof version === "string" ? /^(\d+)\.(\d+)(\.|$)/.exec(version) : null;
    return match ? Number(match[1]) * 1000 + Number(match[2]) : undefined;
}

/** A control plane's version input: EKS `version`, GKE `minMasterVersion`. */
const planeVersion = (cluster: PlannedResource) =>
    cluster.type === EKS_CLUSTER ? inputsOf(cluster).version : inputsOf(cluster).minMasterVersion;

/** The node groups or pools of a control plane on one side: EKS by `clusterName`, GKE by `cluster` (its id or name). */
function nodesOf(plan: PlanFile | undefined, cluster: PlannedResource): PlannedResource[] {
    if (cluster.type === EKS_CLUSTER)
        return resourcesOf(plan, NODE_GROUP).filter((g) => inputsOf(g).clusterName === inputsOf(cluster).name);
    const name = String(inputsOf(cluster).name);
    return resourcesOf(plan, NODE_POOL).filter((p) => {
        const of = String(inputsOf(p).cluster ?? "");
        return of === name || of.endsWith(`/clusters/${name}`);
    });
}

/** The warnings: nodes left on an older minor than their control plane, and control-plane moves no node follows. */
export function controlPlaneWarnings(base: PlanFile | undefined, head: PlanFile | undefined): string[] {
    if (!head) return [];
    const lines: string[] = [];
    const kept = new Map(
        [...keptPairs(base, head, EKS_CLUSTER), ...keptPairs(base, head, GKE_CLUSTER)].map((p) => [p.urn, p.before]),
    );
    const planes = [...resourcesOf(head, EKS_CLUSTER), ...resourcesOf(head, GKE_CLUSTER)].sort((a, b) =>
        compareCodeUnits(a.name, b.name),
    );
    for (const cluster of planes) {
        const version = planeVersion(cluster);
        const nodes = nodesOf(head, cluster);
        const behind = nodes.filter((n) => {
            const v = minor(inputsOf(n).version);
            return v !== undefined && minor(version) !== undefined && v < minor(version)!;
        });
        if (behind.length > 0)
            lines.push(
                `${cluster.name}: control plane on ${String(version)} while ${behind.map((n) => `${n.name} is on ${String(inputsOf(n).version)}`).join(", ")}: the nodes stay behind, and the next control-plane upgrade must wait until they catch up.`,
            );
        const old = kept.get(cluster.urn);
        if (!old) continue;
        const was = planeVersion(old);
        if (minor(was) === undefined || minor(was) === minor(version)) continue;
        const before = new Map(nodesOf(base, old).map((n) => [n.urn, n]));
        const following = nodes.filter(
            (n) => before.has(n.urn) && inputsOf(n).version !== inputsOf(before.get(n.urn)!).version,
        );
        if (following.length === 0 && behind.length === 0)
            lines.push(
                `${cluster.name}: only the control plane moves ${String(was)}→${String(version)}; ${nodes.length === 0 ? "no node group or pool of it is in the stack" : `its ${nodes.length} node group(s)/pool(s) (${nodes.map((n) => n.name).join(", ")}) carry no version change${cluster.type === GKE_CLUSTER ? " and follow by GKE node auto-upgrade, on GKE's schedule rather than in this up" : ""}`}.`,
            );
    }
    return lines;
}
