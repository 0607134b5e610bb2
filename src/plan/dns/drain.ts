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
 * How long resolvers may still hand out a cluster's endpoint after its records are deleted:
 * the service's own failover estimate (estimateFailoverSeconds: detection, TTL, alias TTL).
 * Deleting a record needs no detection, so the estimate errs long by that much, which also
 * covers the name servers taking the change up (neither provider documents how long).
 */
export function drainWaitSeconds(inputs: FailoverInputs): number {
    return estimateFailoverSeconds(inputs);
}

/**
 * How long a record's deletion may take to reach every authoritative name server: Route 53
 * propagates changes "within 60 seconds under normal conditions" (Route 53 FAQ, "How quickly
 * will changes I make to my DNS settings propagate globally?"). Cloud DNS publishes no figure;
 * the same bound is used for it.
 */
export const RECORD_PROPAGATION_SECONDS = 60;

/**
 * How long a leaving cluster's pods are held once its removal starts. Their wait starts with
 * the records' deletion, beside it (ScheduleDeletes runs each antichain together, one after
 * another), not after it as the Service's does: so it covers the records reaching every name
 * server, then the drain.
 */
export function podsHoldSeconds(drainSeconds: number): number {
    return drainSeconds + RECORD_PROPAGATION_SECONDS;
}
