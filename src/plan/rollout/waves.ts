// The order a release reaches a service's clusters in: its waves, the soak between them and the
// clusters it holds (docs/rollouts.md). Pure: the program wires what this decides, a Deployment
// of wave N depending on the service's Deployments of wave N-1 through a soak.
//
// Why a dependency is enough: pulumi-kubernetes reports a Deployment's create or update done
// only once its rollout completed (provider/pkg/await/deployment.go: observed generation,
// Available, Progressing with NewReplicaSetAvailable, the new ReplicaSet's pods ready), and the
// SDK registers a resource only once everything it depends on finished its step
// (sdk/nodejs/runtime/resource.ts, prepareResource). A failed await fails the step, and
// `pulumi up` starts nothing that depends on it.
import { createHash } from "node:crypto";
import type { RolloutConfig, RolloutWaveConfig, ServiceConfig, ServiceRolloutConfig } from "../config/schema";
import { sortKeysDeep } from "../core/canonical-json";
import { FleetConfigError, PathPart } from "../core/config-error";
import { compareCodeUnits } from "../core/order";
import { ClusterPlacement, matchesSelector, PlacementCluster } from "../placement/place-service";

/**
 * How long a Deployment may make no progress before Kubernetes marks it failed
 * (`ProgressDeadlineExceeded`): fedfleet sets no `progressDeadlineSeconds`, so the API's default
 * applies (k8s.io/api apps/v1 types.go, DeploymentSpec.ProgressDeadlineSeconds: "Defaults to 600s").
 */
export const DEPLOYMENT_PROGRESS_DEADLINE_SECONDS = 600;

/**
 * How long past the progress deadline pulumi-kubernetes keeps waiting: the Deployment controller
 * sets `ProgressDeadlineExceeded` once it next syncs after the deadline, and the awaiter keeps
 * the condition's message for its timeout error (provider/pkg/await/deployment.go,
 * processDeploymentEvent), so a stuck rollout fails with Kubernetes' own reason in the error.
 */
export const AWAIT_MARGIN_SECONDS = 60;

/**
 * The await timeout of a waved Deployment. A `ProgressDeadlineExceeded` condition does not end
 * pulumi-kubernetes's await early; only its timeout does (provider/pkg/await/deployment.go:
 * the condition is logged as a warning and the loop waits for the timeout, by default 10
 * minutes), so the timeout is set close to the progress deadline.
 */
export const ROLLOUT_AWAIT_SECONDS = DEPLOYMENT_PROGRESS_DEADLINE_SECONDS + AWAIT_MARGIN_SECONDS;

/**
 * How long pulumi-kubernetes awaits a Deployment given no timeout (provider/pkg/await/deployment.go,
 * DefaultDeploymentTimeoutMins = 10): the await of a Deployment that rolls out in no wave.
 */
export const DEFAULT_AWAIT_SECONDS = 600;

/**
 * The annotation pulumi-kubernetes reads a resource's await timeout from when no customTimeouts
 * are given (provider/pkg/metadata/overrides.go TimeoutDuration: seconds, strconv.Atoi). It goes
 * on the Deployment's own metadata, never the pod template, so it starts no rollout.
 */
export const AWAIT_TIMEOUT_ANNOTATION = "pulumi.com/timeoutSeconds";

/**
 * Annotations that change or skip pulumi-kubernetes's await of a Deployment: `skipAwait` and
 * `waitFor` replace the Deployment awaiter (provider/pkg/metadata/annotations.go,
 * provider/pkg/await/await.go), and fedfleet sets the timeout itself. On a waved Deployment
 * either would let the next wave start before this one's rollout completed.
 */
export const AWAIT_ANNOTATIONS = ["pulumi.com/skipAwait", "pulumi.com/waitFor", AWAIT_TIMEOUT_ANNOTATION] as const;

/** A rollout with its waves and holds resolved to the clusters of the fleet. */
export interface ResolvedRollout {
    /** Each declared wave's clusters, in name order; the waves in the order declared. */
    waves: string[][];
    soakSeconds: number;
    /** Held clusters, in name order. */
    hold: string[];
}

/** The rollout of a fleet that declares none: one wave of everything, no soak, nothing held. */
export const NO_ROLLOUT: ResolvedRollout = { waves: [], soakSeconds: 0, hold: [] };

