// Tests for placeService and chooseClusters: examples, every FleetConfigError, and a fast-check property.
import assert from "node:assert/strict";
import * as fc from "fast-check";
import { serviceSchema, ServiceConfig } from "../../../src/plan/config/schema";
import {
    ClusterPlacement,
    PlacementCluster,
    chooseClusters,
    placeService,
} from "../../../src/plan/placement/place-service";
import { FleetConfigError } from "../../../src/plan/core/config-error";

// FC_NUM_RUNS=2000 for a longer local run; fast-check's default (100) otherwise.
const numRuns = process.env.FC_NUM_RUNS ? Number(process.env.FC_NUM_RUNS) : undefined;
const params = numRuns ? { numRuns } : {};

/** A ServiceConfig named "web" with one container and one port; `extra` goes through the schema. */
function service(extra: Record<string, unknown>): ServiceConfig {
    return serviceSchema.parse({
        name: "web",
        replicas: 3,
        containers: [{ name: "app", image: "nginx:1.27" }],
        ports: [{ name: "http", port: 80 }],
        ...extra,
    });
}

const fleet: PlacementCluster[] = [
    { name: "prod-aws-use1", labels: { cloud: "aws", region: "us-east-1", env: "prod", tier: "gold" } },
    { name: "prod-gcp-euw1", labels: { cloud: "gcp", region: "europe-west1", env: "prod" } },
    { name: "dev-aws-use1", labels: { cloud: "aws", region: "us-east-1", env: "dev" } },
    { name: "onprem", labels: { cloud: "existing", env: "prod", tier: "silver" } },
];

const abc: PlacementCluster[] = ["c", "a", "b"].map((name) => ({ name, labels: {} }));

function shares(result: ClusterPlacement[]): Record<string, number> {
    return Object.fromEntries(result.map((p) => [p.cluster, p.replicas]));
}

/** Asserts fn throws a FleetConfigError at `path` whose message names service "web" and contains each fragment. */
function throwsPlacement(fn: () => unknown, path: (string | number)[], ...fragments: string[]): void {
    assert.throws(fn, (error: unknown) => {
        assert.ok(error instanceof FleetConfigError, `expected FleetConfigError, got ${String(error)}`);
        assert.deepEqual(error.path, path);
        assert.ok(error.message.includes('service "web"'), error.message);
        for (const fragment of fragments)
            assert.ok(error.message.includes(fragment), `${JSON.stringify(fragment)} not in: ${error.message}`);
        return true;
    });
}

describe("chooseClusters", () => {
    it("returns named clusters in name order", () => {
        const s = service({ placement: { clusters: ["prod-gcp-euw1", "onprem", "dev-aws-use1"] } });
        assert.deepEqual(chooseClusters(s, fleet), ["dev-aws-use1", "onprem", "prod-gcp-euw1"]);
    });

    it("selects by matchLabels (all labels must match)", () => {
        assert.deepEqual(
            chooseClusters(service({ placement: { selector: { matchLabels: { cloud: "aws" } } } }), fleet),
            ["dev-aws-use1", "prod-aws-use1"],
        );
        assert.deepEqual(
            chooseClusters(service({ placement: { selector: { matchLabels: { cloud: "aws", env: "prod" } } } }), fleet),
            ["prod-aws-use1"],
        );
    });

    it("selects by matchExpressions In / NotIn / Exists / DoesNotExist", () => {
        const pick = (matchExpressions: unknown[]) =>
            chooseClusters(service({ placement: { selector: { matchExpressions } } }), fleet);
        assert.deepEqual(pick([{ key: "cloud", operator: "In", values: ["gcp", "existing"] }]), [
            "onprem",
            "prod-gcp-euw1",
        ]);
        // NotIn also matches clusters without the label at all.
        assert.deepEqual(pick([{ key: "region", operator: "NotIn", values: ["us-east-1"] }]), [
            "onprem",
            "prod-gcp-euw1",
        ]);
        assert.deepEqual(pick([{ key: "tier", operator: "Exists" }]), ["onprem", "prod-aws-use1"]);
        assert.deepEqual(pick([{ key: "tier", operator: "DoesNotExist" }]), ["dev-aws-use1", "prod-gcp-euw1"]);
        // Expressions and labels are ANDed.
        assert.deepEqual(
            chooseClusters(
                service({
                    placement: {
                        selector: {
                            matchLabels: { env: "prod" },
                            matchExpressions: [
                                { key: "tier", operator: "Exists" },
                                { key: "cloud", operator: "NotIn", values: ["existing"] },
                            ],
                        },
                    },
                }),
                fleet,
            ),
            ["prod-aws-use1"],
        );
    });

    it("an empty selector matches every cluster", () => {
        assert.deepEqual(chooseClusters(service({ placement: { selector: {} } }), fleet), [
            "dev-aws-use1",
            "onprem",
            "prod-aws-use1",
            "prod-gcp-euw1",
        ]);
    });
});

