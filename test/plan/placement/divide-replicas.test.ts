import { strict as assert } from "node:assert";
import * as fc from "fast-check";
import {
    ClusterShareRequest,
    ReplicaDivision,
    ReplicaDivisionError,
    divideReplicas,
} from "../../../src/plan/placement/divide-replicas";

// FC_NUM_RUNS=2000 for a longer local run; fast-check's default (100) otherwise.
const numRuns = process.env.FC_NUM_RUNS ? Number(process.env.FC_NUM_RUNS) : undefined;
const params = numRuns ? { numRuns } : {};

// ---------- generators ----------

/** Names start with a letter so none is integer-like (those keys would reorder). */
const clusterName = fc.stringMatching(/^[a-z][a-z0-9-]{0,6}$/);

const fleetArb = (opts: { bounded: boolean; minWeight?: number }): fc.Arbitrary<ClusterShareRequest[]> =>
    fc
        .uniqueArray(
            fc.record({
                cluster: clusterName,
                weight: fc.integer({ min: opts.minWeight ?? 0, max: 20 }),
                minReplicas: opts.bounded ? fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 10 })) : fc.constant(0),
                extra: opts.bounded
                    ? fc.option(fc.integer({ min: 0, max: 15 }), { nil: undefined })
                    : fc.constant(undefined),
            }),
            { minLength: 1, maxLength: 8, selector: (r) => r.cluster },
        )
        .map((rs) =>
            rs.map(({ cluster, weight, minReplicas, extra }) =>
                extra === undefined
                    ? { cluster, weight, minReplicas }
                    : { cluster, weight, minReplicas, maxReplicas: minReplicas + extra },
            ),
        );

const sumMins = (rs: readonly ClusterShareRequest[]) => rs.reduce((a, r) => a + r.minReplicas, 0);

/**
 * Largest total the fleet can take without error (capped at 200): the minimums
 * plus the spare room of clusters with weight > 0 (weight-0 clusters never grow).
 */
function maxFeasible(rs: readonly ClusterShareRequest[]): number {
    let cap = sumMins(rs);
    for (const r of rs) {
        if (r.weight === 0) continue;
        if (r.maxReplicas === undefined) return 200;
        cap += r.maxReplicas - r.minReplicas;
    }
    return Math.min(cap, 200);
}

/** A fleet plus a total for which an answer exists (totals within 0..200). */
const feasibleCase = fleetArb({ bounded: true })
    .filter((rs) => sumMins(rs) <= 200)
    .chain((rs) => fc.tuple(fc.constant(rs), fc.integer({ min: sumMins(rs), max: maxFeasible(rs) })));

const sortedNames = (rs: readonly ClusterShareRequest[]) => rs.map((r) => r.cluster).sort();
const sumOf = (d: ReplicaDivision) => Object.values(d).reduce((a, b) => a + b, 0);

// ---------- laws ----------