/** What one service does on `pulumi up`: where each wave rolls out, and what it leaves alone. */
export interface ServiceRollout {
    /**
     * The clusters it runs on (share above 0) and does not hold, wave by wave: the declared waves
     * in order, without those that hold none of its clusters, then the clusters no wave names.
     * Each wave's clusters in name order.
     */
    waves: string[][];
    /** The clusters it runs on whose workloads are held (left as they are), in name order. */
    held: string[];
    /** The wait after each wave but the last, before the next starts. */
    soakSeconds: number;
    /** With two waves or more: each Deployment's await timeout (pulumi.com/timeoutSeconds). */
    awaitSeconds?: number;
}

function fail(path: PathPart[], expected: string, found: string): never {
    throw new FleetConfigError(path, expected, found);
}

/**
 * The clusters of each wave, by name or by selector. Errors are located relative to the
 * rollout object (`waves[1].clusters[0]`): a cluster the fleet does not have, a wave naming
 * both or neither, a wave that holds no cluster, a cluster in two waves.
 */
export function resolveWaves(waves: readonly RolloutWaveConfig[], fleet: readonly PlacementCluster[]): string[][] {
    const known = fleet.map((cluster) => cluster.name).sort(compareCodeUnits);
    const waveOf = new Map<string, number>();
    return waves.map((wave, index) => {
        const at = (...rest: PathPart[]): PathPart[] => ["waves", index, ...rest];
        if ((wave.clusters === undefined) === (wave.selector === undefined))
            fail(at(), "a wave with either clusters or selector", wave.clusters ? "both" : "neither");
        let clusters: string[];
        if (wave.clusters) {
            wave.clusters.forEach((name, position) => {
                if (!known.includes(name))
                    fail(
                        at("clusters", position),
                        `a cluster of this stack (${known.join(", ")})`,
                        `unknown cluster "${name}"`,
                    );
                if (wave.clusters!.indexOf(name) !== position)
                    fail(at("clusters", position), "each cluster once in a wave", `"${name}" again`);
            });
            clusters = [...wave.clusters];
        } else {
            clusters = fleet.filter((cluster) => matchesSelector(cluster.labels, wave.selector!)).map((c) => c.name);
        }
        if (clusters.length === 0)
            fail(
                at(wave.clusters ? "clusters" : "selector"),
                "a wave of at least one cluster (a wave with nothing to roll out is a mistake: remove it)",
                wave.clusters ? "no clusters" : "a selector that matches no cluster",
            );
        for (const [position, name] of clusters.entries()) {
            const earlier = waveOf.get(name);
            if (earlier !== undefined)
                fail(
                    wave.clusters ? at("clusters", position) : at("selector"),
                    "clusters in one wave each (a cluster rolls out once)",
                    `${name}, already in waves[${earlier}]`,
                );
            waveOf.set(name, index);
        }
        return clusters.sort(compareCodeUnits);
    });
}

/** The held clusters, each a cluster of the fleet, listed once; errors located at `hold[i]`. */
export function resolveHold(hold: readonly string[], fleet: readonly PlacementCluster[]): string[] {
    const known = fleet.map((cluster) => cluster.name).sort(compareCodeUnits);
    hold.forEach((name, index) => {
        if (!known.includes(name))
            fail(["hold", index], `a cluster of this stack (${known.join(", ")})`, `unknown cluster "${name}"`);
        if (hold.indexOf(name) !== index) fail(["hold", index], "each cluster once", `"${name}" again`);
    });
    return [...hold].sort(compareCodeUnits);
}

/** `fedfleet:rollout` resolved against the fleet; errors located relative to it (`waves[0]`, `hold[1]`). */
export function resolveRollout(rollout: RolloutConfig, fleet: readonly PlacementCluster[]): ResolvedRollout {
    return {
        waves: resolveWaves(rollout.waves, fleet),
        soakSeconds: rollout.soakSeconds,
        hold: resolveHold(rollout.hold, fleet),
    };
}

/**
 * A service's own rollout keys over the fleet's: each key it gives replaces the fleet's. Errors
 * located relative to the service's entry (`rollout.waves[0].clusters[1]`).
 */
