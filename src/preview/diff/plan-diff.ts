// What a change does to one stack, from its plan files before and after. Pure.
// Operations follow the engine's rules as far as a plan can tell: a new URN is a create,
// a gone URN a delete, changed inputs an update, or a replace where the provider forces it.
import type { RecordedResource } from "../harness/recording-monitor";
import type { PackConfig, Violation } from "../policy/run-pack";
import { refusedUpdate } from "./refused-updates";
import { deletesFirst, replacingFields, STATEFUL_TYPES } from "./replace-rules";
import { appliedInputs } from "./ignore-changes";
import { versionSkewRefusals } from "./version-skew";
import { clusterRemovalAdvice, drainFindings } from "./drains";
import { deleteFirstOutages, nodeGroupReplacements } from "./replace-modes";
import { autoscalingHandovers } from "./handovers";
import { AWS_TYPES, FEDFLEET_TYPES, GCP_TYPES, KUBERNETES_TYPES, TIME_TYPES } from "../../plan/core/type-tokens";
import { compareCodeUnits } from "../../plan/core/order";
import { lookupIn, owningClusterOfRecord } from "../harness/ownership";
import { stringLeaves } from "../harness/json-leaves";
import { DnsRecordOutput, trafficAndAvailability } from "./traffic";
import { resilienceWarnings } from "./resilience";
import { isSoak } from "./rollout-waves";
import type { ResilienceEntry } from "../../plan/resilience/analysis";
import type { QuotaUsage } from "../quotas/quotas";
import { summaryWarnings } from "./warnings";

/** A registration as plan.json holds it: with a custom resource's id and the outputs other inputs use. */
export type PlannedResource = RecordedResource & { id?: string; computed?: Record<string, string> };

/** A plan.json as the offline preview writes it: what the run registered, its outputs and its policy verdict. */
export interface PlanFile {
    project: string;
    stack: string;
    stackFile: string;
    resources: PlannedResource[];
    outputs: Record<string, unknown>;
    policy?: { config: string; settings?: PackConfig; violations: Violation[] };
    /** Each service under each loss (src/plan/resilience); none in a plan written before the analysis. */
    resilience?: ResilienceEntry[];
    /** What the stack needs of each default quota (src/preview/quotas); none in a plan written before. */
    quotas?: QuotaUsage[];
}

/** What the engine would do to a resource. */
export type Operation = "create" | "update" | "delete" | "replace";

/** One changed input leaf, at its dotted path; secrets masked by maskChange. */
export interface PropertyChange {
    path: string;
    before: unknown;
    after: unknown;
}

/** One resource the change creates, updates, replaces or deletes. */
export interface ResourceChange {
    op: Operation;
    urn: string;
    type: string;
    name: string;
    /** The cluster the resource lives in (by parent or provider), if any. */
    cluster?: string;
    /** The federated service the resource belongs to, if any. */
    service?: string;
    properties: PropertyChange[];
    /** Why a change replaces: the replace-forcing fields that changed, or "provider". */
    replaceBecause: string[];
    protect: boolean;
    /** For a replacement that follows from another: the URN of the resource whose replacement causes it. */
    causedBy?: string;
    /** For an update the provider refuses: who refuses, and why (refused-updates.ts, version-skew.ts). */
    refused?: { provider: string; reason: string };
    /** For a replacement: whether the old resource is deleted before the new one exists (replace-rules.ts). */
    deletesFirst?: boolean;
}

/** A resource deleted and created again under a new URN: renamed, or moved under another parent. */
export interface UrnChange {
    from: string;
    to: string;
    type: string;
    why: "renamed" | "re-parented";
}

/** A service's replicas in one cluster before and after; null on a side that does not place it there. */
export interface PlacementRow {
    service: string;
    cluster: string;
    before: number | null;
    after: number | null;
}

type DnsRecord = DnsRecordOutput;
/** DNS records added, removed and changed, from the stack output `services.<svc>.dns.records`. */
export interface DnsChange {
    added: DnsRecord[];
    removed: DnsRecord[];
    changed: { before: DnsRecord; after: DnsRecord }[];
}

