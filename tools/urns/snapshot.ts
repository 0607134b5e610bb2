// URN stability: the checked-in list of a stack's URNs, and which of them a program run
// would keep (same URN, or claimed by an alias) or lose. Pure: no files, no engine.
//
// Aliases are judged the way the engine judges them when the SDK sends alias specs (it
// does: `supportsAliasSpecs`). The SDK sends each alias as either `{ urn }` or `{ spec:
// { name, type, project, stack, parenturn | noparent } }`, empty fields meaning "this
// resource's own"; an alias without `parent` gets the resource's parent as `parenturn`.
// The engine (step_generator.go: generateAliases, collapseAliasToUrn, inheritedChildAlias)
// then computes the old URNs, and a child also inherits the old URN its parent was matched
// by, with the parent's old name swapped into a child name that starts with the parent's.
import type { RecordedResource } from "../../src/preview/harness/recording-monitor";
import { compareCodeUnits, editDistance } from "../../src/plan/core/order";

/** The command that rewrites the URN snapshots; one that drops URNs also needs `--allow-delete`. */
export const UPDATE_COMMAND = "npm run urns -- --update";
const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";

/** A URN's parts. */
export interface ParsedUrn {
    stack: string;
    project: string;
    /** Every ancestor's type and the resource's own, joined by `$`. */
    qualifiedType: string;
    /** The resource's own type. */
    type: string;
    /** The parent's qualified type; "" for a resource without a parent. */
    parentType: string;
    name: string;
}

/** Splits a URN into its parts; throws for text that is not a Pulumi URN. */
export function parseUrn(urn: string): ParsedUrn {
    const parts = urn.split("::");
    if (parts.length < 4 || !parts[0].startsWith("urn:pulumi:")) throw new Error(`not a Pulumi URN: "${urn}"`);
    const qualifiedType = parts[2];
    const cut = qualifiedType.lastIndexOf("$");
    return {
        stack: parts[0].slice("urn:pulumi:".length),
        project: parts[1],
        qualifiedType,
        type: qualifiedType.slice(cut + 1),
        parentType: cut < 0 ? "" : qualifiedType.slice(0, cut),
        // A name may itself contain "::".
        name: parts.slice(3).join("::"),
    };
}

/** The engine's CreateURN: the type is qualified by the parent's qualified type, unless the parent is the stack. */
export function createUrn(
    name: string,
    type: string,
    parentUrn: string | undefined,
    project: string,
    stack: string,
): string {
    const parentType = parentUrn ? parseUrn(parentUrn).qualifiedType : "";
    const qualifiedType = parentType && parentType !== ROOT_STACK_TYPE ? `${parentType}$${type}` : type;
    return `urn:pulumi:${stack}::${project}::${qualifiedType}::${name}`;
}

/** An alias as recorded from the wire (`alias.toObject()`, masked). */
export interface WireAlias {
    urn?: string;
    spec?: { name?: string; type?: string; project?: string; stack?: string; parenturn?: string; noparent?: boolean };
}

function asWireAlias(value: unknown): WireAlias | undefined {
    if (typeof value === "string") return value ? { urn: value } : undefined;
    if (value === null || typeof value !== "object") return undefined;
    const alias = value as WireAlias;
    if (alias.urn) return { urn: alias.urn };
    return alias.spec && typeof alias.spec === "object" ? { spec: alias.spec } : undefined;
}

/** The engine's inheritedChildAlias: the child under its parent's old URN, renamed along when its name starts with the parent's. */
function inheritedChildAlias(
    childType: string,
    childName: string,
    parentName: string,
    parentAlias: string,
    project: string,
    stack: string,
): string {
    const old = parseUrn(parentAlias);
    const name = childName.startsWith(parentName) ? old.name + childName.slice(parentName.length) : childName;
    return `urn:pulumi:${stack}::${project}::${old.qualifiedType}$${childType}::${name}`;
}

interface Resolution {
    /** Per resource URN: the old URNs its aliases stand for, in the engine's order. */
    aliases: Map<string, string[]>;
    /** With old URNs given: the resources the engine would match to an old URN by an alias (new URN → old URN). */
    matched: Map<string, string>;
}

/**
 * Computes every resource's alias URNs. With `old` (the URNs in state), as the engine does:
 * a resource whose own URN is in state keeps it; otherwise the first alias URN in state is
 * the one it takes over, and only that one is passed on to its children. Without `old`,
 * every alias URN of a parent is passed on, so the result is every URN a run could claim.
 * Parents (and parents named in aliases) are resolved first, as they register first.
 */
