// How a @pulumiverse/time Sleep's durations are written and read: the drain waits before a
// Service goes (src/plan/dns/drain.ts) and the soaks between rollout waves (src/plan/rollout)
// are both Sleeps. Pure.

/**
 * How a Sleep duration must be written: a number and a unit, ms, s, m or h
 * (terraform-provider-time resource_time_sleep.go, create_duration / destroy_duration).
 */
export const SLEEP_DURATION = /^[0-9]+(\.[0-9]+)?(ms|s|m|h)$/;

const UNIT_SECONDS: Readonly<Record<string, number>> = { ms: 0.001, s: 1, m: 60, h: 3600 };

/** A wait in seconds as a Sleep's duration: `190s`. */
export function sleepDuration(seconds: number): string {
    return `${seconds}s`;
}

/** A Sleep duration in seconds; undefined for anything that is not one. */
export function sleepSeconds(duration: unknown): number | undefined {
    if (typeof duration !== "string") return undefined;
    const match = /^([0-9]+(?:\.[0-9]+)?)(ms|s|m|h)$/.exec(duration);
    return match ? Number(match[1]) * UNIT_SECONDS[match[2]] : undefined;
}
