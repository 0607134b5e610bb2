// `fedfleet:deployer` removed or narrowed: the identities CI deploys and previews as lose their
// EKS access entries (or their cluster-admin policy), or the runners' egress leaves a cluster's
// public endpoint. The next `pulumi up` or preview from CI then cannot reach that cluster's
// Kubernetes API (with EKS's implicit creator admin off, an identity without an access entry
// cannot apply a single object: eks-access.ts). Pure.
import { AWS_TYPES } from "../../../plan/core/type-tokens";
import { CLUSTER_ADMIN_ACCESS_POLICY } from "../../../plan/clusters/aws/eks-access";
import { compareCodeUnits } from "../../../plan/core/order";
import type { PlanFile } from "../plan-diff";
import { inClusters, inputsOf, keptPairs, resourcesOf } from "./resources";

const ACCESS_ENTRY = AWS_TYPES.accessEntry;
const ASSOCIATION = AWS_TYPES.accessPolicyAssociation;
const EKS_CLUSTER = AWS_TYPES.eksCluster;
/** The access entries fedfleet:deployer declares, by the suffix of their names (eks-access.ts EksAccessEntryPlan.key). */
const DEPLOYER_ROLES = { deployer: "deploys (pulumi up)", previewer: "previews (pulumi preview)" } as const;

const roleOf = (name: string) =>
    (Object.keys(DEPLOYER_ROLES) as (keyof typeof DEPLOYER_ROLES)[]).find((role) => name.endsWith(`-${role}`));
const clusterOfEntry = (name: string, role: string) => name.slice(0, -(role.length + 1));

/** The warnings: deployer/previewer access entries removed or narrowed, and deployer CIDRs dropped from EKS endpoints. */
export function deployerAccessWarnings(base: PlanFile | undefined, head: PlanFile | undefined): string[] {
    if (!base || !head) return [];
    const lines: string[] = [];
    const headEntries = new Set(resourcesOf(head, ACCESS_ENTRY).map((r) => r.urn));
    for (const role of Object.keys(DEPLOYER_ROLES) as (keyof typeof DEPLOYER_ROLES)[]) {
        const gone = resourcesOf(base, ACCESS_ENTRY).filter((r) => roleOf(r.name) === role && !headEntries.has(r.urn));
        if (gone.length === 0) continue;
        const principals = [...new Set(gone.map((r) => String(inputsOf(r).principalArn)))].sort(compareCodeUnits);
        lines.push(
            `fedfleet:deployer: the ${role} (${principals.join(", ")}), the identity CI ${DEPLOYER_ROLES[role]} as, loses its EKS access entry in ${inClusters(gone.map((r) => clusterOfEntry(r.name, role)))}: the next ${role === "deployer" ? "pulumi up" : "pulumi preview"} from CI cannot reach those clusters' Kubernetes API.`,
        );
    }
    for (const { after, before } of keptPairs(base, head, ASSOCIATION)) {
        const role = roleOf(after.name);
        if (role !== "deployer") continue;
        const [was, now] = [inputsOf(before), inputsOf(after)];
        const scope = (inputs: Record<string, unknown>) => JSON.stringify(inputs.accessScope ?? {});
        if (
            was.policyArn === CLUSTER_ADMIN_ACCESS_POLICY &&
            (now.policyArn !== was.policyArn || scope(now) !== scope(was))
        )
            lines.push(
                `fedfleet:deployer: the deployer's access in ${clusterOfEntry(after.name, role)} narrows from ${String(was.policyArn).split("/").pop()} ${scope(was)} to ${String(now.policyArn).split("/").pop()} ${scope(now)}: CI cannot apply what lies outside it.`,
            );
    }
    for (const { before, after } of keptPairs(base, head, EKS_CLUSTER)) {
        const cidrs = (inputs: Record<string, unknown>) =>
            ((inputs.vpcConfig as { publicAccessCidrs?: string[] } | undefined)?.publicAccessCidrs ?? []) as string[];
        const [was, now] = [cidrs(inputsOf(before)), cidrs(inputsOf(after))];
        const dropped = was.filter((c) => !now.includes(c));
        // The cluster's own CIDRs and the deployer's egress alike (eks-access.ts): whoever ran from there is cut off.
        if (dropped.length > 0)
            lines.push(
                `EKS ${String(inputsOf(after).name ?? after.name)}: its public API endpoint stops admitting ${dropped.join(", ")}${now.length === 0 ? " (no public endpoint left)" : ""}: CI runners and admins connecting from there can no longer reach it.`,
            );
    }
    return lines;
}