describe("placeService", () => {
    it("divides 10 replicas over 3 equal clusters as 4/3/3, the tie going to the smallest name", () => {
        const result = placeService(service({ replicas: 10, placement: { clusters: ["c", "b", "a"] } }), abc);
        assert.deepEqual(result, [
            { cluster: "a", replicas: 4 },
            { cluster: "b", replicas: 3 },
            { cluster: "c", replicas: 3 },
        ]);
    });

    it("applies weights (Webster): 8 replicas at weights 3:1 give 6/2", () => {
        const s = service({ replicas: 8, placement: { clusters: ["a", "b"], preferences: { a: { weight: 3 } } } });
        assert.deepEqual(shares(placeService(s, abc)), { a: 6, b: 2 });
    });

    it("respects maxReplicas and minReplicas", () => {
        assert.deepEqual(
            shares(
                placeService(
                    service({
                        replicas: 10,
                        placement: { clusters: ["a", "b", "c"], preferences: { a: { maxReplicas: 2 } } },
                    }),
                    abc,
                ),
            ),
            { a: 2, b: 4, c: 4 },
        );
        assert.deepEqual(
            shares(
                placeService(
                    service({
                        replicas: 10,
                        placement: { clusters: ["a", "b", "c"], preferences: { c: { minReplicas: 5 } } },
                    }),
                    abc,
                ),
            ),
            { a: 3, b: 2, c: 5 },
        );
    });

    it('uses the "*" preference for clusters without their own', () => {
        const s = service({
            replicas: 10,
            placement: { clusters: ["a", "b", "c"], preferences: { "*": { weight: 1 }, a: { weight: 2 } } },
        });
        assert.deepEqual(shares(placeService(s, abc)), { a: 5, b: 3, c: 2 });
        const capped = service({
            replicas: 3,
            placement: { clusters: ["a", "b", "c"], preferences: { "*": { maxReplicas: 1 } } },
        });
        assert.deepEqual(shares(placeService(capped, abc)), { a: 1, b: 1, c: 1 });
        // "*" caps b and c at 1 each; a has its own (unbounded) preference and takes the rest.
        const own = service({
            replicas: 5,
            placement: { clusters: ["a", "b", "c"], preferences: { "*": { maxReplicas: 1 }, a: { weight: 1 } } },
        });
        assert.deepEqual(shares(placeService(own, abc)), { a: 3, b: 1, c: 1 });
    });

    it("pins a cluster's share with overrides.replicas and divides the rest", () => {
        const s = service({
            replicas: 10,
            placement: { clusters: ["a", "b", "c"] },
            overrides: { a: { replicas: 7 } },
        });
        assert.deepEqual(shares(placeService(s, abc)), { a: 7, b: 2, c: 1 });
        const zero = service({
            replicas: 4,
            placement: { clusters: ["a", "b", "c"] },
            overrides: { b: { replicas: 0 } },
        });
        assert.deepEqual(shares(placeService(zero, abc)), { a: 2, b: 0, c: 2 });
    });

    it("with autoscaling divides replicas and maxReplicas into per-cluster HPA bounds", () => {
        const result = placeService(
            service({ replicas: 3, autoscaling: { maxReplicas: 10 }, placement: { clusters: ["a", "b", "c"] } }),
            abc,
        );
        assert.deepEqual(result, [
            { cluster: "a", replicas: 1, autoscaling: { minReplicas: 1, maxReplicas: 4 } },
            { cluster: "b", replicas: 1, autoscaling: { minReplicas: 1, maxReplicas: 3 } },
            { cluster: "c", replicas: 1, autoscaling: { minReplicas: 1, maxReplicas: 3 } },
        ]);
    });

    it("with autoscaling rejects a minimum that leaves a cluster with room at 0, which would drop its share of the maximum", () => {
        throwsPlacement(
            () =>
                placeService(
                    service({ replicas: 2, autoscaling: { maxReplicas: 5 }, placement: { clusters: ["a", "b", "c"] } }),
                    abc,
                ),
            ["replicas"],
            "2, leaving c with none",
            'service "web"',
        );
        const result = placeService(
            service({ replicas: 3, autoscaling: { maxReplicas: 5 }, placement: { clusters: ["a", "b", "c"] } }),
            abc,
        );
        assert.deepEqual(
            result.map((p) => p.autoscaling),
            [
                { minReplicas: 1, maxReplicas: 2 },
                { minReplicas: 1, maxReplicas: 2 },
                { minReplicas: 1, maxReplicas: 1 },
            ],
        );
    });

    it("reports totals beyond what a service may ask for, and weights beyond the bound, in one line", () => {
        throwsPlacement(
            () => placeService(service({ replicas: 2_000_000_000, placement: { clusters: ["a"] } }), abc),
            ["replicas"],
            "2000000000",
            "from 0 to 100000",
        );
        throwsPlacement(
            () =>
                placeService(
                    service({ replicas: 3, placement: { clusters: ["a"], preferences: { a: { weight: 1e20 } } } }),
                    abc,
                ),
            ["placement", "preferences", "a", "weight"],
            "100000000000000000000",
            'cluster "a"',
        );
    });

    describe("errors", () => {
        it("unknown cluster in placement.clusters", () => {
            throwsPlacement(
                () => placeService(service({ placement: { clusters: ["a", "nope"] } }), abc),
                ["placement", "clusters", 1],
                'unknown cluster "nope"',
                "a, b, c",
            );
        });

        it("a cluster listed twice", () => {
            throwsPlacement(
                () => placeService(service({ placement: { clusters: ["a", "b", "a"] } }), abc),
                ["placement", "clusters", 2],
                '"a" again',
            );
        });

        it("selector matching nothing", () => {
            throwsPlacement(
                () => placeService(service({ placement: { selector: { matchLabels: { cloud: "azure" } } } }), fleet),
                ["placement", "selector"],
                "matches none",
            );
        });

        it("both clusters and selector", () => {
            throwsPlacement(
                () => placeService(service({ placement: { clusters: ["a"], selector: {} } }), abc),
                ["placement"],
                "found both",
            );
        });

        it("neither clusters nor selector", () => {
            throwsPlacement(() => placeService(service({ placement: {} }), abc), ["placement"], "found neither");
        });

        it("preference for an unknown cluster", () => {
            throwsPlacement(
                () =>
                    placeService(
                        service({ placement: { clusters: ["a"], preferences: { nope: { weight: 2 } } } }),
                        abc,
                    ),
                ["placement", "preferences", "nope"],
                'unknown cluster "nope"',
            );
        });

        it("preference for a cluster the service is not placed on", () => {
            throwsPlacement(
                () =>
                    placeService(
                        service({ placement: { clusters: ["a", "b"], preferences: { c: { weight: 2 } } } }),
                        abc,
                    ),
                ["placement", "preferences", "c"],
                'cluster "c"',
                "(a, b)",
            );
        });

        it("override for an unknown cluster", () => {
            throwsPlacement(
                () =>
                    placeService(service({ placement: { clusters: ["a"] }, overrides: { nope: { image: "x" } } }), abc),
                ["overrides", "nope"],
                'unknown cluster "nope"',
            );
        });

        it("override replicas that are not a count", () => {
            throwsPlacement(
                () =>
                    placeService(
                        service({ placement: { clusters: ["a", "b"] }, overrides: { b: { replicas: -1 } } }),
                        abc,
                    ),
                ["overrides", "b", "replicas"],
                'cluster "b"',
                "-1",
            );
        });

        it("negative weight", () => {
            throwsPlacement(
                () =>
                    placeService(
                        service({ placement: { clusters: ["a", "b"], preferences: { b: { weight: -1 } } } }),
                        abc,
                    ),
                ["placement", "preferences", "b", "weight"],
                'cluster "b"',
                "found -1",
            );
        });

        it('negative weight in "*" is located at "*" and names the cluster', () => {
            throwsPlacement(
                () =>
                    placeService(
                        service({ placement: { clusters: ["a", "b"], preferences: { "*": { weight: -2 } } } }),
                        abc,
                    ),
                ["placement", "preferences", "*", "weight"],
                'cluster "a"',
            );
        });

        it("non-integer minReplicas", () => {
            throwsPlacement(
                () =>
                    placeService(
                        service({ placement: { clusters: ["a", "b"], preferences: { a: { minReplicas: 1.5 } } } }),
                        abc,
                    ),
                ["placement", "preferences", "a", "minReplicas"],
                'cluster "a"',
                "found 1.5",
            );
        });

        it("minReplicas above maxReplicas", () => {
            throwsPlacement(
                () =>
                    placeService(
                        service({
                            placement: { clusters: ["a", "b"], preferences: { b: { minReplicas: 3, maxReplicas: 2 } } },
                        }),
                        abc,
                    ),
                ["placement", "preferences", "b", "minReplicas"],
                'cluster "b"',
                "(2)",
                "found 3",
            );
        });

        it("minimums adding up to more than replicas, listing the clusters", () => {
            throwsPlacement(
                () =>
                    placeService(
                        service({
                            replicas: 3,
                            placement: {
                                clusters: ["a", "b", "c"],
                                preferences: { a: { minReplicas: 2 }, b: { minReplicas: 2 } },
                            },
                        }),
                        abc,
                    ),
                ["replicas"],
                "minimums add up to 4",
                "a 2, b 2, c 0",
            );
        });

        it("maximums adding up to less than replicas, listing the clusters", () => {
            throwsPlacement(
                () =>
                    placeService(
                        service({
                            replicas: 10,
                            placement: { clusters: ["a", "b", "c"], preferences: { "*": { maxReplicas: 2 } } },
                        }),
                        abc,
                    ),
                ["replicas"],
                "maximums add up to 6",
                "a 2, b 2, c 2",
            );
        });

        it("all weights zero while replicas are left", () => {
            throwsPlacement(
                () =>
                    placeService(
                        service({
                            replicas: 3,
                            placement: { clusters: ["a", "b"], preferences: { "*": { weight: 0 } } },
                        }),
                        abc,
                    ),
                ["placement", "preferences"],
                "all weights zero",
                "3 replicas are left",
                "a, b",
            );
        });

        it("non-integer replicas", () => {
            throwsPlacement(
                () => placeService(service({ replicas: 2.5, placement: { clusters: ["a"] } }), abc),
                ["replicas"],
                "2.5",
            );
        });

        it("autoscaling.maxReplicas below replicas", () => {
            throwsPlacement(
                () =>
                    placeService(
                        service({ replicas: 5, autoscaling: { maxReplicas: 4 }, placement: { clusters: ["a", "b"] } }),
                        abc,
                    ),
                ["autoscaling", "maxReplicas"],
                "replicas (5)",
                "found 4",
            );
        });

        it("autoscaling.maxReplicas more than the clusters' maximums can hold", () => {
            throwsPlacement(
                () =>
                    placeService(
                        service({
                            replicas: 3,
                            autoscaling: { maxReplicas: 10 },
                            placement: { clusters: ["a", "b"], preferences: { "*": { maxReplicas: 3 } } },
                        }),
                        abc,
                    ),
                ["autoscaling", "maxReplicas"],
                "maximums add up to 6",
            );
        });

        // BUG (reported, not fixed): a weight-0 cluster with room makes checkFeasible's
        // "all weights zero" check pass, so the infeasibility is only found by the solver,
        // which throws a ReplicaDivisionError without the service name.
        it("replicas beyond what the positive-weight clusters can hold (weight-0 cluster with room)", () => {
            throwsPlacement(
                () =>
                    placeService(
                        service({
                            replicas: 5,
                            placement: {
                                clusters: ["a", "b"],
                                preferences: { a: { weight: 0 }, b: { maxReplicas: 2 } },
                            },
                        }),
                        abc,
                    ),
                ["replicas"],
            );
        });
    });
});

