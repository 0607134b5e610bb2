// How long taking a cluster out of a service's DNS must wait before the cluster's Service
// (its load balancer) may go: the drain a removal waits for. Pure.
//
// Pulumi deletes dependents before what they depend on (pulumi/pulumi step_generator.go,
// ScheduleDeletes: deletes in reverse dependency order, each antichain in parallel). A wait
// resource that depends on the Service, with the records depending on it, is therefore deleted
// after the records and before the Service; a `time.Sleep` with `destroyDuration` spends its
// delete waiting (terraform-provider-time resource_time_sleep.go, Delete sleeps the state's
// destroy_duration). Its create waits for nothing.
import { estimateFailoverSeconds, FailoverInputs } from "./failover";

/**
 * How a Sleep duration must be written: a number and a unit, ms, s, m or h
 * (terraform-provider-time resource_time_sleep.go, create_duration / destroy_duration).
 */
export const SLEEP_DURATION = /^[0-9]+(\.[0-9]+)?(ms|s|m|h)$/;

const UNIT_SECONDS: Readonly<Record<string, number>> = { ms: 0.001, s: 1, m: 60, h: 3600 };

/**
 * How long resolvers may still hand out a cluster's endpoint after its records are deleted:
 * the service's own failover estimate (estimateFailoverSeconds: detection, TTL, alias TTL).
 * Deleting a record needs no detection, so the estimate errs long by that much, which also
 * covers the name servers taking the change up (neither provider documents how long).
 */
export function drainWaitSeconds(inputs: FailoverInputs): number {
    return estimateFailoverSeconds(inputs);
}

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
