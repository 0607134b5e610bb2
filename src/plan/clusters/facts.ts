// Facts about a cluster that placement, DNS and the plan all rely on, derived from its
// config alone so they are known before any cloud resource exists. Pure.
import type { ClusterConfig, Environment } from "../config/schema";
import { regionInfo } from "../regions/catalog";
import { isInternetAddress } from "../core/cidr";
import { defaultEksZones } from "./aws/eks-zones";

/** The cloud a cluster is on: `aws`, `gcp` or `existing` (one the user already runs). */
export type Cloud = ClusterConfig["cloud"];
/**
 * How a cluster's LoadBalancer Services are reached: by DNS hostname, by IP address, or only
 * from private networks (`private`: no global DNS record points at them).
 */
export type LoadBalancerAddressKind = "hostname" | "ip" | "private";

/** Label keys fedfleet sets on every cluster; user labels may not redefine them. */
export const RESERVED_CLUSTER_LABELS = ["cluster", "cloud", "region", "env"] as const;

/**
 * The zones a cluster's nodes run in: declared ones, or three of its region's (on AWS, AZ IDs
 * where a zone name could map to one EKS refuses; see defaultEksZones).
 */
export function clusterZones(cluster: ClusterConfig): string[] {
    if (cluster.zones) return [...cluster.zones];
    if (cluster.cloud === "existing") return [];
    if (cluster.cloud === "aws") return defaultEksZones(cluster.region);
    return (regionInfo(cluster.cloud, cluster.region)?.zones ?? []).slice(0, 3);
}

/** Labels placement selects on: fedfleet's own over the user's (validation forbids clashes). */
export function clusterLabels(cluster: ClusterConfig, environment: Environment): Record<string, string> {
    const own: Record<string, string> = {
        cluster: cluster.name,
        cloud: cluster.cloud,
        region: cluster.region,
        env: environment,
    };
    const merged: Record<string, string> = { ...cluster.labels, ...own };
    return Object.fromEntries(
        Object.keys(merged)
            .sort()
            .map((key) => [key, merged[key]]),
    );
}

/** AWS load balancers are reached by hostname (their IPs change); GCP's by a stable IP. */
export function loadBalancerAddressKind(cluster: ClusterConfig): LoadBalancerAddressKind {
    switch (cluster.cloud) {
        case "aws":
            return "hostname";
        case "gcp":
            return "ip";
        case "existing":
            return cluster.loadBalancerAddress;
    }
}

/**
 * Whether global DNS may point at a cluster's load balancers: not when they are private. Cloud
 * DNS health checks probe "Internet IP addresses" (Cloud DNS v1 API, RRSetRoutingPolicy
 * HealthCheckTargets.externalEndpoints), Route 53's probe from the internet too, and a public
 * zone must not publish a private address.
 */
export function servedByGlobalDns(kind: LoadBalancerAddressKind): boolean {
    return kind !== "private";
}

/**
 * Why global DNS cannot point at a load balancer address of `cluster`, or undefined when it can:
 * an IP the internet does not route to (a lab's MetalLB address), which health checks never
 * reach and a public zone must not publish.
 */
export function unservableAddressProblem(cluster: string, address: string): string | undefined {
    if (!address || isInternetAddress(address) || !/^[0-9a-f.:]+$/i.test(address)) return undefined;
    return `cluster ${cluster}'s load balancer has ${address}, which the internet does not reach: health checks never pass and a public zone must not publish it; give the cluster loadBalancerAddress: private (its services stay out of global DNS) or its load balancers public addresses`;
}