// ---------- property ----------

const LABEL_KEYS = ["cloud", "env", "tier"] as const;
const LABEL_VALUES = ["x", "y", "z"] as const;

const fleetArb: fc.Arbitrary<PlacementCluster[]> = fc.uniqueArray(
    fc.record({
        name: fc.stringMatching(/^[a-z][a-z0-9-]{0,5}[a-z0-9]$/),
        labels: fc.dictionary(fc.constantFrom(...LABEL_KEYS), fc.constantFrom(...LABEL_VALUES), { maxKeys: 3 }),
    }),
    { minLength: 1, maxLength: 7, selector: (c) => c.name },
);

interface GenPref {
    weight: number;
    minReplicas: number;
    room: number | undefined;
}
interface Expr {
    key: string;
    operator: "In" | "NotIn" | "Exists" | "DoesNotExist";
    values: string[];
}
interface GenPlacement {
    clusters?: string[];
    selector?: { matchExpressions: Expr[] };
}

const preferenceArb: fc.Arbitrary<GenPref> = fc.record({
    weight: fc.integer({ min: 0, max: 5 }),
    minReplicas: fc.integer({ min: 0, max: 3 }),
    room: fc.option(fc.integer({ min: 0, max: 6 }), { nil: undefined }),
});

interface Scenario {
    fleet: PlacementCluster[];
    shuffled: PlacementCluster[];
    config: ServiceConfig;
}