/** Everything the report and the pull-request comment say about one stack. */
export interface StackDiff {
    stack: string;
    /** Only the base, only the head, or both have this stack. */
    presence: "both" | "added" | "removed";
    counts: Record<Operation, number>;
    changes: ResourceChange[];
    urnChanges: UrnChange[];
    placement: PlacementRow[];
    dns: DnsChange;
    newViolations: Violation[];
    warnings: string[];
    /** Traffic and availability findings, from the stack outputs (traffic.ts) and the resilience entries (resilience.ts). */
    traffic: string[];
    /** A side that could not be previewed: the report shows only this, never a deletion. */
    previewError?: { side: "base" | "head"; message: string };
    /** What the counts do not show, said first in the summary (src/preview/diff/warnings). */
    summaryWarnings: string[];
    /** For a stack whose file is removed: how many resources its state holds, which keep running. */
    orphaned?: number;
}

const SECRET = /^\[secret(:[0-9a-f]+)?\]$/;

/** How a changed secret is shown: never its value, and only "changed" when the digests say so. */
export function maskChange(before: unknown, after: unknown): { before: unknown; after: unknown } | undefined {
    const isSecret = (value: unknown) => typeof value === "string" && SECRET.test(value);
    if (!isSecret(before) && !isSecret(after)) return { before, after };
    const digest = (value: unknown) => (typeof value === "string" ? value.match(SECRET)?.[1] : undefined);
    if (isSecret(before) && isSecret(after)) {
        const [a, b] = [digest(before), digest(after)];
        // Without digests on both sides a plan cannot tell whether a secret changed.
        if (!a || !b || a === b) return undefined;
        return { before: "[secret]", after: "[secret] (changed)" };
    }
    return { before: isSecret(before) ? "[secret]" : before, after: isSecret(after) ? "[secret]" : after };
}

function isObject(value: unknown): value is Record<string, unknown> {
    return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Leaf-level differences between two input trees, with dotted paths (`a.b[2].c`). */
export function propertyChanges(before: unknown, after: unknown, path = ""): PropertyChange[] {
    if (isObject(before) && isObject(after)) {
        const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
        return keys.flatMap((key) => propertyChanges(before[key], after[key], path ? `${path}.${key}` : key));
    }
    if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
        return before.flatMap((item, index) => propertyChanges(item, after[index], `${path}[${index}]`));
    }
    if (JSON.stringify(before) === JSON.stringify(after)) return [];
    const masked = maskChange(before, after);
    return masked ? [{ path, before: masked.before, after: masked.after }] : [];
}

const SERVICE_TYPE = FEDFLEET_TYPES.federatedService;

/** The cluster (the one owning-cluster walk) and the federated service (by parents) a resource belongs to. */
function ownership(
    resource: RecordedResource,
    byUrn: ReadonlyMap<string, RecordedResource>,
): { cluster?: string; service?: string } {
    const ancestors = (start: RecordedResource | undefined) => {
        const chain: RecordedResource[] = [];
        for (
            let current = start;
            current && !chain.includes(current);
            current = current.parent ? byUrn.get(current.parent) : undefined
        )
            chain.push(current);
        return chain;
    };
    const own = ancestors(resource);
    const isServiceComponent = (r: RecordedResource) =>
        r.type === SERVICE_TYPE || /^fedfleet:dns:\w+ServiceDns$/.test(r.type);
    return {
        cluster: owningClusterOfRecord(resource, lookupIn(byUrn))?.name,
        service: own.find(isServiceComponent)?.name,
    };
}

const sameInputs = (a: RecordedResource, b: RecordedResource) => JSON.stringify(a.inputs) === JSON.stringify(b.inputs);

/**
 * Deleted/created pairs that are one resource under a new URN: the same name under a new
 * parent (re-parented), or the same type, provider and inputs under a new name (renamed).
 * A different provider means a different cluster or region: a new resource, not a rename.
 */
function findUrnChanges(deleted: RecordedResource[], created: RecordedResource[]): UrnChange[] {
    const pairs: UrnChange[] = [];
    const taken = new Set<string>();
    for (const old of deleted) {
        const candidates = created.filter((c) => c.type === old.type && !taken.has(c.urn));
        const match =
            candidates.find((c) => c.name === old.name && c.parent !== old.parent) ??
            // A wait's inputs say only how long it waits, not what it guards: equal ones are not one resource.
            candidates.find(
                (c) => c.custom && c.type !== TIME_TYPES.sleep && c.provider === old.provider && sameInputs(c, old),
            );
        if (!match) continue;
        taken.add(match.urn);
        pairs.push({
            from: old.urn,
            to: match.urn,
            type: old.type,
            why: match.name === old.name ? "re-parented" : "renamed",
        });
    }
    return pairs;
}

