// One declaration of a service, expanded into a ServiceAccount, a Deployment, a Service, a
// NetworkPolicy admitting its ports, and where they apply a PodDisruptionBudget and a
// HorizontalPodAutoscaler, in every cluster it is placed on.
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import type { FleetCluster } from "../clusters/fleet-cluster";
import { readComponentInput } from "../config/component-input";
import { serviceSchema, ServiceInput } from "../../plan/config/schema";
import { checkServiceConfig, parseWithSchema } from "../../plan/config/validate";
import { planService, ServicePlan } from "../../plan/fleet-plan";
import { ResilienceEntry, serviceResilience } from "../../plan/resilience/analysis";
import type { ClusterPlacement } from "../../plan/placement/place-service";
import {
    deploymentIgnoreChanges,
    deploymentManifest,
    horizontalPodAutoscalerManifest,
    networkPolicyManifest,
    podDisruptionBudgetManifest,
    serviceAccountManifest,
    serviceManifest,
} from "../../plan/workloads/manifests";
import { FleetNamespaces } from "./namespaces";

export { federatedServiceName } from "../../plan/fleet-plan";

const TYPE = "fedfleet:service:FederatedService";

/** A service declared in TypeScript: placed here on the clusters given, as a stack file's would be. */
export interface FederatedServiceArgs {
    /** The service as a stack file's `fedfleet:services[]` entry holds it; defaults may be left out. */
    service: ServiceInput;
    /** The fleet; placement chooses among these. */
    clusters: FleetCluster[];
    /** The federation's name, for labels. */
    federation: string;
    /** Shared namespaces; a program with several services should pass one instance to all. */
    namespaces?: FleetNamespaces;
}

/** A service planned with the rest of its fleet (`planFleet`), as the program builds it. */
export interface PlannedFederatedServiceArgs {
    plan: ServicePlan;
    /** At least the clusters the plan places the service on. */
    clusters: FleetCluster[];
    namespaces?: FleetNamespaces;
}

/** What the service runs in one cluster, and where its load balancer answers. */
export interface ClusterWorkload {
    cluster: FleetCluster;
    placement: ClusterPlacement;
    service: k8s.core.v1.Service;
    /** The load balancer's hostname or IP, as the cluster's cloud gives it. */
    endpoint: pulumi.Output<string | undefined>;
}

/** The plan of a FederatedService: the fleet's, or one made here from a TypeScript declaration. */
function servicePlanOf(name: string, args: FederatedServiceArgs | PlannedFederatedServiceArgs): ServicePlan {
    if ("plan" in args) return args.plan;
    return readComponentInput(`${TYPE} ${name}`, "service", () => {
        const config = parseWithSchema(serviceSchema, args.service);
        checkServiceConfig(config);
        const clusters = args.clusters.map((cluster) => cluster.plan);
        const plan = planService(config, clusters, args.federation);
        // Declared in TypeScript, it has no global DNS: each cluster serves its own callers.
        const regions = new Map(clusters.map((cluster) => [cluster.name, cluster.config.region]));
        return { ...plan, resilience: serviceResilience(plan, regions) };
    });
}

/**
 * One declaration of a service, built in every cluster its plan places it on: a Deployment
 * and a Service, and where they apply a PodDisruptionBudget and a HorizontalPodAutoscaler.
 */
export class FederatedService extends pulumi.ComponentResource {
    /** The component's own name (`<namespace>/<service>`). */
    readonly componentName: string;
    readonly serviceName: string;
    readonly namespace: string;
    readonly placement: ClusterPlacement[];
    /** Clusters with a share above 0, in name order. */
    readonly workloads: ClusterWorkload[];
    /** What losing each of its clusters or regions would leave serving it (the policy pack reads it). */
    readonly resilience: ResilienceEntry[];

    constructor(
        name: string,
        args: FederatedServiceArgs | PlannedFederatedServiceArgs,
        opts?: pulumi.ComponentResourceOptions,
    ) {
        // Planned before the component registers: a mistake leaves nothing half-made.
        const plan = servicePlanOf(name, args);
        super(TYPE, name, {}, opts);
        this.componentName = name;
        this.serviceName = plan.config.name;
        this.namespace = plan.config.namespace;
        this.placement = plan.placement;
        this.resilience = plan.resilience ?? [];
        const namespaces = args.namespaces ?? new FleetNamespaces();
        const byName = new Map(args.clusters.map((cluster) => [cluster.clusterName, cluster]));

        this.workloads = plan.workloads.map((target) => {
            const cluster = byName.get(target.cluster.name)!;
            const placed = target.placement;
            const namespace = namespaces.in(cluster, plan.config.namespace);
            const inNamespace: pulumi.Resource[] = namespace ? [namespace] : [];
            const child: pulumi.CustomResourceOptions = {
                parent: this,
                provider: cluster.provider,
                dependsOn: inNamespace,
            };
            const childName = `${name}@${cluster.clusterName}`;

            // Manifests are plain objects (tests validate them against the Kubernetes schemas).
            const account = new k8s.core.v1.ServiceAccount(childName, serviceAccountManifest(target), child);
            const deployment = new k8s.apps.v1.Deployment(childName, deploymentManifest(target), {
                ...child,
                dependsOn: [...inNamespace, account],
                ignoreChanges: deploymentIgnoreChanges(target),
            });
            const k8sService = new k8s.core.v1.Service(childName, serviceManifest(target), child);
            new k8s.networking.v1.NetworkPolicy(childName, networkPolicyManifest(target), child);
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
        // In the engine's state, where stack policies read it (policy/rules/resilience.ts).
        this.registerOutputs({ placement: this.placement, resilience: this.resilience });
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

/** The stack output `services.<name>`, without DNS. */
export interface ServiceSummary {
    clusters: Record<string, { replicas: number; maxReplicas?: number; namespace: string; endpoint: string | null }>;
}