/** A fleet, a feasible service on part of it (by names or by selector), and the fleet in another order. */
const scenarioArb = (withAutoscaling: boolean): fc.Arbitrary<Scenario> =>
    fleetArb.chain((fleet) => {
        const names = fleet.map((c) => c.name);
        const placementArb: fc.Arbitrary<GenPlacement> = fc.oneof<fc.Arbitrary<GenPlacement>[]>(
            fc.subarray(names, { minLength: 1 }).map((clusters) => ({ clusters })),
            fc
                .record({
                    key: fc.constantFrom(...LABEL_KEYS),
                    operator: fc.constantFrom<Expr["operator"][]>("In", "NotIn", "Exists", "DoesNotExist"),
                    values: fc.subarray<string>([...LABEL_VALUES]),
                })
                .map((expression) => ({ selector: { matchExpressions: [expression] } })),
        );
        return fc
            .record({
                placement: placementArb,
                prefs: fc.array(preferenceArb, { minLength: names.length, maxLength: names.length }),
                star: fc.option(preferenceArb, { nil: undefined }),
                useOwn: fc.array(fc.boolean(), { minLength: names.length, maxLength: names.length }),
                pick: fc.nat(),
                pickMax: fc.nat(),
                shuffled: fc.shuffledSubarray(fleet, { minLength: fleet.length, maxLength: fleet.length }),
            })
            .map(({ placement, prefs, star, useOwn, pick, pickMax, shuffled }) => {
                const chosen =
                    placement.clusters ??
                    fleet
                        .filter((c) => {
                            const e = placement.selector!.matchExpressions[0];
                            const v = c.labels[e.key];
                            return e.operator === "In"
                                ? v !== undefined && e.values.includes(v)
                                : e.operator === "NotIn"
                                  ? v === undefined || !e.values.includes(v)
                                  : e.operator === "Exists"
                                    ? v !== undefined
                                    : v === undefined;
                        })
                        .map((c) => c.name);
                const toPref = (p: GenPref) => ({
                    weight: p.weight,
                    minReplicas: p.minReplicas,
                    ...(p.room === undefined ? {} : { maxReplicas: p.minReplicas + p.room }),
                });
                const preferences: Record<string, object> = {};
                if (star) preferences["*"] = toPref(star);
                chosen.forEach((name) => {
                    const i = names.indexOf(name);
                    if (useOwn[i] || !star) preferences[name] = toPref(prefs[i]);
                });
                // The effective requests, to pick a feasible total: sum of mins .. what positive weights can reach.
                type Pref = { weight?: number; minReplicas?: number; maxReplicas?: number };
                const effective = chosen.map((name) => {
                    const p: Pref = (preferences[name] ?? preferences["*"] ?? {}) as Pref;
                    return { weight: p.weight ?? 1, minReplicas: p.minReplicas ?? 0, maxReplicas: p.maxReplicas };
                });
                const minSum = effective.reduce((s, r) => s + r.minReplicas, 0);
                const reachable = effective.some((r) => r.weight > 0 && r.maxReplicas === undefined)
                    ? minSum + 20
                    : effective.reduce((s, r) => s + (r.weight > 0 ? r.maxReplicas! : r.minReplicas), 0);
                const replicas = minSum + (pick % (reachable - minSum + 1));
                const max = replicas + (pickMax % (reachable - replicas + 1));
                const config = service({
                    replicas,
                    placement: { ...placement, preferences },
                    ...(withAutoscaling ? { autoscaling: { maxReplicas: max } } : {}),
                });
                return { fleet, shuffled, config, chosen };
            })
            .filter((s) => s.chosen.length > 0)
            .map(({ fleet, shuffled, config }) => ({ fleet, shuffled, config }));
    });

