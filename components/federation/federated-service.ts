// One declaration of a service, expanded into a Deployment, a Service, and where they
// apply a PodDisruptionBudget and a HorizontalPodAutoscaler, in every cluster it is placed on.
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import type { ServiceConfig } from "../config/schema";
import type { FleetCluster } from "../clusters/fleet-cluster";
import { ClusterPlacement, PlacementError, placeService } from "../placement/place-service";
import {
    deploymentManifest,
    horizontalPodAutoscalerManifest,
    podDisruptionBudgetManifest,
    serviceManifest,
    WorkloadTarget,
} from "../workloads/manifests";
import { FleetNamespaces } from "./namespaces";

export interface FederatedServiceArgs {
    /** The service as declared; validated again here for programs that skip the stack file. */
    service: ServiceConfig;
    /** The fleet; placement chooses among these. */
    clusters: FleetCluster[];
    /** The federation's name, for labels. */
    federation: string;
    /** Shared namespaces; a program with several services should pass one instance to all. */
    namespaces?: FleetNamespaces;
}

export interface ClusterWorkload {
    cluster: FleetCluster;
    placement: ClusterPlacement;
    service: k8s.core.v1.Service;
    /** The load balancer's hostname or IP, as the cluster's cloud gives it. */
    endpoint: pulumi.Output<string | undefined>;
}

/** The component's name: unique per namespace and service, readable in URNs. */
export function federatedServiceName(service: Pick<ServiceConfig, "name" | "namespace">): string {
    return `${service.namespace}/${service.name}`;
}

export class FederatedService extends pulumi.ComponentResource {
    /** The component's own name (`<namespace>/<service>`). */
    readonly componentName: string;
    readonly serviceName: string;
    readonly namespace: string;
    readonly placement: ClusterPlacement[];
    /** Clusters with a share above 0, in name order. */
    readonly workloads: ClusterWorkload[];

    constructor(name: string, args: FederatedServiceArgs, opts?: pulumi.ComponentResourceOptions) {
        super("fedfleet:service:FederatedService", name, {}, opts);
        const service = args.service;
        this.componentName = name;
        this.serviceName = service.name;
        this.namespace = service.namespace;
        try {
            this.placement = placeService(
                service,
                args.clusters.map((c) => ({ name: c.clusterName, labels: c.labels })),
            );
        } catch (error) {
            if (error instanceof PlacementError)
                throw new pulumi.RunError(`FederatedService ${name}: ${error.message}`);
            throw error;
        }
        const namespaces = args.namespaces ?? new FleetNamespaces();
        const byName = new Map(args.clusters.map((cluster) => [cluster.clusterName, cluster]));

        this.workloads = this.placement
            .filter((placed) => placed.replicas > 0)
            .map((placed) => {
                const cluster = byName.get(placed.cluster)!;
                const target: WorkloadTarget = {
                    federation: args.federation,
                    service,
                    cluster: { name: cluster.clusterName, cloud: cluster.cloud, region: cluster.region },
                    placement: placed,
                };
                const namespace = namespaces.in(cluster, service.namespace);
                const inNamespace: pulumi.Resource[] = namespace ? [namespace] : [];
                const child: pulumi.CustomResourceOptions = {
                    parent: this,
                    provider: cluster.provider,
                    dependsOn: inNamespace,
                };
                const childName = `${name}@${cluster.clusterName}`;

                // Manifests are plain objects (tests validate them against the Kubernetes schemas).
                const deployment = new k8s.apps.v1.Deployment(childName, deploymentManifest(target), child);
                const k8sService = new k8s.core.v1.Service(childName, serviceManifest(target), child);
                const pdb = podDisruptionBudgetManifest(target);
                if (pdb) new k8s.policy.v1.PodDisruptionBudget(childName, pdb, child);
                const hpa = horizontalPodAutoscalerManifest(target);
                if (hpa)
                    new k8s.autoscaling.v2.HorizontalPodAutoscaler(childName, hpa, {
                        ...child,
                        dependsOn: [...inNamespace, deployment],
                    });

                const endpoint = k8sService.status.apply((status) => {
                    const ingress = status?.loadBalancer?.ingress?.[0];
                    return ingress?.hostname ?? ingress?.ip;
                });
                return { cluster, placement: placed, service: k8sService, endpoint };
            });
        this.registerOutputs({ placement: this.placement });
    }

    /** The stack output `services.<name>`: per chosen cluster, replicas, namespace and endpoint. */
    summary(): pulumi.Output<ServiceSummary> {
        const endpoints = new Map(this.workloads.map((w) => [w.cluster.clusterName, w.endpoint]));
        const rows = this.placement.map((placed) =>
            (endpoints.get(placed.cluster) ?? pulumi.output(undefined)).apply(
                (endpoint) =>
                    [
                        placed.cluster,
                        {
                            replicas: placed.replicas,
                            ...(placed.autoscaling ? { maxReplicas: placed.autoscaling.maxReplicas } : {}),
                            namespace: this.namespace,
                            endpoint: endpoint ?? null,
                        },
                    ] as const,
            ),
        );
        return pulumi.all(rows).apply((entries) => ({ clusters: Object.fromEntries(entries) }));
    }
}

export interface ServiceSummary {
    clusters: Record<string, { replicas: number; maxReplicas?: number; namespace: string; endpoint: string | null }>;
}
