// The Kubernetes objects a federated service becomes in one cluster, as plain manifests.
// Pure: the component hands them to @pulumi/kubernetes, and tests validate them against
// the Kubernetes API schemas. Their types are @pulumi/kubernetes's own input types with
// plain values, so the component passes them on without a cast.
import type * as pulumi from "@pulumi/pulumi";
import type * as k8sInput from "@pulumi/kubernetes/types/input";
import type { ContainerConfig, ProbeConfig, ResourcesConfig, ServiceConfig } from "../config/schema";
import type { Cloud } from "../clusters/facts";
import type { ClusterPlacement } from "../placement/place-service";
import { AWAIT_TIMEOUT_ANNOTATION } from "../rollout/waves";
import {
    APP_NAME_LABEL,
    CLOUD_LABEL,
    CLUSTER_LABEL,
    FEDERATION_LABEL,
    MANAGED_BY_FEDFLEET,
    REGION_LABEL,
    SERVICE_LABEL,
} from "../core/labels";

/** The well-known node label pods are spread over: one value per zone. */
export const ZONE_TOPOLOGY_KEY = "topology.kubernetes.io/zone";
/**
 * The label the Deployment controller puts on each ReplicaSet's pods. Spreading per value keeps
 * a rollout's new pods spread among themselves, not counted with the old ones being removed
 * (Kubernetes API, TopologySpreadConstraint.matchLabelKeys).
 */
export const POD_TEMPLATE_HASH_LABEL = "pod-template-hash";
/** The writable directory every container gets over its read-only root filesystem. */
export const TMP_VOLUME = { name: "tmp", mountPath: "/tmp" } as const;

/** A service in one cluster, with its share of replicas: what every manifest here is built from. */
export interface WorkloadTarget {
    federation: string;
    service: ServiceConfig;
    cluster: {
        name: string;
        cloud: Cloud;
        region: string;
        /** An existing cluster's annotations for an internal load balancer. */
        internalServiceAnnotations?: Record<string, string>;
    };
    placement: ClusterPlacement;
    /** How its rollout goes here (src/plan/rollout/waves.ts); absent, as when no wave orders it. */
    rollout?: {
        /** The cluster is held: Pulumi leaves what runs there as it is (heldIgnoreChanges). */
        held: boolean;
        /** The Deployment's await timeout, when the service rolls out in waves. */
        awaitSeconds?: number;
    };
}

/** An input type of @pulumi/kubernetes with plain values in place of Inputs: data, not promises. */
type Plain<T> = pulumi.Unwrap<T>;

/** A whole object: the kind's input type, with its apiVersion, kind, metadata and spec always set. */
type KubernetesObject<T, ApiVersion extends string, Kind extends string, Spec> = Plain<T> & {
    apiVersion: ApiVersion;
    kind: Kind;
    metadata: ObjectMeta;
    spec: Plain<Spec>;
};

/** A Deployment as `new k8s.apps.v1.Deployment` takes it. */
export type DeploymentManifest = KubernetesObject<
    k8sInput.apps.v1.Deployment,
    "apps/v1",
    "Deployment",
    k8sInput.apps.v1.DeploymentSpec
>;
/** A Service as `new k8s.core.v1.Service` takes it. */
export type ServiceManifest = KubernetesObject<k8sInput.core.v1.Service, "v1", "Service", k8sInput.core.v1.ServiceSpec>;
/** A PodDisruptionBudget as `new k8s.policy.v1.PodDisruptionBudget` takes it. */
export type PodDisruptionBudgetManifest = KubernetesObject<
    k8sInput.policy.v1.PodDisruptionBudget,
    "policy/v1",
    "PodDisruptionBudget",
    k8sInput.policy.v1.PodDisruptionBudgetSpec
>;
/** A HorizontalPodAutoscaler as `new k8s.autoscaling.v2.HorizontalPodAutoscaler` takes it. */
export type HorizontalPodAutoscalerManifest = KubernetesObject<
    k8sInput.autoscaling.v2.HorizontalPodAutoscaler,
    "autoscaling/v2",
    "HorizontalPodAutoscaler",
    k8sInput.autoscaling.v2.HorizontalPodAutoscalerSpec