interface ServiceOutput {
    clusters?: Record<string, { replicas: number }>;
    dns?: { records: DnsRecord[] };
}

function placementRows(base?: PlanFile, head?: PlanFile): PlacementRow[] {
    const services = (plan?: PlanFile) => (plan?.outputs.services ?? {}) as Record<string, ServiceOutput>;
    const [before, after] = [services(base), services(head)];
    const rows: PlacementRow[] = [];
    for (const service of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()) {
        const clusters = new Set([
            ...Object.keys(before[service]?.clusters ?? {}),
            ...Object.keys(after[service]?.clusters ?? {}),
        ]);
        for (const cluster of [...clusters].sort()) {
            rows.push({
                service,
                cluster,
                before: before[service]?.clusters?.[cluster]?.replicas ?? null,
                after: after[service]?.clusters?.[cluster]?.replicas ?? null,
            });
        }
    }
    return rows;
}

function dnsChanges(base?: PlanFile, head?: PlanFile): DnsChange {
    const records = (plan?: PlanFile) => {
        const services = (plan?.outputs.services ?? {}) as Record<string, ServiceOutput>;
        const keyed = new Map<string, DnsRecord>();
        for (const service of Object.values(services)) {
            for (const record of service.dns?.records ?? [])
                keyed.set(`${record.name} ${record.type} ${record.policy} ${record.targets.join(",")}`, record);
        }
        return keyed;
    };
    const [before, after] = [records(base), records(head)];
    // Records are identified by name, type, policy and target; a changed weight or check is a change.
    const added = [...after.entries()].filter(([key]) => !before.has(key)).map(([, r]) => r);
    const removed = [...before.entries()].filter(([key]) => !after.has(key)).map(([, r]) => r);
    const changed = [...after.entries()]
        .filter(([key, r]) => before.has(key) && JSON.stringify(before.get(key)) !== JSON.stringify(r))
        .map(([key, r]) => ({ before: before.get(key)!, after: r }));
    const byName = (a: DnsRecord, b: DnsRecord) => compareCodeUnits(`${a.name}${a.targets}`, `${b.name}${b.targets}`);
    return {
        added: added.sort(byName),
        removed: removed.sort(byName),
        changed: changed.sort((a, b) => byName(a.after, b.after)),
    };
}

function newViolations(base?: PlanFile, head?: PlanFile): Violation[] {
    // By policy and logical name, not URN: a resource that moves keeps its old violations.
    const key = (v: Violation) => `${v.policy}|${v.level}|${(v.urn ?? "").split("::").pop()}|${v.message}`;
    const before = new Set((base?.policy?.violations ?? []).map(key));
    return (head?.policy?.violations ?? []).filter((v) => !before.has(key(v)));
}

const label = (urn: string) => urn.split("::").slice(2).join("::");

/** `aws:eks/cluster:Cluster` -> `eks Cluster`: short enough for a warning, still telling EKS from GKE. */
export function shortType(type: string): string {
    const [pkg, module = "", kind = ""] = type.split(":");
    return pkg === "pulumi" ? `${kind} provider` : `${module.split("/")[0].replace(/\.k8s\.io$/, "")} ${kind}`;
}

/** A resource as warnings name it: its short type and logical name. */
export const shortName = (change: Pick<ResourceChange, "type" | "name">) => `${shortType(change.type)} ${change.name}`;

const KUBERNETES_PROVIDER = KUBERNETES_TYPES.provider;
const NODE_GROUP = AWS_TYPES.nodeGroup;
const CLUSTER_TYPES: readonly string[] = [AWS_TYPES.eksCluster, GCP_TYPES.cluster];

/**
 * Replacements that follow from others. A replaced resource's id and outputs are unknown to
 * everything that uses them until it exists again, as in a real preview: each dependent whose
 * replace-forcing inputs hold them is replaced too, transitively. Mocked ids never change, so
 * without this a new VPC would replace only itself. Also: a provider replaced replaces every
 * resource it manages, and a Kubernetes provider follows its cluster (pulumi-kubernetes
 * DiffConfig: a kubeconfig for another cluster replaces the provider); an EKS cluster whose
 * subnets move to a new VPC cannot be updated (EKS UpdateClusterConfig: the subnets must stay
 * in the VPC the cluster was created in), so it is replaced.
 */
