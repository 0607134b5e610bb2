// A service's rollout waves, decided from the plan alone: which clusters each wave holds, what
// the clusters no wave names become, what a hold takes out, what a service's own keys replace,
// and the soak's triggers. The law: a service's waves partition the clusters it runs on and
// does not hold, in the order declared.
import assert from "node:assert/strict";
import * as fc from "fast-check";
import { serviceSchema, type RolloutWaveConfig, type ServiceInput } from "../../../src/plan/config/schema";
import { FleetConfigError } from "../../../src/plan/core/config-error";
import type { PlacementCluster } from "../../../src/plan/placement/place-service";
import {
    AWAIT_ANNOTATIONS,
    DEPLOYMENT_PROGRESS_DEADLINE_SECONDS,
    NO_ROLLOUT,
    planServiceRollout,
    resolveHold,
    resolveRollout,
    resolveWaves,
    ROLLOUT_AWAIT_SECONDS,
    soakTriggers,
} from "../../../src/plan/rollout/waves";

/** prod's clusters and the labels placement gives them (cluster, cloud, region, env, user labels). */
const FLEET: PlacementCluster[] = [
    { name: "aws-use1", labels: { cluster: "aws-use1", cloud: "aws", region: "us-east-1", env: "prod", tier: "edge" } },
    { name: "aws-euw1", labels: { cluster: "aws-euw1", cloud: "aws", region: "eu-west-1", env: "prod", tier: "edge" } },
    { name: "gke-usc1", labels: { cluster: "gke-usc1", cloud: "gcp", region: "us-central1", env: "prod" } },
    { name: "gke-euw4", labels: { cluster: "gke-euw4", cloud: "gcp", region: "europe-west4", env: "prod" } },
];

const service = (extra: Partial<ServiceInput> = {}) =>
    serviceSchema.parse({
        name: "web",
        replicas: 4,
        containers: [{ name: "web", image: "ghcr.io/acme/web:1" }],
        ports: [{ name: "http", port: 80 }],
        placement: { clusters: FLEET.map((c) => c.name) },
        ...extra,
    });
const everywhere = (replicas = 1) => FLEET.map((cluster) => ({ cluster: cluster.name, replicas }));

/** The error `run` throws: a FleetConfigError, at its config path. */
function refusal(run: () => unknown): FleetConfigError {
    try {
        run();
    } catch (error) {
        assert.ok(error instanceof FleetConfigError, String(error));
        return error;
    }
    assert.fail("expected a FleetConfigError");
}

describe("rollout waves: resolving fedfleet:rollout against the fleet", () => {
    it("takes waves by name and by the placement selector syntax, each wave's clusters in name order", () => {
        assert.deepEqual(resolveWaves([{ clusters: ["gke-usc1", "aws-use1"] }], FLEET), [["aws-use1", "gke-usc1"]]);
        const bySelector = resolveWaves(
            [
                { clusters: ["aws-use1"] },
                {
                    selector: {
                        matchLabels: {},
                        matchExpressions: [{ key: "region", operator: "NotIn", values: ["us-east-1"] }],
                    },
                },
            ],
            FLEET,
        );
        assert.deepEqual(bySelector, [["aws-use1"], ["aws-euw1", "gke-euw4", "gke-usc1"]]);
    });

    const cases: { what: string; waves: RolloutWaveConfig[]; path: string; found: RegExp }[] = [
        {
            what: "an unknown cluster",
            waves: [{ clusters: ["aws-use1", "aws-usw2"] }],
            path: "fedfleet:waves[0].clusters[1]",
            found: /unknown cluster "aws-usw2"/,
        },
        {
            what: "a cluster twice in one wave",
            waves: [{ clusters: ["aws-use1", "aws-use1"] }],
            path: "fedfleet:waves[0].clusters[1]",
            found: /"aws-use1" again/,
        },
        {
            what: "a cluster in two waves, by name",
            waves: [{ clusters: ["aws-use1"] }, { clusters: ["gke-usc1", "aws-use1"] }],
            path: "fedfleet:waves[1].clusters[1]",
            found: /aws-use1, already in waves\[0\]/,
        },
        {
            what: "a cluster in two waves, by a selector",
            waves: [{ clusters: ["gke-usc1"] }, { selector: { matchLabels: { cloud: "gcp" }, matchExpressions: [] } }],
            path: "fedfleet:waves[1].selector",
            found: /gke-usc1, already in waves\[0\]/,
        },
        { what: "an empty wave", waves: [{ clusters: [] }], path: "fedfleet:waves[0].clusters", found: /no clusters/ },
        {
            what: "a selector that matches nothing",
            waves: [{ selector: { matchLabels: { cloud: "azure" }, matchExpressions: [] } }],
            path: "fedfleet:waves[0].selector",
            found: /matches no cluster/,
        },
        {
            what: "a wave with both clusters and selector",
            waves: [{ clusters: ["aws-use1"], selector: { matchLabels: {}, matchExpressions: [] } }],
            path: "fedfleet:waves[0]",
            found: /both/,
        },
        { what: "a wave with neither", waves: [{}], path: "fedfleet:waves[0]", found: /neither/ },
    ];
    for (const { what, waves, path, found } of cases)
        it(`refuses ${what}, naming the wave`, () => {
            const error = refusal(() => resolveWaves(waves, FLEET));
            assert.equal(error.configPath, path);
            assert.match(error.found, found);
        });

    it("refuses a hold of a cluster the fleet does not have, or the same cluster twice", () => {
        const unknown = refusal(() => resolveHold(["aws-use1", "lab-fra"], FLEET));
        assert.equal(unknown.configPath, "fedfleet:hold[1]");
        assert.match(unknown.found, /unknown cluster "lab-fra"/);
        assert.equal(refusal(() => resolveHold(["aws-use1", "aws-use1"], FLEET)).configPath, "fedfleet:hold[1]");
    });
});

