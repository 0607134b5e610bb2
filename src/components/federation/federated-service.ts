// One declaration of a service, expanded into a ServiceAccount, a Deployment, a Service, a
// NetworkPolicy admitting its ports, and where they apply a PodDisruptionBudget and a
// HorizontalPodAutoscaler, in every cluster it is placed on. Its Deployments roll out wave by
// wave (src/plan/rollout/waves.ts); nothing else of it waits for another cluster.
import * as pulumi from "@pulumi/pulumi";
import * as k8sCore from "@pulumi/kubernetes/core/v1";
import * as k8sApps from "@pulumi/kubernetes/apps/v1";
import * as k8sAutoscaling from "@pulumi/kubernetes/autoscaling/v2";
import * as k8sNetworking from "@pulumi/kubernetes/networking/v1";
import * as k8sPolicy from "@pulumi/kubernetes/policy/v1";
import type { FleetCluster } from "../clusters/fleet-cluster";
import { readComponentInput } from "../config/component-input";
import { serviceSchema } from "../../plan/config/schema";
import { deferServiceInputs, PassThroughInputs, ServiceArgsInput } from "../../plan/config/pass-through";
import { checkServiceConfig, parseWithSchema } from "../../plan/config/validate";
import { planService, ServicePlan } from "../../plan/fleet-plan";
import { ResilienceEntry, serviceResilience } from "../../plan/resilience/analysis";
import type { ClusterPlacement } from "../../plan/placement/place-service";
import { ServiceRollout, soakTriggers } from "../../plan/rollout/waves";
import { soakAfterWave } from "./soak";
import { podsHold } from "./pods-hold";
import {
    deploymentIgnoreChanges,
    deploymentManifest,
    heldIgnoreChanges,
    horizontalPodAutoscalerManifest,
    networkPolicyManifest,
    podDisruptionBudgetManifest,
    serviceAccountManifest,
    serviceManifest,
} from "../../plan/workloads/manifests";
import { FleetNamespaces } from "./namespaces";
import { FEDFLEET_TYPES } from "../../plan/core/type-tokens";

export { federatedServiceName } from "../../plan/fleet-plan";

const TYPE = FEDFLEET_TYPES.federatedService;

/** A service declared in TypeScript: placed here on the clusters given, as a stack file's would be. */
export interface FederatedServiceArgs {
    /**
     * The service as a stack file's `fedfleet:services[]` entry holds it; defaults may be left out.
     * Images and env values may be Inputs (an image built in the same program): fedfleet passes them on.
     */
    service: ServiceArgsInput;
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
    service: k8sCore.Service;
    /** The load balancer's hostname or IP, as the cluster's cloud gives it. */
    endpoint: pulumi.Output<string | undefined>;
}

/**
 * The plan of a FederatedService: the fleet's, or one made here from a TypeScript declaration
 * (its pass-through Inputs set aside in `inputs`, placeholders in their place).
 */
