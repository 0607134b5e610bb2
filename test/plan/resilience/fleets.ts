// Synthetic fleets for the resilience analysis: a service placed on some clusters, with the
// DNS plan the real planner (planServiceDns) makes for them, and each cluster's region.
import { dnsSchema, DnsConfig, serviceSchema } from "../../../src/plan/config/schema";
import { DnsEndpoint, endpointCoordinates, planServiceDns } from "../../../src/plan/dns/dns-plan";
import type { Cloud } from "../../../src/plan/clusters/facts";
import type { ClusterPlacement } from "../../../src/plan/placement/place-service";
import type { ResilienceService } from "../../../src/plan/resilience/analysis";

/** One cluster the service runs on: where, its share, and its autoscaler's maximum when autoscaled. */
export interface SyntheticCluster {
    cluster: string;
    cloud: Exclude<Cloud, "existing">;
    region: string;
    replicas: number;
    max?: number;
}

/** How the service is routed: a provider's policy, a failover pair where it needs one, or no DNS. */
export type SyntheticRouting =
    | { provider: "route53" | "clouddns"; routing: string; primary?: string; secondary?: string }
    | { internal: true }
    | { none: true };

/** A service of `demand` declared replicas on `clusters`, routed as `routing`, with the real DNS plan. */
export function syntheticService(
    clusters: readonly SyntheticCluster[],
    routing: SyntheticRouting,
    demand = clusters.reduce((sum, c) => sum + c.replicas, 0),
): { service: ResilienceService; regions: Map<string, string> } {
    const config = serviceSchema.parse({
        name: "web",
        namespace: "shop",
        replicas: demand,
        containers: [
            { name: "web", image: "nginx:1.27", readinessProbe: { httpGet: { path: "/healthz", port: 8080 } } },
        ],
        ports: [{ name: "http", port: 80 }],
        placement: { clusters: clusters.map((c) => c.cluster) },
        ...("internal" in routing ? { exposure: "internal" } : {}),
        ...("provider" in routing && routing.primary
            ? {
                  dns: {
                      routing: routing.routing,
                      failover: {
                          primary: routing.primary,
                          ...(routing.secondary ? { secondary: routing.secondary } : {}),
                      },
                  },
              }
            : "provider" in routing
              ? { dns: { routing: routing.routing } }
              : {}),
    });
    const placement: ClusterPlacement[] = clusters.map((c) => ({
        cluster: c.cluster,
        replicas: c.replicas,
        ...(c.max !== undefined ? { autoscaling: { minReplicas: c.replicas, maxReplicas: c.max } } : {}),
    }));
    const regions = new Map(clusters.map((c) => [c.cluster, c.region]));
    if ("none" in routing) return { service: { config, placement }, regions };
    const provider = "provider" in routing ? routing.provider : "route53";
    const dnsConfig: DnsConfig = dnsSchema.parse({
        provider,
        zone: { name: "fleet.example.com" },
        ...(provider === "clouddns" ? { project: "acme-dns" } : {}),
    });
    const endpoints: DnsEndpoint[] = clusters
        .filter((c) => c.replicas > 0)
        .map((c) => ({
            cluster: c.cluster,
            cloud: c.cloud,
            region: c.region,
            // AWS load balancers have hostnames, Google Cloud's IPs (clusters/facts.ts).
            kind: c.cloud === "aws" ? "hostname" : "ip",
            replicas: c.replicas,
            coordinates: endpointCoordinates(c.cloud, c.region),
        }));
    const dns = planServiceDns({
        service: config,
        serviceIndex: 0,
        federation: "acme",
        domain: "fleet.example.com",
        dns: dnsConfig,
        endpoints,
    });
    return { service: { config, placement, dns }, regions };
}