>;
/** A NetworkPolicy as `new k8s.networking.v1.NetworkPolicy` takes it. */
export type NetworkPolicyManifest = KubernetesObject<
    k8sInput.networking.v1.NetworkPolicy,
    "networking.k8s.io/v1",
    "NetworkPolicy",
    k8sInput.networking.v1.NetworkPolicySpec
>;
/** A ServiceAccount as `new k8s.core.v1.ServiceAccount` takes it (it has no spec). */
export type ServiceAccountManifest = Plain<k8sInput.core.v1.ServiceAccount> & {
    apiVersion: "v1";
    kind: "ServiceAccount";
    metadata: ObjectMeta;
};
type ObjectMeta = Plain<k8sInput.meta.v1.ObjectMeta>;
type Container = Plain<k8sInput.core.v1.Container>;
type Probe = Plain<k8sInput.core.v1.Probe>;
type ResourceRequirements = Plain<k8sInput.core.v1.ResourceRequirements>;

/** Stable: the Deployment selector is immutable, so it names only the service. */
export function selectorLabels(service: ServiceConfig): Record<string, string> {
    return { [SERVICE_LABEL]: service.name };
}

/**
 * Labels of every object of a service in one cluster and of its pods: the override's labels, with
 * fedfleet's and the `app.kubernetes.io` ones written over them.
 */
export function workloadLabels(target: WorkloadTarget): Record<string, string> {
    const override = target.service.overrides[target.cluster.name];
    return {
        ...override?.labels,
        [APP_NAME_LABEL]: target.service.name,
        ...MANAGED_BY_FEDFLEET,
        [SERVICE_LABEL]: target.service.name,
        [CLUSTER_LABEL]: target.cluster.name,
        [CLOUD_LABEL]: target.cluster.cloud,
        [REGION_LABEL]: target.cluster.region,
        [FEDERATION_LABEL]: target.federation,
    };
}

function metadata(target: WorkloadTarget, annotations?: Record<string, string>): ObjectMeta {
    const meta: ObjectMeta = {
        name: target.service.name,
        namespace: target.service.namespace,
        labels: workloadLabels(target),
    };
    if (annotations && Object.keys(annotations).length > 0) meta.annotations = annotations;
    return meta;
}

function probe(config: ProbeConfig | undefined): Probe | undefined {
    if (!config) return undefined;
    return Object.fromEntries(Object.entries(config).filter(([, value]) => value !== undefined));
}

function resources(config: ResourcesConfig | undefined): ResourceRequirements | undefined {
    if (!config) return undefined;
    // A copy without the keys config left undefined.
    return JSON.parse(JSON.stringify(config)) as ResourceRequirements;
}

/** The containers as this cluster runs them: the override's image, env and resources go to the first. */
export function effectiveContainers(target: WorkloadTarget): ContainerConfig[] {
    const override = target.service.overrides[target.cluster.name];
    return target.service.containers.map((container, index) =>
        index > 0 || !override
            ? container
            : {
                  ...container,
                  image: override.image ?? container.image,
                  env: { ...container.env, ...override.env },
                  resources: override.resources ?? container.resources,
              },
    );
}

function container(config: ContainerConfig): Container {
    const out: Container = {
        name: config.name,
        image: config.image,
        ports: config.ports.map((p) => ({
            ...(p.name ? { name: p.name } : {}),
            containerPort: p.containerPort,
            protocol: p.protocol,
        })),
        env: Object.keys(config.env)
            .sort()
            .map((name) => ({ name, value: config.env[name] })),
        // Least privilege by default (Pod Security "restricted"); the policy pack insists on it.
        securityContext: {
            runAsNonRoot: true,
            // The kubelet verifies non-root only for a numeric user: an image whose USER is a
            // name needs its id (k/k kuberuntime verifyRunAsNonRoot).
            ...(config.runAsUser !== undefined ? { runAsUser: config.runAsUser } : {}),
            allowPrivilegeEscalation: false,
            privileged: false,
            readOnlyRootFilesystem: true,
            capabilities: { drop: ["ALL"] },
            seccompProfile: { type: "RuntimeDefault" },
        },
        // The root filesystem is read-only; /tmp is the one place a process may write.
        volumeMounts: [{ name: TMP_VOLUME.name, mountPath: TMP_VOLUME.mountPath }],
    };
    const extras = {
        resources: resources(config.resources),
        readinessProbe: probe(config.readinessProbe),
        livenessProbe: probe(config.livenessProbe),
    };
    if (extras.resources) out.resources = extras.resources;
    if (extras.readinessProbe) out.readinessProbe = extras.readinessProbe;
    if (extras.livenessProbe) out.livenessProbe = extras.livenessProbe;
    return out;
}

