// What a change does to one stack, from its plan files before and after. Pure.
// Operations follow the engine's rules as far as a plan can tell: a new URN is a create,
// a gone URN a delete, changed inputs an update, or a replace where the provider forces it.
import type { RecordedResource } from "../harness/recording-monitor";
import type { Violation } from "../policy/run-pack";
import { replacingFields, STATEFUL_TYPES } from "./replace-rules";
import { compareCodeUnits } from "../../components/core/order";
import { lookupIn, owningClusterOfRecord } from "../harness/ownership";

/** A plan.json as the offline preview writes it: what the run registered, its outputs and its policy verdict. */
export interface PlanFile {
    project: string;
    stack: string;
    stackFile: string;
    resources: RecordedResource[];
    outputs: Record<string, unknown>;
    policy?: { config: string; violations: Violation[] };
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

interface DnsRecord {
    name: string;
    type: string;
    policy: string;
    detail?: string;
    targets: string[];
    healthChecked: boolean;
}
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

const SERVICE_TYPE = "fedfleet:service:FederatedService";

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
            candidates.find((c) => c.custom && c.provider === old.provider && sameInputs(c, old));
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
    const key = (v: Violation) => `${v.policy}|${v.level}|${v.urn}|${v.message}`;
    const before = new Set((base?.policy?.violations ?? []).map(key));
    return (head?.policy?.violations ?? []).filter((v) => !before.has(key(v)));
}

const label = (urn: string) => urn.split("::").slice(2).join("::");

/** Compares one stack's plan files; a side is undefined when it does not have the stack. */
export function diffPlans(stack: string, base: PlanFile | undefined, head: PlanFile | undefined): StackDiff {
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
        const properties = propertyChanges(old.inputs, resource.inputs);
        const providerChanged = resource.custom && old.provider !== resource.provider;
        if (properties.length === 0 && !providerChanged && old.protect === resource.protect) continue;
        const because = replacingFields(
            resource.type,
            old.inputs,
            resource.inputs,
            properties.map((p) => p.path),
        );
        if (providerChanged) because.push("provider");
        // A provider's own inputs (region, project) change every resource that uses it.
        const op: Operation = resource.custom && because.length > 0 ? "replace" : "update";
        changes.push(describe(resource, after, op, properties, because));
    }
    for (const [urn, resource] of before)
        if (!after.has(urn)) changes.push(describe(resource, before, "delete", [], []));
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
    for (const change of changes.filter((c) => c.op === "replace")) {
        const stateful = STATEFUL_TYPES.includes(change.type)
            ? " It holds state: data and service are lost in between."
            : "";
        warnings.push(
            `Would replace ${label(change.urn)}: ${change.replaceBecause.join(", ")} changed.${stateful}${change.protect ? " It is protected, so the update will fail until protection is lifted." : ""}`,
        );
    }
    const renamedAway = new Set(urnChanges.map((m) => m.from));
    for (const change of changes.filter(
        (c) => c.op === "delete" && STATEFUL_TYPES.includes(c.type) && !renamedAway.has(c.urn),
    )) {
        warnings.push(
            `Would delete ${label(change.urn)}, which holds state.${change.protect ? " It is protected, so the update will fail until protection is lifted." : ""}`,
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
    };
}
