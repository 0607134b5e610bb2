// Stack-wide rules for federated services: spread over regions, clusters and clouds;
// placed only on clusters of this stack; and no load balancer outside a federated service.
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { byUrn, CLUSTER_COMPONENT_PREFIX, LABELS, owningClusterOf, TYPES } from "./support";

/** The Deployments a FederatedService component placed, one per cluster. */
function placedDeployments(service: PolicyResource, resources: readonly PolicyResource[]): PolicyResource[] {
    return resources.filter((r) => r.type === TYPES.deployment && r.parent?.urn === service.urn);
}

interface SpreadConfig {
    minRegions?: number;
    minClusters?: number;
    minClouds?: number;
}

/**
 * Spread of each federated service, counted from its Deployments' labels: regions, clusters and clouds
 * (by default at least 2, 2 and 1).
 */
export const federationSpread: StackValidationPolicy = {
    name: "federation-spread",
    description:
        "Each federated service runs in at least the configured number of regions and clusters (2 each in production), and clouds when configured.",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            minRegions: { type: "integer", minimum: 1 },
            minClusters: { type: "integer", minimum: 1 },
            minClouds: { type: "integer", minimum: 1 },
        },
    },
    validateStack: (args, reportViolation) => {
        const { minRegions = 2, minClusters = 2, minClouds = 1 } = args.getConfig<SpreadConfig>();
        for (const service of args.resources.filter((r) => r.type === TYPES.federatedService)) {
            const labels = placedDeployments(service, args.resources).map(
                (d) => (d.props.metadata?.labels ?? {}) as Record<string, string>,
            );
            const count = (key: string) => new Set(labels.map((l) => l[key]).filter(Boolean)).size;
            const shortfalls = [
                [count(LABELS.region), minRegions, "regions"],
                [count(LABELS.cluster), minClusters, "clusters"],
                [count(LABELS.cloud), minClouds, "clouds"],
            ]
                .filter(([have, need]) => (have as number) < (need as number))
                .map(([have, need, what]) => `${have} ${what} (needs ${need})`);
            if (shortfalls.length > 0)
                reportViolation(`Federated service ${service.name} runs in ${shortfalls.join(", ")}.`, service.urn);
        }
    },
};

/**
 * Each Deployment of a federated service names a cluster of this stack in its label, and reaches it
 * through that cluster's own provider, so it runs where the label says.
 */
export const placedClustersExist: StackValidationPolicy = {
    name: "placed-clusters-exist",
    description:
        "Every cluster a federated service is placed on is a cluster of this stack, reached through that cluster's own provider.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        const resources = byUrn(args.resources);
        const clusters = new Set(
            args.resources.filter((r) => r.type.startsWith(CLUSTER_COMPONENT_PREFIX)).map((r) => r.name),
        );
        for (const service of args.resources.filter((r) => r.type === TYPES.federatedService)) {
            for (const deployment of placedDeployments(service, args.resources)) {
                const named = deployment.props.metadata?.labels?.[LABELS.cluster];
                const owner = owningClusterOf(deployment, resources);
                if (!named || !clusters.has(named)) {
                    reportViolation(
                        `Federated service ${service.name} is placed on cluster "${named}", which is not a cluster of this stack.`,
                        deployment.urn,
                    );
                } else if (owner?.name !== named) {
                    reportViolation(
                        `Federated service ${service.name}'s workload for cluster "${named}" is deployed through ${owner ? `cluster "${owner.name}"` : "no cluster"}'s provider.`,
                        deployment.urn,
                    );
                }
            }
        }
    },
};

interface LoadBalancerConfig {
    allowed?: string[];
}

const SERVICE_PATCH = "kubernetes:core/v1:ServicePatch";

/**
 * LoadBalancer Services outside a federated service, other than the `namespace/name`s the pack's config
 * allows; a ServicePatch that makes a Service a LoadBalancer counts as one unless it patches a federated
 * service's own Service.
 */
export const noStrayLoadBalancers: StackValidationPolicy = {
    name: "no-stray-load-balancers",
    description:
        "LoadBalancer Services exist only as part of a federated service (which gives them DNS and health checks), unless allowed by namespace/name.",
    enforcementLevel: "mandatory",
    configSchema: { properties: { allowed: { type: "array", items: { type: "string" } } } },
    validateStack: (args, reportViolation) => {
        const allowed = new Set(args.getConfig<LoadBalancerConfig>().allowed ?? []);
        const idOf = (r: PolicyResource) =>
            `${r.props.metadata?.namespace ?? "default"}/${r.props.metadata?.name ?? r.name}`;
        const federated = new Set(
            args.resources
                .filter((r) => r.type === TYPES.service && r.parent?.type === TYPES.federatedService)
                .map((r) => `${r.provider?.urn}|${idOf(r)}`),
        );
        for (const service of args.resources.filter(
            (r) => (r.type === TYPES.service || r.type === SERVICE_PATCH) && r.props.spec?.type === "LoadBalancer",
        )) {
            const id = idOf(service);
            if (service.parent?.type === TYPES.federatedService || allowed.has(id)) continue;
            if (service.type === SERVICE_PATCH && federated.has(`${service.provider?.urn}|${id}`)) continue;
            reportViolation(
                `LoadBalancer ${service.type === SERVICE_PATCH ? "ServicePatch" : "Service"} ${id} is not part of a federated service; declare it in fedfleet:services or allow it in the pack config.`,
                service.urn,
            );
        }
    },
};

/** The federation rules, in the order the pack lists them. */
export const federationPolicies = [federationSpread, placedClustersExist, noStrayLoadBalancers];
