// The guard every DNS record that points at a cluster's Service goes through: a wait between
// the records and the Service. Pulumi deletes dependents first (ScheduleDeletes), so when the
// cluster leaves the service's DNS its records go, then the wait spends its destroyDuration,
// then the Service and its load balancer go (src/plan/dns/drain.ts). Any record of a cluster's
// endpoint, whatever component makes it, takes the cluster's wait in its dependsOn.
import * as pulumi from "@pulumi/pulumi";
import * as time from "@pulumiverse/time";
import { sleepDuration } from "../../plan/dns/drain";

/** A cluster whose Service some records point at. */
export interface DrainTarget {
    cluster: string;
    /** The Kubernetes Service (its load balancer) the records answer with. */
    service: pulumi.Resource;
}

/**
 * One wait per cluster, each a child of `parent` named `<name>@<cluster>`, depending on the
 * cluster's Service and holding it `seconds` after its records are deleted. A wait counts only
 * once it is in the state: it must be created by an earlier `pulumi up` than the removal it
 * guards (terraform-provider-time: the destroy delay is the state's destroy_duration).
 */
export function drainWaits(
    parent: pulumi.Resource,
    name: string,
    targets: readonly DrainTarget[],
    seconds: number,
): ReadonlyMap<string, time.Sleep> {
    return new Map(
        targets.map((target) => [
            target.cluster,
            new time.Sleep(
                `${name}@${target.cluster}`,
                { destroyDuration: sleepDuration(seconds) },
                { parent, dependsOn: [target.service] },
            ),
        ]),
    );
}

/** The waits of the clusters a record answers with, for its dependsOn. */
export function waitsFor(waits: ReadonlyMap<string, time.Sleep>, clusters: readonly string[]): time.Sleep[] {
    return [...new Set(clusters)].map((cluster) => waits.get(cluster)!);
}