describe("rollout waves: one service's waves", () => {
    const prodWaves = resolveRollout(
        { waves: [{ clusters: ["aws-use1"] }, { clusters: ["aws-euw1", "gke-usc1"] }], soakSeconds: 300, hold: [] },
        FLEET,
    );

    it("puts the clusters no wave names in a last wave, and drops waves that hold none of the service's clusters", () => {
        assert.deepEqual(planServiceRollout(service(), everywhere(), prodWaves, FLEET).waves, [
            ["aws-use1"],
            ["aws-euw1", "gke-usc1"],
            ["gke-euw4"],
        ]);
        const onGcp = service({ placement: { clusters: ["gke-usc1", "gke-euw4"] } });
        const placed = [
            { cluster: "gke-euw4", replicas: 2 },
            { cluster: "gke-usc1", replicas: 2 },
        ];
        assert.deepEqual(planServiceRollout(onGcp, placed, prodWaves, FLEET).waves, [["gke-usc1"], ["gke-euw4"]]);
    });

    it("counts only the clusters the service runs on (a share of 0 builds nothing there)", () => {
        const placed = everywhere().map((p) => (p.cluster === "aws-use1" ? { ...p, replicas: 0 } : p));
        assert.deepEqual(planServiceRollout(service(), placed, prodWaves, FLEET).waves, [
            ["aws-euw1", "gke-usc1"],
            ["gke-euw4"],
        ]);
    });

    it("takes held clusters out of every wave and lists them; the next wave waits for the wave before instead", () => {
        const held = { ...prodWaves, hold: ["aws-use1"] };
        const rollout = planServiceRollout(service(), everywhere(), held, FLEET);
        assert.deepEqual(rollout.waves, [["aws-euw1", "gke-usc1"], ["gke-euw4"]]);
        assert.deepEqual(rollout.held, ["aws-use1"]);
    });

    it("sets the await timeout close to the progress deadline only when there are two waves or more", () => {
        assert.equal(ROLLOUT_AWAIT_SECONDS - DEPLOYMENT_PROGRESS_DEADLINE_SECONDS, 60);
        assert.equal(planServiceRollout(service(), everywhere(), prodWaves, FLEET).awaitSeconds, ROLLOUT_AWAIT_SECONDS);
        const once = planServiceRollout(service(), everywhere(), NO_ROLLOUT, FLEET);
        assert.deepEqual(once.waves, [FLEET.map((c) => c.name).sort()]);
        assert.equal(once.awaitSeconds, undefined);
    });

    it("lets a service's own keys replace the fleet's, each on its own", () => {
        const own = service({ rollout: { waves: [], hold: ["gke-euw4"] } });
        const rollout = planServiceRollout(own, everywhere(), prodWaves, FLEET);
        assert.deepEqual(rollout.waves, [["aws-euw1", "aws-use1", "gke-usc1"]]);
        assert.deepEqual(rollout.held, ["gke-euw4"]);
        assert.equal(rollout.soakSeconds, 300, "the fleet's soak, which the service does not override");
        const error = refusal(() =>
            planServiceRollout(
                service({ rollout: { waves: [{ clusters: ["nowhere"] }] } }),
                everywhere(),
                prodWaves,
                FLEET,
            ),
        );
        assert.equal(error.configPath, "fedfleet:rollout.waves[0].clusters[0]");
    });

    it("refuses an override annotation that would change a waved Deployment's await, and only then", () => {
        for (const key of AWAIT_ANNOTATIONS) {
            const annotated = service({ overrides: { "aws-euw1": { annotations: { [key]: "true" } } } });
            const error = refusal(() => planServiceRollout(annotated, everywhere(), prodWaves, FLEET));
            assert.equal(error.configPath, `fedfleet:overrides.aws-euw1.annotations["${key}"]`);
            assert.doesNotThrow(() => planServiceRollout(annotated, everywhere(), NO_ROLLOUT, FLEET));
        }
    });

    it("law: the waves partition the clusters the service runs on and does not hold, in the declared order", () => {
        const names = FLEET.map((c) => c.name);
        const subset = fc.subarray(names);
        fc.assert(
            fc.property(
                fc.array(subset, { maxLength: 4 }),
                subset,
                subset,
                fc.boolean(),
                (named, running, hold, lastBySelector) => {
                    // Disjoint waves by name, then possibly one by selector over the clusters left.
                    const seen = new Set<string>();
                    const waves: RolloutWaveConfig[] = named
                        .map((wave) => wave.filter((c) => !seen.has(c) && (seen.add(c), true)))
                        .filter((wave) => wave.length > 0)
                        .map((clusters) => ({ clusters }));
                    const left = names.filter((c) => !seen.has(c));
                    if (lastBySelector && left.length > 0)
                        waves.push({
                            selector: {
                                matchLabels: {},
                                matchExpressions: [{ key: "cluster", operator: "In", values: left.slice(0, 2) }],
                            },
                        });
                    const resolved = resolveRollout({ waves, soakSeconds: 0, hold }, FLEET);
                    const placed = FLEET.map((c) => ({ cluster: c.name, replicas: running.includes(c.name) ? 1 : 0 }));
                    const rollout = planServiceRollout(service(), placed, resolved, FLEET);
                    const rolling = running.filter((c) => !hold.includes(c)).sort();
                    assert.deepEqual(rollout.waves.flat().sort(), rolling);
                    assert.ok(rollout.waves.every((wave) => wave.length > 0));
                    assert.deepEqual(rollout.held, running.filter((c) => hold.includes(c)).sort());
                    // A cluster of an earlier declared wave never rolls out after one of a later wave.
                    const position = (c: string) => {
                        const index = resolved.waves.findIndex((wave) => wave.includes(c));
                        return index < 0 ? resolved.waves.length : index;
                    };
                    const order = rollout.waves.map((wave) => wave.map(position));
                    order.forEach((wave, i) => {
                        assert.equal(new Set(wave).size, 1, "one wave comes from one declared wave");
                        if (i > 0) assert.ok(order[i - 1][0] < wave[0]);
                    });
                },
            ),
        );
    });
});

describe("rollout waves: a soak's triggers", () => {
    const template = (image: string) => ({ metadata: { labels: { app: "web" } }, spec: { containers: [{ image }] } });

    it("change exactly when a pod template of the wave changes, whatever the key order", () => {
        const base = soakTriggers([template("a:1"), template("b:1")]);
        assert.deepEqual(soakTriggers([template("a:1"), template("b:1")]), base);
        const reordered = { spec: { containers: [{ image: "a:1" }] }, metadata: { labels: { app: "web" } } };
        assert.deepEqual(soakTriggers([reordered, template("b:1")]), base);
        assert.notDeepEqual(soakTriggers([template("a:2"), template("b:1")]), base);
        assert.notDeepEqual(soakTriggers([template("a:1")]), base, "a cluster more or less in the wave");
        assert.match(base.podTemplates, /^[0-9a-f]{64}$/);
    });
});