function resolveAliases(resources: readonly RecordedResource[], old?: ReadonlySet<string>): Resolution {
    const byUrn = new Map(resources.map((resource) => [resource.urn, resource]));
    const aliases = new Map<string, string[]>();
    const matched = new Map<string, string>();
    const visiting = new Set<string>();
    const knownAs = (urn: string): string[] => {
        if (!old) return aliases.get(urn) ?? [];
        const hit = matched.get(urn);
        return hit ? [hit] : [];
    };

    const visit = (resource: RecordedResource) => {
        if (aliases.has(resource.urn) || visiting.has(resource.urn)) return;
        visiting.add(resource.urn);
        const own = resource.aliases.map(asWireAlias).filter((alias): alias is WireAlias => alias !== undefined);
        for (const dependency of [resource.parent, ...own.map((alias) => alias.spec?.parenturn)]) {
            const recorded = dependency ? byUrn.get(dependency) : undefined;
            if (recorded) visit(recorded);
        }
        const { project, stack } = parseUrn(resource.urn);

        // collapseAliasToUrn; a parent named in the alias stands for its old URN if it took one over.
        const collapse = (alias: WireAlias): string[] => {
            if (alias.urn) return [alias.urn];
            const spec = alias.spec ?? {};
            const name = spec.name || resource.name;
            const type = spec.type || resource.type;
            let parents: (string | undefined)[];
            if (spec.noparent) parents = [undefined];
            else if (spec.parenturn)
                parents = old
                    ? [knownAs(spec.parenturn)[0] ?? spec.parenturn]
                    : [spec.parenturn, ...knownAs(spec.parenturn)];
            else parents = [resource.parent];
            return parents.map((parent) => createUrn(name, type, parent, spec.project || project, spec.stack || stack));
        };
        const collapsed = own.flatMap(collapse);
        const all = [...collapsed];
        if (resource.parent) {
            const parentName = parseUrn(resource.parent).name;
            for (const parentAlias of knownAs(resource.parent)) {
                all.push(inheritedChildAlias(resource.type, resource.name, parentName, parentAlias, project, stack));
                for (const urn of collapsed) {
                    const aliased = parseUrn(urn);
                    all.push(inheritedChildAlias(aliased.type, aliased.name, parentName, parentAlias, project, stack));
                }
            }
        }
        const unique = [...new Set(all)];
        aliases.set(resource.urn, unique);
        visiting.delete(resource.urn);
        if (old && !old.has(resource.urn)) {
            const hit = unique.find((urn) => old.has(urn));
            if (hit) matched.set(resource.urn, hit);
        }
    };
    for (const resource of resources) visit(resource);
    return { aliases, matched };
}

/** The URNs of a run, sorted by code unit, without duplicates. */
export function urnsOf(resources: readonly RecordedResource[]): string[] {
    return [...new Set(resources.map((resource) => resource.urn))].sort(compareCodeUnits);
}

/**
 * Every old URN the run's aliases claim, sorted: each alias collapsed per the engine's
 * rules, plus what children inherit from their parents' aliases (assuming any parent alias
 * may be the one matched). With `old` given, only what the engine would actually take over
 * from that state: per resource the first alias URN found there, if its own URN is not.
 */
export function claimedOldUrns(resources: readonly RecordedResource[], old?: Iterable<string>): string[] {
    if (old) return [...new Set(resolveAliases(resources, new Set(old)).matched.values())].sort(compareCodeUnits);
    return [...new Set([...resolveAliases(resources).aliases.values()].flat())].sort(compareCodeUnits);
}

/** A recorded URN the run would lose, with a hint: the alias that would keep it, or how to accept the loss. */
export interface MissingUrn {
    urn: string;
    hint: string;
}
/** What checkUrns found: recorded URNs the run would lose, and URNs of the run not recorded yet. */
export interface UrnCheck {
    missing: MissingUrn[];
    added: string[];
}

const label = (urn: string) => urn.split("::").slice(2).join("::");
const quote = (text: string) => JSON.stringify(text);

interface Proposal {
    candidate: RecordedResource;
    alias: WireAlias;
    code: string;
    why: string;
}
interface Accepted extends Proposal {
    oldUrn: string;
}