function servicePlanOf(
    name: string,
    args: FederatedServiceArgs | PlannedFederatedServiceArgs,
    inputs: PassThroughInputs,
): ServicePlan {
    if ("plan" in args) return args.plan;
    return readComponentInput(`${TYPE} ${name}`, "service", () => {
        const config = parseWithSchema(serviceSchema, deferServiceInputs(args.service, inputs));
        checkServiceConfig(config);
        const clusters = args.clusters.map((cluster) => cluster.plan);
        const plan = planService(config, clusters, args.federation);
        // Declared in TypeScript, it has no global DNS: each cluster serves its own callers.
        const regions = new Map(clusters.map((cluster) => [cluster.name, cluster.config.region]));
        return { ...plan, resilience: serviceResilience(plan, regions, { held: plan.rollout.held }) };
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
    /** Its waves, soak and held clusters. */
    readonly rollout: ServiceRollout;
    /** Its Deployment in each cluster of `workloads`, by cluster name. */
    readonly deployments: ReadonlyMap<string, k8sApps.Deployment>;

    constructor(
        name: string,
        args: FederatedServiceArgs | PlannedFederatedServiceArgs,
        opts?: pulumi.ComponentResourceOptions,
    ) {
        // Planned before the component registers: a mistake leaves nothing half-made.
        const inputs = new PassThroughInputs();
        const plan = servicePlanOf(name, args, inputs);
        super(TYPE, name, {}, opts);
        this.componentName = name;
        this.serviceName = plan.config.name;
        this.namespace = plan.config.namespace;
        this.placement = plan.placement;
        this.resilience = plan.resilience ?? [];
        this.rollout = plan.rollout;
        const namespaces = args.namespaces ?? new FleetNamespaces();
        const byName = new Map(args.clusters.map((cluster) => [cluster.clusterName, cluster]));

        const deployments = new Map<string, (after: pulumi.Resource[]) => k8sApps.Deployment>();
        // The policy that admits traffic to the pods, per cluster: the pods hold keeps it with them.
        const admissions = new Map<string, k8sNetworking.NetworkPolicy>();
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
            // In a held cluster, Pulumi leaves each object as it runs (heldIgnoreChanges).
            const options = (manifest: object): pulumi.CustomResourceOptions => {
                const ignoreChanges = heldIgnoreChanges(target, manifest);
                return ignoreChanges.length > 0 ? { ...child, ignoreChanges } : child;
            };

            // Manifests are plain objects (tests validate them against the Kubernetes schemas); the
            // Deployment's carry the pass-through Inputs (image, env and pod annotation values).
            const accountManifest = serviceAccountManifest(target);
            const account = new k8sCore.ServiceAccount(childName, accountManifest, options(accountManifest));
            // Made once its wave's turn comes: after the Deployments of the wave before (below).
            deployments.set(
                target.cluster.name,
                (after) =>
                    new k8sApps.Deployment(childName, inputs.restore(deploymentManifest(target)), {
                        ...child,
                        dependsOn: [...inNamespace, account, ...after],
                        ignoreChanges: deploymentIgnoreChanges(target),
                    }),
            );
            const serviceObject = serviceManifest(target);
            const k8sService = new k8sCore.Service(childName, serviceObject, options(serviceObject));
            const networkPolicy = networkPolicyManifest(target);
            admissions.set(
                target.cluster.name,
                new k8sNetworking.NetworkPolicy(childName, networkPolicy, options(networkPolicy)),
            );
            const pdb = podDisruptionBudgetManifest(target);
            if (pdb) new k8sPolicy.PodDisruptionBudget(childName, pdb, options(pdb));
            // Not after the Deployment: that would make it wait for the waves before (src/plan/rollout).
            // Its target may not exist for a moment on create; the HPA acts once it does.
            const hpa = horizontalPodAutoscalerManifest(target);
            if (hpa) new k8sAutoscaling.HorizontalPodAutoscaler(childName, hpa, options(hpa));

            const endpoint = k8sService.status.apply((status) => {
                const ingress = status?.loadBalancer?.ingress?.[0];
                return ingress?.hostname ?? ingress?.ip;
            });
            return { cluster, placement: placed, service: k8sService, endpoint };
        });
        this.deployments = this.rollOutInWaves(name, plan, deployments);
        // Clusters DNS answers with, or did until they started draining: their pods outlive the records.
        const drainSeconds = plan.dns?.drainSeconds;
        const answered = new Set([
            ...(plan.dns?.endpoints ?? []).map((endpoint) => endpoint.cluster),
            ...(plan.dns?.draining ?? []),
        ]);
        if (drainSeconds !== undefined)
            for (const [cluster, deployment] of this.deployments)
                if (answered.has(cluster))
                    podsHold(this, name, cluster, [deployment, admissions.get(cluster)!], drainSeconds);
        // In the engine's state, where stack policies read it (policy/rules/resilience.ts).
        this.registerOutputs({ placement: this.placement, resilience: this.resilience, rollout: this.rollout });
    }

    /**
     * Makes the Deployments wave by wave: each wave's depend on the Deployments of the wave
     * before, through its soak when there is one, so `pulumi up` starts a wave only once the one
     * before rolled out and soaked. A held cluster's Deployment waits for nothing and nothing
     * waits for it. Returns the Deployments by cluster.
     */
    private rollOutInWaves(
        name: string,
        plan: ServicePlan,
        deployments: ReadonlyMap<string, (after: pulumi.Resource[]) => k8sApps.Deployment>,
    ): Map<string, k8sApps.Deployment> {
        const { waves, held, soakSeconds } = plan.rollout;
        const made = new Map<string, k8sApps.Deployment>();
        const make = (cluster: string, after: pulumi.Resource[]) => {
            const deployment = deployments.get(cluster)!(after);
            made.set(cluster, deployment);
            return deployment;
        };
        for (const cluster of held) make(cluster, []);
        const templates = new Map(
            plan.workloads.map((target) => [target.cluster.name, deploymentManifest(target).spec.template]),
        );
        let gate: pulumi.Resource[] = [];
        waves.forEach((wave, index) => {
            const ofWave = wave.map((cluster) => make(cluster, gate));
            if (index === waves.length - 1) return;
            gate =
                soakSeconds > 0
                    ? [
                          soakAfterWave(this, name, {
                              afterWave: index + 1,
                              seconds: soakSeconds,
                              triggers: soakTriggers(wave.map((cluster) => templates.get(cluster))),
                              after: ofWave,
                          }),
                      ]
                    : ofWave;
        });
        return made;
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
        const { waves, held, soakSeconds, awaitSeconds } = this.rollout;
        const rollout: RolloutSummary = {
            waves,
            soakSeconds,
            ...(held.length > 0 ? { held } : {}),
            ...(awaitSeconds !== undefined ? { awaitSeconds } : {}),
        };
        return pulumi.all(rows).apply((entries) => ({ clusters: Object.fromEntries(entries), rollout }));
    }
}

/** The stack output `services.<name>.rollout`: the clusters of each wave, the soak, what is held. */
export interface RolloutSummary {
    waves: string[][];
    soakSeconds: number;
    held?: string[];
    /** Each waved Deployment's await timeout (pulumi.com/timeoutSeconds). */
    awaitSeconds?: number;
}

/** The stack output `services.<name>`, without DNS. */
export interface ServiceSummary {
    clusters: Record<string, { replicas: number; maxReplicas?: number; namespace: string; endpoint: string | null }>;
    rollout: RolloutSummary;
}
