// The Kubernetes objects a federated service becomes in one cluster, as plain manifests.
// Pure: the component hands them to @pulumi/kubernetes, and tests validate them against
// the Kubernetes API schemas.
import type { ContainerConfig, ProbeConfig, ResourcesConfig, ServiceConfig } from "../config/schema";
import type { Cloud } from "../clusters/facts";
import type { ClusterPlacement } from "../placement/place-service";

export const SERVICE_LABEL = "fedfleet.io/service";
export const CLUSTER_LABEL = "fedfleet.io/cluster";
export const FEDERATION_LABEL = "fedfleet.io/federation";
export const CLOUD_LABEL = "fedfleet.io/cloud";
export const REGION_LABEL = "fedfleet.io/region";
export const ZONE_TOPOLOGY_KEY = "topology.kubernetes.io/zone";

export interface WorkloadTarget {
    federation: string;
    service: ServiceConfig;
    cluster: { name: string; cloud: Cloud; region: string };
    placement: ClusterPlacement;
}

type Manifest = { apiVersion: string; kind: string; metadata: Record<string, unknown>; spec: Record<string, unknown> };

/** Stable: the Deployment selector is immutable, so it names only the service. */
export function selectorLabels(service: ServiceConfig): Record<string, string> {
    return { [SERVICE_LABEL]: service.name };
}

export function workloadLabels(target: WorkloadTarget): Record<string, string> {
    const override = target.service.overrides[target.cluster.name];
    return {
        ...override?.labels,
        "app.kubernetes.io/name": target.service.name,
        "app.kubernetes.io/managed-by": "fedfleet",
        [SERVICE_LABEL]: target.service.name,
        [CLUSTER_LABEL]: target.cluster.name,
        [CLOUD_LABEL]: target.cluster.cloud,
        [REGION_LABEL]: target.cluster.region,
        [FEDERATION_LABEL]: target.federation,
    };
}

function metadata(target: WorkloadTarget, annotations?: Record<string, string>): Record<string, unknown> {
    const meta: Record<string, unknown> = {
        name: target.service.name,
        namespace: target.service.namespace,
        labels: workloadLabels(target),
    };
    if (annotations && Object.keys(annotations).length > 0) meta.annotations = annotations;
    return meta;
}

function probe(config: ProbeConfig | undefined): Record<string, unknown> | undefined {
    if (!config) return undefined;
    return Object.fromEntries(Object.entries(config).filter(([, value]) => value !== undefined));
}

function resources(config: ResourcesConfig | undefined): Record<string, unknown> | undefined {
    if (!config) return undefined;
    return JSON.parse(JSON.stringify(config));
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

function container(config: ContainerConfig): Record<string, unknown> {
    const out: Record<string, unknown> = {
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
        // Least privilege by default; the policy pack insists on it.
        securityContext: {
            runAsNonRoot: true,
            allowPrivilegeEscalation: false,
            privileged: false,
            readOnlyRootFilesystem: true,
            capabilities: { drop: ["ALL"] },
            seccompProfile: { type: "RuntimeDefault" },
        },
    };
    const extras = {
        resources: resources(config.resources),
        readinessProbe: probe(config.readinessProbe),
        livenessProbe: probe(config.livenessProbe),
    };
    for (const [key, value] of Object.entries(extras)) if (value !== undefined) out[key] = value;
    return out;
}

export function deploymentManifest(target: WorkloadTarget): Manifest {
    const override = target.service.overrides[target.cluster.name];
    const spec: Record<string, unknown> = {
        selector: { matchLabels: selectorLabels(target.service) },
        strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: 0 } },
        template: {
            metadata: {
                labels: workloadLabels(target),
                ...(override && Object.keys(override.annotations).length ? { annotations: override.annotations } : {}),
            },
            spec: {
                containers: effectiveContainers(target).map(container),
                // ScheduleAnyway: a zone outage must not leave pods pending in the surviving zones.
                topologySpreadConstraints: [
                    {
                        maxSkew: 1,
                        topologyKey: ZONE_TOPOLOGY_KEY,
                        whenUnsatisfiable: "ScheduleAnyway",
                        labelSelector: { matchLabels: selectorLabels(target.service) },
                    },
                ],
                securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
            },
        },
    };
    // With an HPA the replica count is the HPA's; setting it here too would make them fight.
    if (!target.placement.autoscaling) spec.replicas = target.placement.replicas;
    return { apiVersion: "apps/v1", kind: "Deployment", metadata: metadata(target, override?.annotations), spec };
}

/** The cloud's own load-balancer annotations for an internet-facing or internal Service. */
export function loadBalancerAnnotations(cloud: Cloud, exposure: ServiceConfig["exposure"]): Record<string, string> {
    switch (cloud) {
        case "aws":
            // In-tree cloud provider: a Network Load Balancer, spread over all zones.
            return {
                "service.beta.kubernetes.io/aws-load-balancer-type": "nlb",
                "service.beta.kubernetes.io/aws-load-balancer-cross-zone-load-balancing-enabled": "true",
                ...(exposure === "internal" ? { "service.beta.kubernetes.io/aws-load-balancer-internal": "true" } : {}),
            };
        case "gcp":
            return exposure === "internal" ? { "networking.gke.io/load-balancer-type": "Internal" } : {};
        case "existing":
            return {};
    }
}

export function serviceManifest(target: WorkloadTarget): Manifest {
    const override = target.service.overrides[target.cluster.name];
    const annotations = {
        ...loadBalancerAnnotations(target.cluster.cloud, target.service.exposure),
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

/** One pod may be down for voluntary disruptions, once a cluster runs two or more. */
export function podDisruptionBudgetManifest(target: WorkloadTarget): Manifest | undefined {
    const floor = target.placement.autoscaling?.minReplicas ?? target.placement.replicas;
    if (floor < 2) return undefined;
    return {
        apiVersion: "policy/v1",
        kind: "PodDisruptionBudget",
        metadata: metadata(target),
        spec: { maxUnavailable: 1, selector: { matchLabels: selectorLabels(target.service) } },
    };
}

export function horizontalPodAutoscalerManifest(target: WorkloadTarget): Manifest | undefined {
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
