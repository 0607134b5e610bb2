// What a change does along each service's rollout waves (src/plan/rollout/waves.ts): which waves
// it touches, how long its `pulumi up` can take at worst, and which clusters it leaves alone
// because they are held. Read from the head's `services.<name>.rollout` output and the diff's
// changes. Pure.
//
// The worst case: a touched wave waits for each of its Deployments' await, side by side, at most
// their timeout (pulumi.com/timeoutSeconds); a soak waits its full duration only when the diff
// creates or replaces it (its triggers digest the wave's pod templates), and an untouched wave
// starts nothing, so it adds no wait.
import { compareCodeUnits } from "../../plan/core/order";
import { DEFAULT_AWAIT_SECONDS, worstCaseSeconds } from "../../plan/rollout/waves";
import { KUBERNETES_TYPES, TIME_TYPES } from "../../plan/core/type-tokens";
import type { RolloutOutput } from "../plan/service-facts";
import type { PlanFile, ResourceChange, StackDiff } from "./plan-diff";

const DEPLOYMENT = KUBERNETES_TYPES.deployment;
/** A soak's name, `<namespace>/<service>/soak-after-wave-<n>` (src/components/federation/soak.ts); drain waits are Sleeps too. */
const SOAK_NAME = /\/soak-after-wave-\d+$/;

/** The `rollout` of each service in a plan's `services` output, by service name. */
function rolloutsOf(plan?: PlanFile): Record<string, RolloutOutput> {
    const services = (plan?.outputs.services ?? {}) as Record<string, { rollout?: RolloutOutput } | string>;
    return Object.fromEntries(
        Object.entries(services).flatMap(([name, output]) =>
            typeof output === "object" && output?.rollout && Array.isArray(output.rollout.waves)
                ? [[name, output.rollout]]
                : [],
        ),
    );
}

/**
 * Whether a change is a soak between waves: replacing one is how a wave waits, and loses
 * nothing, so it is no replacement warning; the "Rollout waves" lines count it instead.
 */
export function isSoak(change: Pick<ResourceChange, "type" | "name">): boolean {
    return change.type === TIME_TYPES.sleep && SOAK_NAME.test(change.name);
}

const ofService = (change: ResourceChange, service: string) => change.service?.endsWith(`/${service}`) === true;

/** `27 min`, `1 h 4 min`, or seconds under a minute: a duration a reviewer reads at a glance. */
export function durationText(seconds: number): string {
    if (seconds < 60) return `${seconds} s`;
    const minutes = Math.ceil(seconds / 60);
    return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/**
 * One line per service whose Deployments the change creates, updates or replaces: the waves it
 * touches, in order, and the worst-case duration along them; then the clusters it holds, whose
 * objects no change reaches (when the hold is new or the service changes), and holds lifted.
 */
export function rolloutWaveLines(diff: StackDiff, base?: PlanFile, head?: PlanFile): string[] {
    const [before, after] = [rolloutsOf(base), rolloutsOf(head)];
    const lines: string[] = [];
    for (const [service, rollout] of Object.entries(after).sort(([a], [b]) => compareCodeUnits(a, b))) {
        const rolled = new Set(
            diff.changes
                .filter((c) => c.type === DEPLOYMENT && c.op !== "delete" && c.cluster && ofService(c, service))
                .map((c) => c.cluster!),
        );
        const touched = rollout.waves
            .map((clusters, index) => ({ wave: index + 1, clusters: clusters.filter((c) => rolled.has(c)) }))
            .filter((wave) => wave.clusters.length > 0);
        const soaks = diff.changes.filter(
            (c) => isSoak(c) && (c.op === "create" || c.op === "replace") && ofService(c, service),
        ).length;
        if (touched.length > 0) {
            const total = rollout.waves.length;
            const seconds = worstCaseSeconds(touched.length, soaks, rollout);
            const which = touched.map((w) => `${w.wave} (${w.clusters.join(", ")})`).join(", ");
            const soakPart = soaks > 0 ? ` + ${soaks} × ${rollout.soakSeconds} s soak` : "";
            lines.push(
                `${service}: ${total === 1 ? "one wave, every cluster at once" : `wave${touched.length === 1 ? "" : "s"} ${which} of ${total}`}; at worst ${touched.length} × ${rollout.awaitSeconds ?? DEFAULT_AWAIT_SECONDS} s await${soakPart} = ${seconds} s (${durationText(seconds)}), if each rollout hangs until its timeout.`,
            );
        }
        const wasHeld = new Set(before[service]?.held ?? []);
        const held = rollout.held ?? [];
        const lifted = [...wasHeld].filter((cluster) => !held.includes(cluster)).sort(compareCodeUnits);
        // A hold alone changes no input (it sets ignoreChanges), so it is said whenever it is new,
        // and otherwise beside the service's changes, which it keeps from those clusters.
        const newlyHeld = held.some((cluster) => !wasHeld.has(cluster));
        if (held.length > 0 && (newlyHeld || diff.changes.some((c) => ofService(c, service))))
            lines.push(
                `${service}: held in ${held.map((c) => `${c}${wasHeld.has(c) ? "" : " (from this change on)"}`).join(", ")}: its objects there are left as they run, and no wave waits for them.`,
            );
        if (lifted.length > 0)
            lines.push(
                `${service}: hold lifted in ${lifted.join(", ")}: every change made while held reaches it in its wave.`,
            );
    }
    return lines;
}