describe("placeService properties", () => {
    it("sums to replicas, is independent of fleet order, and keeps HPA min <= max", () => {
        let autoscaledPlaced = 0;
        fc.assert(
            fc.property(scenarioArb(false), scenarioArb(true), (plain, scaled) => {
                for (const { fleet, shuffled, config } of [plain, scaled]) {
                    let result: ClusterPlacement[];
                    try {
                        result = placeService(config, fleet);
                    } catch (error) {
                        // Autoscaled minimums that leave a cluster with room at 0 are refused, consistently.
                        assert.ok(
                            config.autoscaling &&
                                error instanceof FleetConfigError &&
                                /leaving .* with none/.test(error.found),
                            String(error),
                        );
                        assert.throws(() => placeService(config, shuffled), FleetConfigError);
                        continue;
                    }
                    assert.equal(
                        result.reduce((s, p) => s + p.replicas, 0),
                        config.replicas,
                    );
                    assert.deepEqual(placeService(config, shuffled), result);
                    assert.deepEqual(
                        result.map((p) => p.cluster),
                        [...result.map((p) => p.cluster)].sort(),
                    );
                    for (const p of result) {
                        assert.ok(Number.isInteger(p.replicas) && p.replicas >= 0);
                        if (config.autoscaling && p.replicas > 0) {
                            assert.ok(p.autoscaling, `cluster ${p.cluster} lacks autoscaling`);
                            assert.equal(p.autoscaling.minReplicas, p.replicas);
                            assert.ok(p.autoscaling.minReplicas <= p.autoscaling.maxReplicas, JSON.stringify(p));
                        } else {
                            assert.equal(p.autoscaling, undefined);
                        }
                    }
                    if (config.autoscaling) {
                        autoscaledPlaced += 1;
                        assert.equal(
                            result.reduce((s, p) => s + (p.autoscaling?.maxReplicas ?? 0), 0) <=
                                config.autoscaling.maxReplicas,
                            true,
                        );
                    }
                }
            }),
            params,
        );
        // The refusals above must not make the autoscaling checks vacuous.
        assert.ok(autoscaledPlaced >= 10, `only ${autoscaledPlaced} autoscaled scenarios were placed`);
    });
});
