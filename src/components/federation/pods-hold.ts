// The wait that keeps a leaving cluster's pods serving while resolvers may still hand out its
// load balancer. The drain wait (src/components/dns/drain.ts) sits between the records and the
// Service; the Deployment cannot sit behind it too, since the cluster's DNS would then wait
// for its rollout wave on create (waves order workloads only: src/plan/rollout). So the
// Deployment gets a wait of its own that nothing depends on: it delays no create, and on
// delete it is spent beside the records' deletion (pulumi/pulumi ScheduleDeletes), before the
// Deployment goes. It holds the NetworkPolicy that admits traffic to the pods too: in a
// namespace that denies all ingress by default, pods without it serve nobody.
// src/plan/dns/drain.ts (podsHoldSeconds) says how long.
import * as pulumi from "@pulumi/pulumi";
import * as time from "@pulumiverse/time";
import { sleepDuration } from "../../plan/core/sleep-duration";
import { podsHoldSeconds } from "../../plan/dns/drain";

/**
 * A hold named `<name>@<cluster>-pods`, a child of `parent`, depending on what serving the
 * cluster's pods needs (its Deployment and the NetworkPolicy admitting their traffic) alone.
 */
export function podsHold(
    parent: pulumi.Resource,
    name: string,
    cluster: string,
    serving: pulumi.Resource[],
    drainSeconds: number,
): time.Sleep {
    return new time.Sleep(
        `${name}@${cluster}-pods`,
        { destroyDuration: sleepDuration(podsHoldSeconds(drainSeconds)) },
        { parent, dependsOn: serving },
    );
}