/** The service's Deployment in one cluster: its share of replicas (with an HPA, its minimum), spread over zones. */
export function deploymentManifest(target: WorkloadTarget): DeploymentManifest {
    const override = target.service.overrides[target.cluster.name];
    const spec: DeploymentManifest["spec"] = {
        selector: { matchLabels: selectorLabels(target.service) },
        strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: 0 } },
        template: {
            metadata: {
                labels: workloadLabels(target),
                ...(override && Object.keys(override.annotations).length ? { annotations: override.annotations } : {}),
            },
            spec: {
                // The service's own account, whose token no pod mounts: nothing here calls the
                // Kubernetes API, and this is where cloud identities (IRSA, Workload Identity) bind.
                serviceAccountName: target.service.name,
                automountServiceAccountToken: false,
                containers: effectiveContainers(target).map(container),
                volumes: [{ name: TMP_VOLUME.name, emptyDir: {} }],
                // ScheduleAnyway: a zone outage must not leave pods pending in the surviving zones.
                topologySpreadConstraints: [
                    {
                        maxSkew: 1,
                        topologyKey: ZONE_TOPOLOGY_KEY,
                        whenUnsatisfiable: "ScheduleAnyway",
                        labelSelector: { matchLabels: selectorLabels(target.service) },
                        matchLabelKeys: [POD_TEMPLATE_HASH_LABEL],
                    },
                ],
                securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
            },
        },
    };
    // Always declared: with an HPA it is the count the Deployment is created at, and Pulumi then
    // leaves the field to the HPA (deploymentIgnoreChanges). Leaving it out instead would release
    // it: server-side apply resets a released replicas to 1 until the HPA acts (Kubernetes docs,
    // Server-Side Apply, "Transferring ownership").
    spec.replicas = target.placement.replicas;
    // On the Deployment's own metadata, not the pod template: setting it starts no rollout.
    const awaitSeconds = target.rollout?.awaitSeconds;
    const annotations = {
        ...override?.annotations,
        ...(awaitSeconds !== undefined ? { [AWAIT_TIMEOUT_ANNOTATION]: String(awaitSeconds) } : {}),
    };
    return { apiVersion: "apps/v1", kind: "Deployment", metadata: metadata(target, annotations), spec };
}

/**
 * The in-tree AWS cloud provider's internal load-balancer annotation: any value but "" and "false"
 * makes the load balancer internal (kubernetes/cloud-provider-aws pkg/providers/v1/aws.go
 * EnsureLoadBalancer).
 */
export const AWS_LB_INTERNAL_ANNOTATION = "service.beta.kubernetes.io/aws-load-balancer-internal";
/**
 * The AWS Load Balancer Controller's scheme annotation. Where that controller handles a Service it
 * reads this before the internal one (aws-load-balancer-controller pkg/service
 * buildLoadBalancerSchemeViaAnnotation), so `internet-facing` wins there.
 */
export const AWS_LB_SCHEME_ANNOTATION = "service.beta.kubernetes.io/aws-load-balancer-scheme";
/**
 * GKE's load-balancer type annotations, the current one first: the first present decides, and only
 * "Internal" (or the deprecated "internal") makes the load balancer internal (kubernetes/cloud-provider-gcp
 * providers/gce/gce_annotations.go GetLoadBalancerAnnotationType; GKE docs, LoadBalancer Service parameters).
 */
export const GKE_LB_TYPE_ANNOTATIONS = ["networking.gke.io/load-balancer-type", "cloud.google.com/load-balancer-type"];

