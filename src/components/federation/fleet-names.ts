// A federated service's in-cluster name, `<svc>-fleet`: an ExternalName Service in each
// cluster that has the service's namespace, pointing at that cluster's local-first name or at
// the global name (the plan's fleetNames).
import * as pulumi from "@pulumi/pulumi";
import * as k8sCore from "@pulumi/kubernetes/core/v1";
import type { FleetCluster } from "../clusters/fleet-cluster";
import type { ServicePlan } from "../../plan/fleet-plan";
import { fleetNameManifest } from "../../plan/workloads/fleet-name";
import type { FleetNamespaces } from "./namespaces";
import { FEDFLEET_TYPES } from "../../plan/core/type-tokens";

/** A service's plan, the fleet, the shared namespaces, and the service's DNS the names wait for. */
export interface FleetServiceNamesArgs {
    plan: ServicePlan;
    /** The federation's name, for labels. */
    federation: string;
    /** At least the clusters the plan names. */
    clusters: FleetCluster[];
    namespaces: FleetNamespaces;
    /** The service's records by DNS name: a name is given to pods only once it answers. */
    records: ReadonlyMap<string, readonly pulumi.Resource[]>;
}

/**
 * The ExternalName Services of one service's in-cluster name. Each waits for the records of the
 * names its target resolves through (a cluster's local name: its own records; the global name:
 * the global records), and only those, so one cluster's stuck load balancer holds no other
 * cluster's name back: a pod resolving the name before its target exists would get NXDOMAIN,
 * which resolvers cache (RFC 2308, negative caching). Deletion runs the other way: the name goes
 * before the records it points at.
 */
export class FleetServiceNames extends pulumi.ComponentResource {
    constructor(name: string, args: FleetServiceNamesArgs, opts?: pulumi.ComponentResourceOptions) {
        super(FEDFLEET_TYPES.fleetServiceNames, name, {}, opts);
        const byName = new Map(args.clusters.map((cluster) => [cluster.clusterName, cluster]));
        for (const target of args.plan.fleetNames ?? []) {
            const cluster = byName.get(target.cluster)!;
            const namespace = args.namespaces.in(cluster, args.plan.config.namespace);
            new k8sCore.Service(
                `${name}-fleet@${cluster.clusterName}`,
                fleetNameManifest(args.federation, args.plan.config, target),
                {
                    parent: this,
                    provider: cluster.provider,
                    dependsOn: [
                        ...(namespace ? [namespace] : []),
                        ...target.resolvesThrough.flatMap((dnsName) => args.records.get(dnsName) ?? []),
                    ],
                },
            );
        }
        this.registerOutputs({});
    }
}