function cascadeReplacements(
    changes: ResourceChange[],
    before: ReadonlyMap<string, PlannedResource>,
    after: ReadonlyMap<string, PlannedResource>,
    describe: (
        resource: RecordedResource,
        op: Operation,
        properties: PropertyChange[],
        because: string[],
    ) => ResourceChange,
): void {
    const byUrn = new Map(changes.map((change) => [change.urn, change]));
    const queue = changes.filter((change) => change.op === "replace").map((change) => change.urn);
    const dependents = (urn: string) =>
        [...after.values()].filter((r) => r.dependencies.includes(urn) || r.provider === urn);
    while (queue.length > 0) {
        const urn = queue.shift()!;
        const cause = before.get(urn)!;
        // Both sides' record of what the cloud gave it: a base written before plans kept ids has none.
        const outputs = [before.get(urn), after.get(urn)]
            .flatMap((side) => [side?.id, ...Object.values(side?.computed ?? {})])
            .filter((value): value is string => typeof value === "string" && value.length >= 8);
        for (const dependent of dependents(cause.urn)) {
            const existing = byUrn.get(dependent.urn);
            const old = before.get(dependent.urn);
            if (!old || existing?.op === "replace" || existing?.op === "create" || existing?.op === "delete") continue;
            const unknown = stringLeaves(dependent.inputs)
                .filter(([, value]) => outputs.some((output) => value.includes(output)))
                .map(([path]) => path);
            let because: string[];
            if (dependent.provider === cause.urn) because = ["provider"];
            else if (dependent.type === KUBERNETES_PROVIDER && CLUSTER_TYPES.includes(cause.type))
                because = ["kubeconfig (a new cluster)"];
            else {
                because = replacingFields(dependent.type, old.inputs, dependent.inputs, unknown);
                const inNewVpc = changes.some(
                    (c) => c.op === "replace" && c.type === AWS_TYPES.vpc && cause.dependencies.includes(c.urn),
                );
                const movesVpc =
                    dependent.type === AWS_TYPES.eksCluster &&
                    cause.type === AWS_TYPES.subnet &&
                    inNewVpc &&
                    unknown.some((path) => path.startsWith("vpcConfig.subnetIds"));
                if (movesVpc) because.push("vpcConfig.subnetIds (subnets in a new VPC)");
            }
            if (because.length === 0) continue;
            const properties = unknown.map((path) => ({
                path,
                before: stringLeaves(old.inputs).find(([p]) => p === path)?.[1],
                after: `[unknown until ${cause.name} is replaced]`,
            }));
            const change = existing ?? describe(dependent, "replace", [], []);
            change.op = "replace";
            change.replaceBecause = [...new Set([...change.replaceBecause, ...because])];
            change.properties = [
                ...change.properties,
                ...properties.filter((p) => !change.properties.some((q) => q.path === p.path)),
            ];
            change.causedBy = cause.urn;
            if (!existing) {
                changes.push(change);
                byUrn.set(change.urn, change);
            }
            queue.push(dependent.urn);
        }
    }
}