/**
 * What Pulumi leaves alone in the Deployment: with an HPA, `spec.replicas`. The engine applies
 * the old input there (pulumi/pulumi step_generator.go, processIgnoreChanges) and
 * pulumi-kubernetes's server-side apply keeps the live value, or omits the field once another
 * manager owns it (provider/pkg/await/await.go, handleSSAIgnoreFields): switching autoscaling
 * on keeps the running count until the HPA takes the field over.
 */
export function deploymentIgnoreChanges(target: WorkloadTarget): string[] {
    if (target.rollout?.held) return heldIgnoreChanges(target, deploymentManifest(target));
    return target.placement.autoscaling ? ["spec.replicas"] : [];
}

/**
 * What Pulumi leaves alone of a service's object in a cluster: in a held cluster, everything
 * fedfleet declares of it (its top-level keys but apiVersion and kind), so an update leaves it
 * exactly as it runs (the engine applies the old inputs on every ignored path: pulumi/pulumi
 * step_generator.go processIgnoreChanges). A create and a delete still happen: ignoreChanges
 * covers updates only.
 */
export function heldIgnoreChanges(target: WorkloadTarget, manifest: object): string[] {
    if (!target.rollout?.held) return [];
    return Object.keys(manifest).filter((key) => key !== "apiVersion" && key !== "kind");
}

/**
 * The cloud's own load-balancer annotations for an internet-facing or internal Service; on an
 * existing cluster, the internal ones its entry declares.
 */
export function loadBalancerAnnotations(
    cloud: Cloud,
    exposure: ServiceConfig["exposure"],
    internalServiceAnnotations: Record<string, string> = {},
): Record<string, string> {
    switch (cloud) {
        case "aws":
            // In-tree cloud provider: a Network Load Balancer, spread over all zones.
            return {
                "service.beta.kubernetes.io/aws-load-balancer-type": "nlb",
                "service.beta.kubernetes.io/aws-load-balancer-cross-zone-load-balancing-enabled": "true",
                ...(exposure === "internal" ? { [AWS_LB_INTERNAL_ANNOTATION]: "true" } : {}),
            };
        case "gcp":
            return exposure === "internal" ? { [GKE_LB_TYPE_ANNOTATIONS[0]]: "Internal" } : {};
        case "existing":
            return exposure === "internal" ? { ...internalServiceAnnotations } : {};
    }
}

/**
 * The annotation of a Service's final annotations that makes its load balancer public although the
 * service is internal, if any, with the values that would keep it internal: on AWS an internal
 * annotation of "" or "false", or the controller's scheme `internet-facing`; on GKE a type other than
 * Internal; on an existing cluster any change to the internal annotations its entry declares
 * (fedfleet cannot tell what else that cluster's load-balancer controller reads).
 */
export function publicLoadBalancerAnnotation(
    cloud: Cloud,
    annotations: Record<string, string>,
    internalServiceAnnotations: Record<string, string> = {},
): { key: string; internal: string } | undefined {
    switch (cloud) {
        case "aws": {
            const internal = annotations[AWS_LB_INTERNAL_ANNOTATION];
            if (internal === undefined || internal === "" || internal === "false")
                return {
                    key: AWS_LB_INTERNAL_ANNOTATION,
                    internal: 'a value other than "" and "false", such as "true"',
                };
            if (annotations[AWS_LB_SCHEME_ANNOTATION] === "internet-facing")
                return { key: AWS_LB_SCHEME_ANNOTATION, internal: '"internal", or no such annotation' };
            return undefined;
        }
        case "gcp": {
            const deciding = GKE_LB_TYPE_ANNOTATIONS.find((key) => annotations[key] !== undefined);
            const type = deciding === undefined ? undefined : annotations[deciding];
            if (type === "Internal" || type === "internal") return undefined;
            return { key: deciding ?? GKE_LB_TYPE_ANNOTATIONS[0], internal: '"Internal"' };
        }
        case "existing": {
            const key = Object.keys(internalServiceAnnotations).find(
                (name) => annotations[name] !== internalServiceAnnotations[name],
            );
            return key === undefined
                ? undefined
                : {
                      key,
                      internal: `${JSON.stringify(internalServiceAnnotations[key])} (the cluster's internalServiceAnnotations)`,
                  };
        }
    }
}

