// The order `pulumi up` must keep, read from what a program registered: a resource waits for
// every resource it depends on (its `dependencies`, explicit and through its inputs) and for its
// explicit provider, which waits for its own inputs in turn (the SDK registers a resource once
// those finished their steps: sdk/nodejs/runtime/resource.ts, prepareResource). Parents are not
// edges: a component registers at once and waits for nothing.
import assert from "node:assert/strict";
import type { RecordedResource } from "../../src/preview/harness/recording-monitor";

/** What each resource waits for, by URN: its dependencies and its provider. */
export function waitsFor(resources: readonly RecordedResource[]): Map<string, string[]> {
    const known = new Set(resources.map((r) => r.urn));
    return new Map(
        resources.map((r) => [
            r.urn,
            [...new Set([...r.dependencies, ...(r.provider ? [r.provider] : [])])].filter((urn) => known.has(urn)),
        ]),
    );
}

/** Every URN a resource waits for, directly or through others. */
export function closure(urn: string, edges: ReadonlyMap<string, readonly string[]>): Set<string> {
    const seen = new Set<string>();
    const stack = [...(edges.get(urn) ?? [])];
    while (stack.length > 0) {
        const next = stack.pop()!;
        if (seen.has(next)) continue;
        seen.add(next);
        stack.push(...(edges.get(next) ?? []));
    }
    return seen;
}

/**
 * The longest chain of resources that must finish one after another, first to last: the
 * critical path of a first `up` counted in steps. `counts` picks the resources a chain is
 * measured in (all by default); the others still carry the order between them.
 */
export function longestChain(
    resources: readonly RecordedResource[],
    counts: (resource: RecordedResource) => boolean = () => true,
): RecordedResource[] {
    const edges = waitsFor(resources);
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const memo = new Map<string, RecordedResource[]>();
    const chainTo = (urn: string): RecordedResource[] => {
        const found = memo.get(urn);
        if (found) return found;
        memo.set(urn, []); // a cycle cannot be scheduled; the engine refuses it long before
        let best: RecordedResource[] = [];
        for (const on of edges.get(urn) ?? []) {
            const chain = chainTo(on);
            if (chain.length > best.length) best = chain;
        }
        const self = byUrn.get(urn)!;
        const chain = counts(self) ? [...best, self] : best;
        memo.set(urn, chain);
        return chain;
    };
    return resources.map((r) => chainTo(r.urn)).reduce((a, b) => (b.length > a.length ? b : a), []);
}

/** Condemned resources in the steps a delete runs them, and the step a URN is deleted in. */
export interface DeleteSteps {
    steps: RecordedResource[][];
    stepOf(urn: string): number;
}

/**
 * The order `pulumi up` deletes `condemned` in, as the engine's ScheduleDeletes does: dependents
 * first, so a resource goes in the first step after nothing condemned that depends on it is left.
 */
export function deleteSteps(condemned: readonly RecordedResource[]): DeleteSteps {
    const byUrn = new Map(condemned.map((r) => [r.urn, r]));
    const left = new Set(byUrn.keys());
    const steps: RecordedResource[][] = [];
    while (left.size > 0) {
        const ready = [...left].filter(
            (urn) => !condemned.some((r) => left.has(r.urn) && r.dependencies.includes(urn)),
        );
        assert.ok(ready.length > 0, "no dependency cycle");
        steps.push(ready.map((urn) => byUrn.get(urn)!));
        ready.forEach((urn) => left.delete(urn));
    }
    return { steps, stepOf: (urn) => steps.findIndex((step) => step.some((r) => r.urn === urn)) };
}