/** Alias proposals that would let an unmatched new resource take over `oldUrn`, likeliest first. */
function proposals(
    oldUrn: string,
    pool: readonly RecordedResource[],
    snapshot: readonly string[],
    current: ReadonlySet<string>,
): Proposal[] {
    const old = parseUrn(oldUrn);
    const byLikeness = (a: RecordedResource, b: RecordedResource) =>
        editDistance(a.name, old.name) - editDistance(b.name, old.name) || compareCodeUnits(a.urn, b.urn);
    const sameType = pool.filter((r) => r.type === old.type).sort(byLikeness);
    const parentTypeOf = (r: RecordedResource) => parseUrn(r.urn).parentType;
    const out: Proposal[] = [];

    // Same type and name under another parent: re-parented.
    for (const candidate of sameType.filter((r) => r.name === old.name)) {
        if (!old.parentType) {
            out.push({
                candidate,
                alias: { spec: { noparent: true } },
                code: "aliases: [{ parent: pulumi.rootStackResource }]",
                why: "moved under a parent; it had none",
            });
            continue;
        }
        // The old parent: a recorded URN of the old parent type, likeliest the one whose name starts this one's.
        const parents = snapshot
            .filter((urn) => parseUrn(urn).qualifiedType === old.parentType)
            .sort(
                (a, b) =>
                    Number(old.name.startsWith(parseUrn(b).name)) - Number(old.name.startsWith(parseUrn(a).name)) ||
                    parseUrn(b).name.length - parseUrn(a).name.length ||
                    compareCodeUnits(a, b),
            );
        for (const parent of parents) {
            const still = current.has(parent)
                ? ` (or pass that ${parseUrn(parent).type} ${quote(parseUrn(parent).name)} resource object itself as \`parent\`)`
                : "";
            out.push({
                candidate,
                alias: { spec: { parenturn: parent } },
                code: `aliases: [{ parent: ${quote(parent)} }]${still}`,
                why: `moved from under ${label(parent)}`,
            });
        }
    }
    // Same type under the same kind of parent, another name: renamed.
    for (const candidate of sameType.filter((r) => r.name !== old.name && parentTypeOf(r) === old.parentType)) {
        out.push({
            candidate,
            alias: { spec: { name: old.name, parenturn: candidate.parent ?? "" } },
            code: `aliases: [{ name: ${quote(old.name)} }]`,
            why: `renamed from ${quote(old.name)}`,
        });
    }
    // Same name and kind of parent, another type: its type token changed.
    for (const candidate of pool.filter(
        (r) => r.name === old.name && r.type !== old.type && parentTypeOf(r) === old.parentType,
    )) {
        out.push({
            candidate,
            alias: { spec: { type: old.type, parenturn: candidate.parent ?? "" } },
            code: `aliases: [{ type: ${quote(old.type)} }]`,
            why: `its type changed from ${old.type}`,
        });
    }
    // Same type, other name and parent: only the full old URN says both.
    for (const candidate of sameType.filter((r) => r.name !== old.name && parentTypeOf(r) !== old.parentType)) {
        out.push({ candidate, alias: { urn: oldUrn }, code: `aliases: [${quote(oldUrn)}]`, why: "renamed and moved" });
    }
    return out;
}

const DELETE_NOTE = `If deleting it is intended, update the snapshot: \`${UPDATE_COMMAND} --allow-delete\`, and commit it.`;

function proposalHint(accepted: Accepted): string {
    const { candidate } = accepted;
    const existing = candidate.aliases.length > 0 ? " (next to the aliases it already has)" : "";
    const exact = accepted.alias.urn ? "" : `\nor name the old URN exactly: \`aliases: [${quote(accepted.oldUrn)}]\``;
    return (
        `No resource registers this URN any more, so \`pulumi up\` would delete it.\n` +
        `Likely replaced by ${candidate.type} ${quote(candidate.name)} (${label(candidate.urn)}): ${accepted.why}.\n` +
        `To move its state instead, add to that resource's options${existing}:\n    ${accepted.code}${exact}\n` +
        DELETE_NOTE
    );
}

function noCandidateHint(oldUrn: string): string {
    const old = parseUrn(oldUrn);
    return (
        `No resource registers this URN any more, so \`pulumi up\` would delete it.\n` +
        `No candidate replacement found (best effort: a new ${old.type} with the same name under another parent, or under the same parent with another name).\n` +
        `If it was renamed or moved, add to the options of the resource that replaces it \`aliases: [{ name: ${quote(old.name)} }]\` (renamed), ` +
        `\`aliases: [{ parent: <old parent> }]\` (moved), or the old URN itself: \`aliases: [${quote(oldUrn)}]\`.\n` +
        DELETE_NOTE
    );
}

/**
 * Compares a run with the recorded URNs. `missing`: recorded URNs no resource registers and
 * no alias takes over (as the engine would match them against a state holding exactly the
 * recorded URNs), each with a hint, parents before children (fewest types in the URN first,
 * then code-unit order); `added`: URNs of the run that are not recorded, in code-unit order.
 */