/** The service's LoadBalancer Service in one cluster, with the cloud's load-balancer annotations. */
export function serviceManifest(target: WorkloadTarget): ServiceManifest {
    const override = target.service.overrides[target.cluster.name];
    const annotations = {
        ...loadBalancerAnnotations(
            target.cluster.cloud,
            target.service.exposure,
            target.cluster.internalServiceAnnotations,
        ),
        ...override?.serviceAnnotations,
    };
    return {
        apiVersion: "v1",
        kind: "Service",
        metadata: metadata(target, annotations),
        spec: {
            type: "LoadBalancer",
            selector: selectorLabels(target.service),
            ports: target.service.ports.map((p) => ({
                name: p.name,
                port: p.port,
                targetPort: p.targetPort ?? p.port,
                protocol: p.protocol,
            })),
        },
    };
}

/**
 * One pod may be down for voluntary disruptions wherever the cluster can run two or more
 * (its HPA maximum included: the budget must exist before the HPA scales up). With one pod,
 * `maxUnavailable: 1` still lets a node drain (k/k disruption controller: desired healthy is
 * the scale minus maxUnavailable). Pods that run but are not ready may always be evicted
 * (`AlwaysAllow`, GA in Kubernetes 1.31), so a crash-looping rollout never blocks a drain.
 */
export function podDisruptionBudgetManifest(target: WorkloadTarget): PodDisruptionBudgetManifest | undefined {
    const ceiling = target.placement.autoscaling?.maxReplicas ?? target.placement.replicas;
    if (ceiling < 2) return undefined;
    return {
        apiVersion: "policy/v1",
        kind: "PodDisruptionBudget",
        metadata: metadata(target),
        spec: {
            maxUnavailable: 1,
            selector: { matchLabels: selectorLabels(target.service) },
            unhealthyPodEvictionPolicy: "AlwaysAllow",
        },
    };
}

/** The service's own ServiceAccount in one cluster, which mounts no API token into pods. */
export function serviceAccountManifest(target: WorkloadTarget): ServiceAccountManifest {
    return {
        apiVersion: "v1",
        kind: "ServiceAccount",
        metadata: metadata(target),
        automountServiceAccountToken: false,
    };
}

/**
 * Lets traffic reach the service's pods on the ports its Service targets, from anywhere (the
 * load balancer's source may be a client, a node or the load balancer itself: Kubernetes
 * network policies leave it undefined). Everything else is refused by the namespace's
 * default-deny policy; the kubelet's probes come from the pod's own node, which policies
 * always admit.
 */
export function networkPolicyManifest(target: WorkloadTarget): NetworkPolicyManifest {
    const seen = new Set<string>();
    const ports = target.service.ports
        .map((p) => ({ port: p.targetPort ?? p.port, protocol: p.protocol }))
        .filter((p) => {
            const key = `${p.protocol}/${p.port}`;
            if (seen.has(key)) return false;
            seen.add(key);
            return true;
        });
    return {
        apiVersion: "networking.k8s.io/v1",
        kind: "NetworkPolicy",
        metadata: metadata(target),
        spec: {
            podSelector: { matchLabels: selectorLabels(target.service) },
            policyTypes: ["Ingress"],
            ingress: [{ ports }],
        },
    };
}

/** With autoscaling, the HPA that scales this cluster's Deployment within its share of the bounds. */
export function horizontalPodAutoscalerManifest(target: WorkloadTarget): HorizontalPodAutoscalerManifest | undefined {
    const bounds = target.placement.autoscaling;
    const autoscaling = target.service.autoscaling;
    if (!bounds || !autoscaling) return undefined;
    return {
        apiVersion: "autoscaling/v2",
        kind: "HorizontalPodAutoscaler",
        metadata: metadata(target),
        spec: {
            scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: target.service.name },
            minReplicas: bounds.minReplicas,
            maxReplicas: bounds.maxReplicas,
            metrics: [
                {
                    type: "Resource",
                    resource: {
                        name: "cpu",
                        target: { type: "Utilization", averageUtilization: autoscaling.targetCpuUtilization },
                    },
                },
            ],
        },
    };
}