/** Compares one stack's plan files; a side is undefined when it does not have the stack. */
export function diffPlans(stack: string, base: PlanFile | undefined, head: PlanFile | undefined): StackDiff {
    // Deleting a stack file destroys nothing: no preview or up of the stack runs any more, and
    // its resources keep running, unmanaged by CI, until someone runs \`pulumi destroy\` on it.
    if (base && !head) return { ...unchangedDiff(stack), presence: "removed", orphaned: base.resources.length };
    const before = new Map((base?.resources ?? []).map((r) => [r.urn, r]));
    const after = new Map((head?.resources ?? []).map((r) => [r.urn, r]));
    const changes: ResourceChange[] = [];
    const describe = (
        resource: RecordedResource,
        index: ReadonlyMap<string, RecordedResource>,
        op: Operation,
        properties: PropertyChange[],
        replaceBecause: string[],
    ): ResourceChange => ({
        op,
        urn: resource.urn,
        type: resource.type,
        name: resource.name,
        ...ownership(resource, index),
        properties,
        replaceBecause,
        protect: resource.protect,
    });

    for (const [urn, resource] of after) {
        const old = before.get(urn);
        if (!old) {
            changes.push(describe(resource, after, "create", [], []));
            continue;
        }
        // What the engine applies: ignored paths keep the old inputs (processIgnoreChanges).
        const applied = appliedInputs(old.inputs, resource.inputs, resource.ignoreChanges);
        const properties = propertyChanges(old.inputs, applied);
        const providerChanged = resource.custom && old.provider !== resource.provider;
        if (properties.length === 0 && !providerChanged && old.protect === resource.protect) continue;
        const because = replacingFields(
            resource.type,
            old.inputs,
            applied,
            properties.map((p) => p.path),
        );
        if (providerChanged) because.push("provider");
        // A provider's own inputs (region, project) change every resource that uses it.
        const op: Operation = resource.custom && because.length > 0 ? "replace" : "update";
        const change = describe(resource, after, op, properties, because);
        const refused = op === "update" ? refusedUpdate(resource.type, old.inputs, applied) : undefined;
        changes.push(refused ? { ...change, refused } : change);
    }
    for (const [urn, resource] of before)
        if (!after.has(urn)) changes.push(describe(resource, before, "delete", [], []));
    cascadeReplacements(changes, before, after, (resource, op, properties, because) =>
        describe(resource, after, op, properties, because),
    );
    for (const change of changes.filter((c) => c.op === "replace"))
        change.deletesFirst = deletesFirst(before.get(change.urn)!, after.get(change.urn)!);
    // Version changes EKS refuses because of where the node groups are.
    for (const skew of versionSkewRefusals(before, after)) {
        const change = changes.find((c) => c.urn === skew.urn);
        if (!change) continue;
        change.refused = change.refused
            ? { provider: skew.provider, reason: `${change.refused.reason}; and ${skew.reason}` }
            : { provider: skew.provider, reason: skew.reason };
    }
    changes.sort((a, b) => compareCodeUnits(a.urn, b.urn));

    const urnChanges = findUrnChanges(
        changes.filter((c) => c.op === "delete").map((c) => before.get(c.urn)!),
        changes.filter((c) => c.op === "create").map((c) => after.get(c.urn)!),
    );
    const counts: Record<Operation, number> = { create: 0, update: 0, delete: 0, replace: 0 };
    for (const change of changes) counts[change.op] += 1;

    const warnings: string[] = [];
    for (const moved of urnChanges) {
        const oldName = moved.from.split("::").pop();
        const hint =
            moved.why === "renamed"
                ? `aliases: [{ name: "${oldName}" }]`
                : `aliases: [{ parent: <the old parent> }] (or the old URN "${moved.from}")`;
        warnings.push(
            `URN change (${moved.why}): ${label(moved.from)} becomes ${label(moved.to)}. Pulumi will delete and recreate it; keep it with \`${hint}\`.`,
        );
    }
    for (const change of changes.filter((c) => c.refused))
        warnings.push(`${change.refused!.provider} refuses: ${shortName(change)} ${change.refused!.reason}.`);
    warnings.push(...replacementWarnings(changes.filter((c) => !isSoak(c))), ...nodeGroupReplacements(changes));
    const renamedAway = new Set(urnChanges.map((m) => m.from));
    for (const change of changes.filter(
        (c) => c.op === "delete" && STATEFUL_TYPES.includes(c.type) && !renamedAway.has(c.urn),
    )) {
        warnings.push(
            `Would delete ${shortName(change)}${change.cluster ? ` (${change.cluster})` : ""}, which holds state.${change.protect ? " It is protected, so the update will fail until protection is lifted." : ""}`,
        );
    }

    return {
        stack,
        presence: base && head ? "both" : head ? "added" : "removed",
        counts,
        changes,
        urnChanges,
        placement: placementRows(base, head),
        dns: dnsChanges(base, head),
        newViolations: newViolations(base, head),
        warnings,
        // A loss a service no longer survives is an availability finding, read first; then drains.
        traffic: [
            ...trafficAndAvailability(base, head, changes),
            ...resilienceWarnings(base, head),
            ...drainFindings(base, head, changes),
            ...clusterRemovalAdvice(base, head),
            ...deleteFirstOutages(changes),
            ...autoscalingHandovers(base, head, changes),
        ],
        summaryWarnings: summaryWarnings(base, head),
    };
}

