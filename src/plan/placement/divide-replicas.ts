/*
 * divideReplicas: split a federated service's total replica count among its
 * chosen clusters, in proportion to their weights, within per-cluster bounds.
 *
 * Method: Webster / Sainte-Laguë in Huntington's sequential form.
 *   1. Every cluster first receives its minReplicas.
 *   2. The remaining replicas are handed out one at a time. Each goes to the
 *      cluster with the highest priority weight / (2a + 1), where a is the
 *      cluster's current allocation (its minimum included). Clusters at their
 *      maxReplicas are skipped; weight-0 clusters never get more than their
 *      minimum. Ties go to the lexicographically smallest cluster name.
 *   3. Priorities are compared exactly by cross-multiplication,
 *      w1 * (2a2 + 1) vs w2 * (2a1 + 1), on integers (BigInt if a product
 *      leaves the safe-integer range), so there is no floating-point error.
 *
 * Why: KubeFed's greedy split gives 4/4/2 for 10 replicas over three equal
 * clusters and silently leaves replicas unplaced when every weight is zero.
 * Webster's divisor method (standard rounding) gives 4/3/3, has the least
 * bias between large and small clusters, and without bounds matches
 * "find a divisor d, round each weight / d half-up" exactly.
 *
 * House monotonicity: the result for total t + 1 is the result for t plus one
 * more step of the same deterministic sequence, so raising the total never
 * takes a replica away from any cluster. Starting from the minimums does not
 * break this: the minimums are a fixed starting point that does not depend on
 * the total, and every extra replica is still just the next step from there.
 *
 * Determinism: requests are sorted by cluster name (UTF-16 code-unit order)
 * before anything else, so neither the result nor any error depends on the
 * order of the input. Keys of the result are in that order too (but note that
 * JavaScript lists integer-like keys such as "7" first, in numeric order).
 *
 * Cost is O(total x clusters), fine for replica counts.
 *
 * Anything that leaves no valid answer throws ReplicaDivisionError with a
 * one-line message; in particular, if replicas remain and every cluster with
 * room has weight 0, it throws instead of leaving them unplaced.
 */

import { byKey } from "../core/order";

/** One cluster's claim on a service's replicas: its weight and bounds. */
export interface ClusterShareRequest {
    cluster: string;
    weight: number;
    minReplicas: number;
    /** undefined = unbounded */
    maxReplicas?: number;
}

/** cluster -> replicas, keys in cluster-name order */
export type ReplicaDivision = Record<string, number>;

/** A request divideReplicas cannot satisfy; its message is one line. */
export class ReplicaDivisionError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "ReplicaDivisionError";
    }
}

function isNonNegativeInteger(n: unknown): n is number {
    return typeof n === "number" && Number.isSafeInteger(n) && n >= 0;
}

function show(v: unknown): string {
    return typeof v === "string" ? JSON.stringify(v) : String(v);
}

/** Sign of (x1 * y1 - x2 * y2), exact for non-negative safe integers. */
function compareProducts(x1: number, y1: number, x2: number, y2: number): number {
    const p1 = x1 * y1;
    const p2 = x2 * y2;
    if (Number.isSafeInteger(p1) && Number.isSafeInteger(p2)) {
        return p1 === p2 ? 0 : p1 > p2 ? 1 : -1;
    }
    const b1 = BigInt(x1) * BigInt(y1);
    const b2 = BigInt(x2) * BigInt(y2);
    return b1 === b2 ? 0 : b1 > b2 ? 1 : -1;
}

interface Slot {
    cluster: string;
    weight: number;
    max: number | undefined;
    alloc: number;
}

/**
 * Divides `total` replicas among the requested clusters as described at the top of this file.
 * Throws ReplicaDivisionError on a bad request or when no division fits the bounds.
 */
export function divideReplicas(total: number, requests: readonly ClusterShareRequest[]): ReplicaDivision {
    if (!isNonNegativeInteger(total)) {
        throw new ReplicaDivisionError(`total replicas ${show(total)} is not a non-negative integer`);
    }
    for (const r of requests) {
        if (typeof r.cluster !== "string" || r.cluster.length === 0) {
            throw new ReplicaDivisionError(`cluster name ${show(r.cluster)} is not a non-empty string`);
        }
    }
    const sorted = [...requests].sort(byKey((request) => request.cluster));

    for (let i = 0; i < sorted.length; i++) {
        const r = sorted[i];
        const name = r.cluster;
        if (i > 0 && sorted[i - 1].cluster === name) {
            throw new ReplicaDivisionError(`cluster ${name}: declared more than once`);
        }
        if (!isNonNegativeInteger(r.weight)) {
            throw new ReplicaDivisionError(`cluster ${name}: weight ${show(r.weight)} is not a non-negative integer`);
        }
        if (!isNonNegativeInteger(r.minReplicas)) {
            throw new ReplicaDivisionError(
                `cluster ${name}: minReplicas ${show(r.minReplicas)} is not a non-negative integer`,
            );
        }
        if (r.maxReplicas !== undefined) {
            if (!isNonNegativeInteger(r.maxReplicas)) {
                throw new ReplicaDivisionError(
                    `cluster ${name}: maxReplicas ${show(r.maxReplicas)} is not a non-negative integer`,
                );
            }
            if (r.minReplicas > r.maxReplicas) {
                throw new ReplicaDivisionError(
                    `cluster ${name}: minReplicas ${r.minReplicas} is above maxReplicas ${r.maxReplicas}`,
                );
            }
        }
    }

    if (sorted.length === 0) {
        if (total > 0) {
            throw new ReplicaDivisionError(`no clusters to place ${total} replicas on`);
        }
        return {};
    }

    const sumMin = sorted.reduce((acc, r) => acc + r.minReplicas, 0);
    if (sumMin > total) {
        throw new ReplicaDivisionError(`sum of minReplicas (${sumMin}) is above total replicas ${total}`);
    }
    if (sorted.every((r) => r.maxReplicas !== undefined)) {
        const sumMax = sorted.reduce((acc, r) => acc + (r.maxReplicas as number), 0);
        if (sumMax < total) {
            throw new ReplicaDivisionError(`sum of maxReplicas (${sumMax}) is below total replicas ${total}`);
        }
    }

    const slots: Slot[] = sorted.map((r) => ({
        cluster: r.cluster,
        weight: r.weight,
        max: r.maxReplicas,
        alloc: r.minReplicas,
    }));

    for (let left = total - sumMin; left > 0; left--) {
        let best: Slot | undefined;
        for (const s of slots) {
            if (s.weight === 0 || (s.max !== undefined && s.alloc >= s.max)) continue;
            // s beats best iff s.weight / (2 s.alloc + 1) > best.weight / (2 best.alloc + 1);
            // on a tie the earlier (smaller) name, already in best, wins.
            if (best === undefined || compareProducts(s.weight, 2 * best.alloc + 1, best.weight, 2 * s.alloc + 1) > 0) {
                best = s;
            }
        }
        if (best === undefined) {
            const room = slots.filter((s) => s.max === undefined || s.alloc < s.max).map((s) => s.cluster);
            throw new ReplicaDivisionError(
                `all weights are zero while ${left} replicas are left to place (clusters with room: ${room.join(", ")})`,
            );
        }
        best.alloc++;
    }

    // fromEntries defines own data properties, so even a cluster named "__proto__" survives.
    return Object.fromEntries(slots.map((s) => [s.cluster, s.alloc]));
}
