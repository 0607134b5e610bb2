// How each replacement of a change runs, and what that does while `pulumi up` applies it:
// an EKS node group replaced create-before-delete keeps its capacity; a named Deployment or
// Service replaced delete-first is an outage in every cluster it touches; a Cloud DNS record
// set replaced delete-first leaves its name answering nothing in between. Pure.
import { compareCodeUnits } from "../../plan/core/order";
import type { ResourceChange } from "./plan-diff";
import { AWS_TYPES, GCP_TYPES, KUBERNETES_TYPES } from "../../plan/core/type-tokens";

const NODE_GROUP = AWS_TYPES.nodeGroup;
const RECORD_SET = GCP_TYPES.recordSet;
const WORKLOAD_TYPES: readonly string[] = [KUBERNETES_TYPES.deployment, KUBERNETES_TYPES.service];

const kindOf = (type: string) => type.split(":").pop()!;

/** The CPU architecture an AMI type boots (EKS API AMITypes names carry it). */
const architecture = (amiType: unknown) => (typeof amiType === "string" && /ARM_64/.test(amiType) ? "arm64" : "x86_64");

/**
 * The replacement warnings: node groups replaced create-before-delete (or delete-first), and
 * those whose nodes change architecture, which every image scheduled there must support.
 */
export function nodeGroupReplacements(changes: readonly ResourceChange[]): string[] {
    return changes
        .filter((c) => c.op === "replace" && c.type === NODE_GROUP)
        .map((c) => {
            const where = `eks NodeGroup ${c.name}${c.cluster ? ` (${c.cluster})` : ""}`;
            const mode = c.deletesFirst
                ? `${where} is replaced delete-first (a fixed nodeGroupName): its nodes are gone before the new group's join, and every pod on them waits.`
                : `${where} is replaced create-before-delete: the new group (a new name from its prefix) joins first, then EKS drains and deletes the old one (EKS User Guide, delete-managed-node-group); both run meanwhile, so the EC2 quota must hold both.`;
            const ami = c.properties.find((p) => p.path === "amiType");
            const moves = ami && architecture(ami.before) !== architecture(ami.after);
            return moves
                ? `${mode} Its nodes become ${architecture(ami.after)}: every image scheduled there needs a ${architecture(ami.after)} variant.`
                : mode;
        });
}

/**
 * The traffic lines: per federated service, the clusters where its Deployment or Service is
 * replaced delete-first (an outage there until the new one is ready), and each Cloud DNS record
 * set replaced delete-first (its name answers nothing in between).
 */
export function deleteFirstOutages(changes: readonly ResourceChange[]): string[] {
    const lines: string[] = [];
    const workloads = changes.filter((c) => c.op === "replace" && c.deletesFirst && WORKLOAD_TYPES.includes(c.type));
    const services = [...new Set(workloads.map((c) => c.service ?? c.name))].sort(compareCodeUnits);
    for (const service of services) {
        const here = workloads.filter((c) => (c.service ?? c.name) === service);
        const clusters = [...new Set(here.map((c) => c.cluster ?? "?"))].sort(compareCodeUnits);
        const kindList = [...new Set(here.map((c) => kindOf(c.type)))].sort();
        const kinds = kindList.join(" and ");
        const why = [...new Set(here.flatMap((c) => c.replaceBecause))].sort().join(", ");
        lines.push(
            `${service}: outage in ${clusters.length} cluster(s) (${clusters.join(", ")}): its ${kinds} ${kindList.length === 1 ? "is" : "are"} replaced delete-first in each (${why} changed; a named object keeps its name, so pulumi-kubernetes deletes it before creating it again): no pods or load balancer there until the new ones are ready.`,
        );
    }
    for (const set of changes.filter((c) => c.op === "replace" && c.deletesFirst && c.type === RECORD_SET)) {
        lines.push(
            `record set ${set.name}: replaced delete-first (${set.replaceBecause.join(", ")} changed; Cloud DNS deletions must match the live set exactly, so it cannot be replaced create-first): its name answers nothing between the delete and the create, and resolvers may cache that answer.`,
        );
    }
    // Every other object replaced delete-first (deleteBeforeReplace, or a name it keeps): gone in between.
    const others = changes.filter(
        (c) => c.op === "replace" && c.deletesFirst && ![...WORKLOAD_TYPES, RECORD_SET, NODE_GROUP].includes(c.type),
    );
    const groups = new Map<string, ResourceChange[]>();
    for (const change of others) {
        const key = `${change.type}\u0000${change.replaceBecause.join(", ")}`;
        groups.set(key, [...(groups.get(key) ?? []), change]);
    }
    for (const [key, members] of [...groups.entries()].sort(([a], [b]) => compareCodeUnits(a, b))) {
        const names = members.map((c) => `${c.name}${c.cluster ? ` (${c.cluster})` : ""}`);
        const shown =
            names.length > 3 ? `${names.slice(0, 3).join(", ")} and ${names.length - 3} more` : names.join(", ");
        lines.push(
            `${kindOf(key.split("\u0000")[0])} ${shown}: replaced delete-first (${key.split("\u0000")[1]} changed; a name it keeps, or deleteBeforeReplace): an outage for ${members.length === 1 ? "that object" : "each"}, which does not exist between the delete and the create.`,
        );
    }
    return lines;
}