/** `a, b, c` for up to three names, else `N <type>`: a list a reviewer can still read. */
function namesOrCount(changes: readonly ResourceChange[]): string {
    const byType = new Map<string, ResourceChange[]>();
    for (const change of changes)
        byType.set(shortType(change.type), [...(byType.get(shortType(change.type)) ?? []), change]);
    return [...byType.entries()]
        .map(([type, members]) =>
            members.length <= 3 ? members.map(shortName).join(", ") : `${members.length} ${type}`,
        )
        .join(", ");
}

/**
 * One warning per cluster (and one for what lies outside any) with replacements: what is
 * replaced by its own change, what that replaces in turn, and first among them the protected
 * members (the update fails on them) and the stateful ones (data and service lost in between).
 */
function replacementWarnings(changes: readonly ResourceChange[]): string[] {
    const replaced = changes.filter((c) => c.op === "replace");
    const clusters = [...new Set(replaced.map((c) => c.cluster ?? ""))].sort(compareCodeUnits);
    return clusters.map((cluster) => {
        const here = replaced.filter((c) => (c.cluster ?? "") === cluster);
        const roots = here.filter((c) => !c.causedBy);
        const followers = here.filter((c) => c.causedBy);
        const reasons = new Map<string, ResourceChange[]>();
        for (const root of roots) {
            const reason = root.replaceBecause.join(", ");
            reasons.set(reason, [...(reasons.get(reason) ?? []), root]);
        }
        const causes = [...reasons.entries()].map(
            ([reason, members]) => `${namesOrCount(members)} (${reason} changed)`,
        );
        const protectedOnes = here.filter((c) => c.protect).map(shortName);
        // A node group replaced create-before-delete keeps its capacity throughout (replace-modes.ts).
        const stateful = here
            .filter((c) => STATEFUL_TYPES.includes(c.type) && !(c.type === NODE_GROUP && !c.deletesFirst))
            .map(shortName);
        return (
            `Would replace in ${cluster || "no cluster"}: ${causes.join("; ")}` +
            (followers.length > 0 ? `; with them ${followers.length} more: ${namesOrCount(followers)}` : "") +
            "." +
            (protectedOnes.length > 0
                ? ` Protected, so the update fails until protection is lifted: ${protectedOnes.join(", ")}.`
                : "") +
            (stateful.length > 0 ? ` Holds state, lost in between: ${stateful.join(", ")}.` : "")
        );
    });
}

/**
 * A stack whose preview failed on one side: nothing is compared, so nothing is reported as
 * created or deleted; the report is that error alone.
 */
export function failedDiff(stack: string, side: "base" | "head", message: string): StackDiff {
    return { ...unchangedDiff(stack), previewError: { side, message } };
}

/**
 * A stack whose base and head have the same inputs, so the same plan: what diffPlans says of
 * a plan and itself, without either (nothing to create, update, delete or replace).
 */
export function unchangedDiff(stack: string): StackDiff {
    return {
        stack,
        presence: "both",
        counts: { create: 0, update: 0, delete: 0, replace: 0 },
        changes: [],
        urnChanges: [],
        placement: [],
        dns: { added: [], removed: [], changed: [] },
        newViolations: [],
        warnings: [],
        traffic: [],
        summaryWarnings: [],
    };
}

/**
 * Why a diff must fail the check: either side does not preview, a new mandatory policy
 * violation, a protected resource that would be deleted or replaced, or an update the
 * provider refuses (in each of the last two the update fails).
 * Empty when it may pass.
 */
export function failureReasons(diff: StackDiff): string[] {
    const reasons: string[] = [];
    // Fail closed on either side: a base that does not preview leaves nothing to compare the
    // head with, so the check cannot say what merging does (a stack new in the head has no base
    // side at all and is never a failedDiff of the base).
    if (diff.previewError) reasons.push(`the ${diff.previewError.side} does not preview: ${diff.previewError.message}`);
    const mandatory = diff.newViolations.filter((v) => v.level === "mandatory");
    if (mandatory.length > 0) reasons.push(`${mandatory.length} new mandatory policy violation(s)`);
    const blocked = diff.changes.filter((c) => c.protect && (c.op === "delete" || c.op === "replace"));
    if (blocked.length > 0) reasons.push(`${blocked.length} protected resource(s) would be deleted or replaced`);
    const refused = diff.changes.filter((c) => c.refused);
    if (refused.length > 0) reasons.push(`${refused.length} update(s) the provider refuses`);
    return reasons;
}