export function checkUrns(snapshot: readonly string[], resources: readonly RecordedResource[]): UrnCheck {
    const old = new Set(snapshot);
    const urns = urnsOf(resources);
    const current = new Set(urns);
    const added = urns.filter((urn) => !old.has(urn));
    const takenOver = new Set(resolveAliases(resources, old).matched.values());
    const lost = [...old].filter((urn) => !current.has(urn) && !takenOver.has(urn)).sort(compareCodeUnits);
    if (lost.length === 0) return { missing: [], added };

    // Hints: try proposals, each applied on top of those already chosen, shallowest first so
    // a component's alias is chosen before its children, which usually inherit it.
    const accepted: Accepted[] = [];
    const simulate = (extra: Accepted[]) => {
        const byCandidate = new Map<string, WireAlias[]>();
        for (const p of extra) byCandidate.set(p.candidate.urn, [...(byCandidate.get(p.candidate.urn) ?? []), p.alias]);
        const patched = resources.map((r) =>
            byCandidate.has(r.urn) ? { ...r, aliases: [...r.aliases, ...byCandidate.get(r.urn)!] } : r,
        );
        return resolveAliases(patched, old).matched;
    };
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const depth = (urn: string) => parseUrn(urn).qualifiedType.split("$").length;
    const hints = new Map<string, string>();
    const shallowFirst = [...lost].sort((a, b) => depth(a) - depth(b) || compareCodeUnits(a, b));
    for (const urn of shallowFirst) {
        const matched = simulate(accepted);
        const claimer = [...matched.entries()].find(([, oldUrn]) => oldUrn === urn)?.[0];
        if (claimer) {
            // Inherited from an ancestor's proposed alias.
            let ancestor = byUrn.get(claimer)?.parent;
            let via: Accepted | undefined;
            while (ancestor && !via) {
                via = accepted.find((p) => p.candidate.urn === ancestor);
                ancestor = byUrn.get(ancestor)?.parent;
            }
            const from = via ? `the alias proposed for ${label(via.oldUrn)}` : "the aliases proposed for the others";
            hints.set(
                urn,
                `Carried along by ${from}: ${label(claimer)} inherits it (a child inherits its parent's alias, ` +
                    `with the parent's old name in place of its new one at the start of the child's name). Nothing to add for this one.\n${DELETE_NOTE}`,
            );
            continue;
        }
        const pool = resources.filter((r) => !old.has(r.urn) && !matched.has(r.urn));
        const chosen = proposals(urn, pool, snapshot, current).find(
            (p) => simulate([...accepted, { ...p, oldUrn: urn }]).get(p.candidate.urn) === urn,
        );
        if (chosen) {
            const entry = { ...chosen, oldUrn: urn };
            accepted.push(entry);
            hints.set(urn, proposalHint(entry));
        } else {
            hints.set(urn, noCandidateHint(urn));
        }
    }
    return { missing: shallowFirst.map((urn) => ({ urn, hint: hints.get(urn)! })), added };
}

/** The snapshot file's text: one URN a line, code-unit order, trailing newline. */
export function renderSnapshot(urns: Iterable<string>): string {
    const sorted = [...new Set(urns)].sort(compareCodeUnits);
    return sorted.length ? `${sorted.join("\n")}\n` : "";
}

/** The URNs of a snapshot file's text, one a line; blank lines and `#` comments are skipped. */
export function parseSnapshot(text: string): string[] {
    return text
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line !== "" && !line.startsWith("#"));
}

const indent = (text: string, prefix: string) =>
    text
        .split("\n")
        .map((line) => prefix + line)
        .join("\n");

/** The failure text for URNs that would be lost: each with its hint. */
export function describeMissing(stack: string, missing: readonly MissingUrn[]): string {
    return (
        `${missing.length} URN${missing.length === 1 ? "" : "s"} of stack ${stack} would be lost (deleted, and recreated if something replaces them) without an alias:\n` +
        missing.map((m) => `- ${m.urn}\n${indent(m.hint, "    ")}`).join("\n")
    );
}

/** The failure text for URNs not recorded yet. */
export function describeAdded(stack: string, added: readonly string[], snapshotFile: string): string {
    return (
        `${added.length} URN${added.length === 1 ? "" : "s"} of stack ${stack} ${added.length === 1 ? "is" : "are"} not in ${snapshotFile}. ` +
        `Run \`${UPDATE_COMMAND}\` and commit the snapshot, so that a later change that loses ${added.length === 1 ? "it" : "them"} is caught:\n` +
        added.map((urn) => `+ ${urn}`).join("\n")
    );
}