describe("divideReplicas (Webster / Sainte-Laguë, sequential)", () => {
    describe("laws", () => {
        it("shares sum exactly to total, one key per cluster in name order", () => {
            fc.assert(
                fc.property(feasibleCase, ([rs, total]) => {
                    const d = divideReplicas(total, rs);
                    assert.deepEqual(Object.keys(d), sortedNames(rs));
                    assert.equal(sumOf(d), total);
                }),
                params,
            );
        });

        it("every share is within [minReplicas, maxReplicas]", () => {
            fc.assert(
                fc.property(feasibleCase, ([rs, total]) => {
                    const d = divideReplicas(total, rs);
                    for (const r of rs) {
                        const s = d[r.cluster];
                        assert.ok(
                            Number.isInteger(s) && s >= r.minReplicas,
                            `${r.cluster}: ${s} < min ${r.minReplicas}`,
                        );
                        if (r.maxReplicas !== undefined)
                            assert.ok(s <= r.maxReplicas, `${r.cluster}: ${s} > max ${r.maxReplicas}`);
                    }
                }),
                params,
            );
        });

        it("is deterministic and independent of declaration order", () => {
            fc.assert(
                fc.property(
                    feasibleCase.chain(([rs, total]) =>
                        fc.tuple(
                            fc.constant(rs),
                            fc.constant(total),
                            fc.shuffledSubarray(rs, { minLength: rs.length }),
                        ),
                    ),
                    ([rs, total, shuffled]) => {
                        const a = divideReplicas(total, rs);
                        const b = divideReplicas(total, rs);
                        const c = divideReplicas(total, shuffled);
                        assert.deepEqual(Object.entries(b), Object.entries(a));
                        assert.deepEqual(Object.entries(c), Object.entries(a));
                    },
                ),
                params,
            );
        });

        it("is house-monotone: from t to t+1 exactly one cluster gains one replica, none loses", () => {
            fc.assert(
                fc.property(
                    fleetArb({ bounded: true }).filter((rs) => sumMins(rs) <= 200),
                    (rs) => {
                        let prev = divideReplicas(sumMins(rs), rs);
                        for (let t = sumMins(rs) + 1; t <= maxFeasible(rs); t++) {
                            const next = divideReplicas(t, rs);
                            let gained = 0;
                            for (const r of rs) {
                                const diff = next[r.cluster] - prev[r.cluster];
                                assert.ok(
                                    diff >= 0,
                                    `t=${t}: ${r.cluster} went ${prev[r.cluster]} -> ${next[r.cluster]}`,
                                );
                                gained += diff;
                            }
                            assert.equal(gained, 1);
                            prev = next;
                        }
                    },
                ),
                params,
            );
        });

        it("is Webster-proportional when no bound binds (min 0, no max, weights > 0)", () => {
            // Independent check: an allocation is a Webster apportionment iff for all i, j
            // with share_i > 0:  (share_i - 1/2) / w_i <= (share_j + 1/2) / w_j,
            // i.e. (2 share_i - 1) * w_j <= (2 share_j + 1) * w_i   (exact, integers).
            fc.assert(
                fc.property(
                    fleetArb({ bounded: false, minWeight: 1 }),
                    fc.integer({ min: 0, max: 200 }),
                    (rs, total) => {
                        const d = divideReplicas(total, rs);
                        assert.equal(sumOf(d), total);
                        for (const i of rs) {
                            const si = d[i.cluster];
                            if (si === 0) continue;
                            for (const j of rs) {
                                const sj = d[j.cluster];
                                assert.ok(
                                    (2 * si - 1) * j.weight <= (2 * sj + 1) * i.weight,
                                    `${i.cluster}=${si}/w${i.weight} vs ${j.cluster}=${sj}/w${j.weight}`,
                                );
                            }
                        }
                    },
                ),
                params,
            );
        });

        it("throws ReplicaDivisionError exactly when no answer exists, never leaves replicas unplaced", () => {
            fc.assert(
                fc.property(fleetArb({ bounded: true }), fc.integer({ min: 0, max: 200 }), (rs, total) => {
                    const feasible = total >= sumMins(rs) && total <= maxFeasible(rs);
                    if (feasible) {
                        assert.equal(sumOf(divideReplicas(total, rs)), total);
                    } else {
                        assert.throws(() => divideReplicas(total, rs), ReplicaDivisionError);
                    }
                }),
                params,
            );
        });
    });

    // ---------- examples ----------

    describe("examples", () => {
        const eq = (cluster: string, weight: number, minReplicas = 0, maxReplicas?: number): ClusterShareRequest =>
            maxReplicas === undefined
                ? { cluster, weight, minReplicas }
                : { cluster, weight, minReplicas, maxReplicas };

        it("10 over three equal clusters is 4/3/3 (KubeFed greedy gives 4/4/2), tie to the first name", () => {
            const d = divideReplicas(10, [eq("c", 1), eq("b", 1), eq("a", 1)]);
            assert.deepEqual(Object.entries(d), [
                ["a", 4],
                ["b", 3],
                ["c", 3],
            ]);
        });

        it("7 over weights 5/3/2 is Webster's 4/2/1", () => {
            // Quotas 7 * (5,3,2)/10 = 3.5, 2.1, 1.4. Rounding the quotas gives 4+2+1 = 7
            // already (3.5 rounds up), i.e. divisor 10/7. Check with divisor 1.4:
            // 5/1.4 = 3.57 -> 4, 3/1.4 = 2.14 -> 2, 2/1.4 = 1.43 -> 1; sum 7.
            // (3/3/1 is not Webster: b's 3 needs (3-1/2)/3 <= (3+1/2)/5, 0.83 <= 0.7, false.)
            assert.deepEqual(divideReplicas(7, [eq("a", 5), eq("b", 3), eq("c", 2)]), { a: 4, b: 2, c: 1 });
        });

        it("10 over weights 1/1/0 is 5/5/0", () => {
            assert.deepEqual(divideReplicas(10, [eq("a", 1), eq("b", 1), eq("c", 0)]), { a: 5, b: 5, c: 0 });
        });

        it("gives minimums first and respects maximums", () => {
            // a's minimum 4 is above its fair share, so it stays at 4; b:c = 1:2 share the other 6
            // from (0, 0): c, b, c, c, b, c  ->  b 2, c 4.
            assert.deepEqual(divideReplicas(10, [eq("a", 1, 4, 5), eq("b", 1), eq("c", 2)]), { a: 4, b: 2, c: 4 });
            // a (weight 5) would get 5 of 10 but is capped at 3; b:c = 1:2 share the other 7 -> 2/5.
            assert.deepEqual(divideReplicas(10, [eq("a", 5, 0, 3), eq("b", 1), eq("c", 2)]), { a: 3, b: 2, c: 5 });
            // weight-0 cluster still gets its minimum
            assert.deepEqual(divideReplicas(6, [eq("a", 1), eq("z", 0, 2)]), { a: 4, z: 2 });
        });

        it("total 0 and an empty fleet give {}", () => {
            assert.deepEqual(divideReplicas(0, []), {});
            assert.deepEqual(divideReplicas(0, [eq("a", 3)]), { a: 0 });
        });

        it("keeps a cluster named __proto__ as an own key", () => {
            const d = divideReplicas(2, [eq("__proto__", 1), eq("a", 1)]);
            assert.deepEqual(Object.entries(d), [
                ["__proto__", 1],
                ["a", 1],
            ]);
        });

        it("large weights are compared exactly", () => {
            const big = Number.MAX_SAFE_INTEGER;
            assert.deepEqual(divideReplicas(3, [eq("a", big), eq("b", big - 1)]), { a: 2, b: 1 });
        });
    });

    // ---------- errors ----------

    describe("errors", () => {
        const fails = (total: number, rs: ClusterShareRequest[], re: RegExp) =>
            assert.throws(
                () => divideReplicas(total, rs),
                (e: unknown) => {
                    assert.ok(e instanceof ReplicaDivisionError, `not a ReplicaDivisionError: ${String(e)}`);
                    assert.match(e.message, re);
                    assert.ok(!e.message.includes("\n"), "message must be one line");
                    return true;
                },
            );

        it("total is not a non-negative integer", () => {
            fails(
                -1,
                [{ cluster: "a", weight: 1, minReplicas: 0 }],
                /^total replicas -1 is not a non-negative integer$/,
            );
            fails(2.5, [{ cluster: "a", weight: 1, minReplicas: 0 }], /^total replicas 2\.5 /);
            fails(NaN, [{ cluster: "a", weight: 1, minReplicas: 0 }], /^total replicas NaN /);
        });

        it("weight is negative or not an integer", () => {
            fails(
                1,
                [{ cluster: "east", weight: -1, minReplicas: 0 }],
                /^cluster east: weight -1 is not a non-negative integer$/,
            );
            fails(1, [{ cluster: "east", weight: 0.5, minReplicas: 0 }], /^cluster east: weight 0\.5 /);
        });

        it("minReplicas is negative or not an integer", () => {
            fails(
                1,
                [{ cluster: "west", weight: 1, minReplicas: -2 }],
                /^cluster west: minReplicas -2 is not a non-negative integer$/,
            );
            fails(1, [{ cluster: "west", weight: 1, minReplicas: 1.5 }], /^cluster west: minReplicas 1\.5 /);
        });

        it("maxReplicas is negative or not an integer", () => {
            fails(
                1,
                [{ cluster: "eu", weight: 1, minReplicas: 0, maxReplicas: -1 }],
                /^cluster eu: maxReplicas -1 is not a non-negative integer$/,
            );
            fails(
                1,
                [{ cluster: "eu", weight: 1, minReplicas: 0, maxReplicas: Infinity }],
                /^cluster eu: maxReplicas Infinity /,
            );
        });

        it("minReplicas above maxReplicas", () => {
            fails(
                5,
                [{ cluster: "X", weight: 1, minReplicas: 5, maxReplicas: 3 }],
                /^cluster X: minReplicas 5 is above maxReplicas 3$/,
            );
        });

        it("duplicate cluster name", () => {
            fails(
                2,
                [
                    { cluster: "dup", weight: 1, minReplicas: 0 },
                    { cluster: "other", weight: 1, minReplicas: 0 },
                    { cluster: "dup", weight: 2, minReplicas: 0 },
                ],
                /^cluster dup: declared more than once$/,
            );
        });

        it("empty cluster name", () => {
            fails(1, [{ cluster: "", weight: 1, minReplicas: 0 }], /^cluster name "" is not a non-empty string$/);
        });

        it("sum of minReplicas above total", () => {
            fails(
                4,
                [
                    { cluster: "a", weight: 1, minReplicas: 3 },
                    { cluster: "b", weight: 1, minReplicas: 2 },
                ],
                /^sum of minReplicas \(5\) is above total replicas 4$/,
            );
        });

        it("sum of maxReplicas below total when all are bounded", () => {
            fails(
                9,
                [
                    { cluster: "a", weight: 1, minReplicas: 0, maxReplicas: 3 },
                    { cluster: "b", weight: 1, minReplicas: 0, maxReplicas: 4 },
                ],
                /^sum of maxReplicas \(7\) is below total replicas 9$/,
            );
        });

        it("no clusters while total > 0", () => {
            fails(3, [], /^no clusters to place 3 replicas on$/);
        });

        it("all weights zero", () => {
            fails(
                3,
                [
                    { cluster: "a", weight: 0, minReplicas: 0 },
                    { cluster: "b", weight: 0, minReplicas: 1 },
                ],
                /^all weights are zero while 2 replicas are left to place \(clusters with room: a, b\)$/,
            );
        });

        it("all clusters with room have weight zero (weighted ones are full)", () => {
            fails(
                5,
                [
                    { cluster: "full", weight: 3, minReplicas: 0, maxReplicas: 2 },
                    { cluster: "idle", weight: 0, minReplicas: 0 },
                ],
                /^all weights are zero while 3 replicas are left to place \(clusters with room: idle\)$/,
            );
        });

        it("errors do not depend on declaration order", () => {
            const rs: ClusterShareRequest[] = [
                { cluster: "b", weight: -1, minReplicas: 0 },
                { cluster: "a", weight: 1.5, minReplicas: 0 },
            ];
            fails(1, rs, /^cluster a: /);
            fails(1, [...rs].reverse(), /^cluster a: /);
        });
    });
});