function effectiveRollout(
    own: ServiceRolloutConfig | undefined,
    fleetRollout: ResolvedRollout,
    fleet: readonly PlacementCluster[],
): ResolvedRollout {
    const located = <T>(resolve: () => T): T => {
        try {
            return resolve();
        } catch (error) {
            if (error instanceof FleetConfigError) throw error.under(["rollout"]);
            throw error;
        }
    };
    return {
        waves: own?.waves ? located(() => resolveWaves(own.waves!, fleet)) : fleetRollout.waves,
        soakSeconds: own?.soakSeconds ?? fleetRollout.soakSeconds,
        hold: own?.hold ? located(() => resolveHold(own.hold!, fleet)) : fleetRollout.hold,
    };
}

/**
 * One service's waves over the clusters it runs on. Throws FleetConfigError located relative to
 * the service's entry: a mistake in its own `rollout`, or an annotation in `overrides` that would
 * change how a waved Deployment is awaited.
 */
export function planServiceRollout(
    service: ServiceConfig,
    placement: readonly ClusterPlacement[],
    fleetRollout: ResolvedRollout,
    fleet: readonly PlacementCluster[],
): ServiceRollout {
    const rollout = effectiveRollout(service.rollout, fleetRollout, fleet);
    const running = placement.filter((placed) => placed.replicas > 0).map((placed) => placed.cluster);
    const held = running.filter((cluster) => rollout.hold.includes(cluster)).sort(compareCodeUnits);
    const rolling = running.filter((cluster) => !held.includes(cluster));
    const named = new Set(rollout.waves.flat());
    const waves = [...rollout.waves, rolling.filter((cluster) => !named.has(cluster))]
        .map((wave) => wave.filter((cluster) => rolling.includes(cluster)).sort(compareCodeUnits))
        .filter((wave) => wave.length > 0);
    if (waves.length < 2) return { waves, held, soakSeconds: rollout.soakSeconds };
    for (const [cluster, override] of Object.entries(service.overrides)) {
        const key = AWAIT_ANNOTATIONS.find((annotation) => annotation in override.annotations);
        if (key)
            fail(
                ["overrides", cluster, "annotations", key],
                `no ${AWAIT_ANNOTATIONS.join(", ")} on a service that rolls out in waves (the next wave would not wait for this one's rollout; fedfleet sets the timeout: docs/rollouts.md)`,
                `"${key}"`,
            );
    }
    return { waves, held, soakSeconds: rollout.soakSeconds, awaitSeconds: ROLLOUT_AWAIT_SECONDS };
}

/**
 * What a soak's `triggers` hold: a digest of the pod templates of the wave it follows, in
 * cluster-name order. It changes exactly when one of those templates does, so the soak is
 * replaced (terraform-provider-time resource_time_sleep.go: triggers RequiresReplace), and waits
 * its createDuration again, only when that wave had something to roll out.
 */
export function soakTriggers(podTemplates: readonly unknown[]): { podTemplates: string } {
    const digest = createHash("sha256")
        .update(JSON.stringify(sortKeysDeep(podTemplates)))
        .digest("hex");
    return { podTemplates: digest };
}

/**
 * The longest a rollout can take along its waves, in seconds: each wave's Deployments await at
 * most their timeout (side by side within a wave), and each soak between waves waits its full
 * duration. `waves` counts the waves that roll something out, `soaks` the soaks that wait.
 */
export function worstCaseSeconds(
    waves: number,
    soaks: number,
    rollout: Omit<ServiceRollout, "waves" | "held">,
): number {
    return waves * (rollout.awaitSeconds ?? DEFAULT_AWAIT_SECONDS) + soaks * rollout.soakSeconds;
}

/**
 * The clusters a release reaches at the same moment when a rollout does not stage it: those of
 * its only wave when it runs on two clusters or more (held clusters receive no release and are
 * not counted), none when it has two waves or more, or one cluster at most. The rule of the
 * `progressive-rollout` policy.
 */
export function clustersReachedAtOnce(rollout: Pick<ServiceRollout, "waves">): string[] {
    const reached = rollout.waves.flat();
    return rollout.waves.length < 2 && reached.length >= 2 ? [...reached].sort(compareCodeUnits) : [];
}
