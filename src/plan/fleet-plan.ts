// Everything the fedfleet program decides, computed once from a validated config: per
// cluster its facts, labels, physical names and protection; per service its placement, the
// workload each cluster runs and its DNS plan. Pure: validation runs it to report what cannot
// be built, the program to build exactly that, and the components only wire it.
import type {
    AwsClusterConfig,
    ClusterConfig,
    DeployerConfig,
    DnsConfig,
    Environment,
    ExistingClusterConfig,
    FleetConfig,
    GcpClusterConfig,
    ServiceConfig,
} from "./config/schema";
import { FleetConfigError } from "./core/config-error";
import { addonVersions, EKS_ADDONS, EksAddon } from "./clusters/aws/addon-versions";
import {
    clusterLabels,
    clusterZones,
    LoadBalancerAddressKind,
    loadBalancerAddressKind,
    servedByGlobalDns,
} from "./clusters/facts";
import {
    checkDnsSettings,
    DnsEndpoint,
    endpointCoordinates,
    planServiceDns,
    ServiceDnsPlan,
    usesFailoverPair,
} from "./dns/dns-plan";
import { ClusterPlacement, placeService } from "./placement/place-service";
import type { WorkloadTarget } from "./workloads/manifests";
import { checkWorkloadAgainstApi } from "./workloads/api-validation";
import { describeRecords, primaryChain } from "./dns/describe-records";
import { FleetNameTarget, fleetServiceName, planFleetNames, SERVICE_NAME_MAX } from "./workloads/fleet-name";
import { isClusterOwnedNamespace } from "./workloads/namespace-manifests";
import { EksEndpointPlan, planEksEndpoint } from "./clusters/aws/eks-access";
import { NodeGroupPlan, planNodeGroup } from "./clusters/aws/node-groups";
import { cloudDnsHealthCheckName, eksClusterName, eksSecretsKeyAlias, GkeNames, gkeNames } from "./physical-names";
import { markWhileDraining, ResilienceEntry, serviceResilience } from "./resilience/analysis";

/** The one place that decides protection: stateful resources cannot be deleted by accident in prod. */
export function protectsStatefulResources(environment: Environment): boolean {
    return environment === "prod";
}

interface ClusterPlanBase {
    /** The cluster's name in the stack file, and its component's name. */
    name: string;
    zones: string[];
    /** What placement selects on: fedfleet's own labels over the user's. */
    labels: Record<string, string>;
    loadBalancerAddress: LoadBalancerAddressKind;
    environment: Environment;
    /** Whether its stateful resources (cluster, node pools, keys) are protected. */
    protect: boolean;
    /** Out of every DNS record set, its workloads still running (`draining: true`). */
    draining: boolean;
}

/** An EKS cluster to build. */
export interface EksClusterPlan extends ClusterPlanBase {
    cloud: "aws";
    config: AwsClusterConfig;
    names: { eksCluster: string; secretsKeyAlias: string };
    /** The version of each add-on: pinned for the Kubernetes version, or the stack's override. */
    addonVersions: Record<EksAddon, string>;
    /** Where its API is open to, and who holds an access entry. */
    endpoint: EksEndpointPlan;
    /** One managed node group per pool, in the pools' order. */
    nodeGroups: NodeGroupPlan[];
}

/** A GKE cluster to build. */
export interface GkeClusterPlan extends ClusterPlanBase {
    cloud: "gcp";
    config: GcpClusterConfig;
    names: GkeNames;
}

/** A cluster that exists already, reached through its kubeconfig. */
export interface ExistingClusterPlan extends ClusterPlanBase {
    cloud: "existing";
    config: ExistingClusterConfig;
}

/** A cluster of the fleet, as the program will build or reach it. */
export type ClusterPlan = EksClusterPlan | GkeClusterPlan | ExistingClusterPlan;

/** What a cluster plan needs besides the cluster's own config. */
export interface ClusterContext {
    /** The Pulumi stack, part of physical names that must not collide between stacks. */
    stack: string;
    environment: Environment;
    /** Where `pulumi up` runs, and as whom (`fedfleet:deployer`). */
    deployer?: DeployerConfig;
}

/** Plans one cluster: facts known from config alone, before any cloud resource exists. */
export function planCluster(config: ClusterConfig, context: ClusterContext): ClusterPlan {
    const base: ClusterPlanBase = {
        name: config.name,
        zones: clusterZones(config),
        labels: clusterLabels(config, context.environment),
        loadBalancerAddress: loadBalancerAddressKind(config),
        environment: context.environment,
        protect: protectsStatefulResources(context.environment),
        draining: config.draining,
    };
    switch (config.cloud) {
        case "aws": {
            const eksCluster = eksClusterName(context.stack, config.name);
            // terraform-provider-aws eks/validate.go (validClusterName); the stack is part of it.
            if (!/^[0-9A-Za-z][0-9A-Za-z_-]*$/.test(eksCluster) || eksCluster.length > 100) {
                throw new FleetConfigError(
                    ["name"],
                    "a name that with the stack's (<stack>-<name>) makes an EKS cluster name of at most 100 letters, digits, '-' or '_'",
                    `"${eksCluster}"`,
                );
            }
            const versions = addonVersions(config.kubernetesVersion, config.addonVersions);
            const missing = EKS_ADDONS.find((addon) => !versions[addon]);
            if (missing) throw new FleetConfigError(["addonVersions", missing], `a version of ${missing}`, "nothing");
            const nodeGroups = config.nodePools.map((pool, index) => {
                try {
                    return planNodeGroup(pool);
                } catch (error) {
                    if (error instanceof FleetConfigError) throw error.under(["nodePools", index]);
                    throw error;
                }
            });
            return {
                ...base,
                cloud: "aws",
                config,
                names: { eksCluster, secretsKeyAlias: eksSecretsKeyAlias(context.stack, config.name) },
                addonVersions: versions as Record<EksAddon, string>,
                endpoint: planEksEndpoint(config, context.deployer),
                nodeGroups,
            };
        }
        case "gcp":
            return { ...base, cloud: "gcp", config, names: gkeNames(config.name) };
        case "existing":
            return { ...base, cloud: "existing", config };
    }
}

/** The FederatedService component's name: unique per namespace and service, readable in URNs. */
export function federatedServiceName(service: Pick<ServiceConfig, "name" | "namespace">): string {
    return `${service.namespace}/${service.name}`;
}

/** A federated service to build. */
export interface ServicePlan {
    config: ServiceConfig;
    /** `<namespace>/<service>`: the FederatedService component's name. */
    componentName: string;
    /** Every chosen cluster, in name order, with its share (0 means nothing is built there). */
    placement: ClusterPlacement[];
    /** What each cluster with a share above 0 runs, in cluster-name order. */
    workloads: WorkloadTarget[];
    /** Its global DNS, when the stack has DNS. */
    dns?: ServiceDnsPlan;
    /** The name of its Cloud DNS health check, when it has one. */
    healthCheckName?: string;
    /** What losing each of its clusters, and each of its regions, would leave serving it. */
    resilience?: ResilienceEntry[];
    /** Its in-cluster name (`<svc>-fleet`) per cluster, when it has DNS records. */
    fleetNames?: FleetNameTarget[];
}

/**
 * Places one service on the fleet. Throws FleetConfigError located relative to the service's
 * own entry (`placement.clusters[0]`, `replicas`, ...): the caller says where the entry is.
 */
export function planService(
    config: ServiceConfig,
    clusters: readonly ClusterPlan[],
    federation: string,
): Omit<ServicePlan, "dns" | "healthCheckName" | "resilience"> {
    const placement = placeService(
        config,
        clusters.map((cluster) => ({ name: cluster.name, labels: cluster.labels })),
    );
    const byName = new Map(clusters.map((cluster) => [cluster.name, cluster]));
    const workloads = placement
        .filter((placed) => placed.replicas > 0)
        .map((placed): WorkloadTarget => {
            const cluster = byName.get(placed.cluster)!;
            const internalAnnotations =
                cluster.config.cloud === "existing" ? cluster.config.internalServiceAnnotations : undefined;
            // On EKS and GKE fedfleet knows the annotation that makes a load balancer internal; on a
            // cluster it did not build only the user does, and without it the Service may be public.
            if (config.exposure === "internal" && cluster.config.cloud === "existing" && !internalAnnotations)
                throw new FleetConfigError(
                    ["exposure"],
                    `a cluster that says how to make a load balancer internal: add internalServiceAnnotations to ${cluster.name}'s entry (for example metallb.io/address-pool: <a private pool>)`,
                    `"internal" placed on ${cluster.name}, which has none`,
                );
            return {
                federation,
                service: config,
                cluster: {
                    name: cluster.name,
                    cloud: cluster.config.cloud,
                    region: cluster.config.region,
                    ...(internalAnnotations ? { internalServiceAnnotations: internalAnnotations } : {}),
                },
                placement: placed,
            };
        });
    // What the API server would refuse of the objects themselves, fedfleet's own parts included.
    workloads.forEach(checkWorkloadAgainstApi);
    return { config, componentName: federatedServiceName(config), placement, workloads };
}

/**
 * The clusters where a service runs (share above 0) and global DNS may point at (a private
 * address never), as DNS endpoints, each with whether it is draining.
 */
function runningEndpoints(
    placement: readonly ClusterPlacement[],
    clusters: readonly ClusterPlan[],
): { endpoint: DnsEndpoint; draining: boolean }[] {
    const byName = new Map(clusters.map((cluster) => [cluster.name, cluster]));
    return placement
        .filter((placed) => placed.replicas > 0)
        .filter((placed) => servedByGlobalDns(byName.get(placed.cluster)!.loadBalancerAddress))
        .map((placed) => {
            const { config, draining } = byName.get(placed.cluster)!;
            const endpoint: DnsEndpoint = {
                cluster: config.name,
                cloud: config.cloud,
                region: config.region,
                kind: loadBalancerAddressKind(config),
                replicas: placed.replicas,
                coordinates: endpointCoordinates(
                    config.cloud,
                    config.region,
                    config.cloud === "existing" ? config.coordinates : undefined,
                ),
            };
            return { endpoint, draining };
        });
}

/** The clusters that answer for a service in DNS: where it runs (share above 0), unless draining. */
export function dnsEndpoints(placement: readonly ClusterPlacement[], clusters: readonly ClusterPlan[]): DnsEndpoint[] {
    return runningEndpoints(placement, clusters)
        .filter((r) => !r.draining)
        .map((r) => r.endpoint);
}

/** The draining clusters a service runs on: they keep its workloads and leave its record sets. */
export function drainingDnsEndpoints(
    placement: readonly ClusterPlacement[],
    clusters: readonly ClusterPlan[],
): DnsEndpoint[] {
    return runningEndpoints(placement, clusters)
        .filter((r) => r.draining)
        .map((r) => r.endpoint);
}

/**
 * The APIs each resource type fedfleet makes in a cluster's project needs, by the client the
 * provider uses for it (terraform-provider-google): networks, routers, NAT and health checks
 * compute; clusters and node pools container; keys cloudkms; service accounts iam; project
 * IAM bindings cloudresourcemanager.
 */
export const GKE_PROJECT_APIS = [
    "cloudkms.googleapis.com",
    "cloudresourcemanager.googleapis.com",
    "compute.googleapis.com",
    "container.googleapis.com",
    "iam.googleapis.com",
] as const;

/** The APIs a Cloud DNS project needs: zones and record sets, and the health checks routing uses. */
export const CLOUD_DNS_PROJECT_APIS = ["compute.googleapis.com", "dns.googleapis.com"] as const;

/** A Google Cloud project fedfleet builds in, and the APIs to enable there first. */
export interface GcpProjectPlan {
    project: string;
    /** Sorted. */
    services: string[];
}

/** The projects of a fleet's GKE clusters and Cloud DNS zone, each with the APIs it needs. */
export function gcpProjects(config: FleetConfig): GcpProjectPlan[] {
    const needs = new Map<string, Set<string>>();
    const add = (project: string, apis: readonly string[]) => {
        const set = needs.get(project) ?? new Set<string>();
        apis.forEach((api) => set.add(api));
        needs.set(project, set);
    };
    for (const cluster of config.clusters) if (cluster.cloud === "gcp") add(cluster.project, GKE_PROJECT_APIS);
    if (config.dns?.provider === "clouddns" && config.dns.project) {
        add(config.dns.project, CLOUD_DNS_PROJECT_APIS);
        if (config.dns.zone.parent?.project) add(config.dns.zone.parent.project, ["dns.googleapis.com"]);
    }
    return [...needs.keys()].sort().map((project) => ({ project, services: [...needs.get(project)!].sort() }));
}

/**
 * Each service's losses, once its placement and DNS are planned, with its draining clusters
 * counted on by nothing. A loss that fails only because clusters drain is marked so
 * (markWhileDraining), against the service as planned with nothing draining: `undrainedDns`
 * gives that DNS plan.
 */
function assessResilience(
    services: ServicePlan[],
    clusters: readonly ClusterPlan[],
    undrainedDns: (service: ServicePlan, index: number) => ServiceDnsPlan | undefined = () => undefined,
): void {
    const regions = new Map(clusters.map((cluster) => [cluster.name, cluster.config.region]));
    const drainingNames = new Set(clusters.filter((cluster) => cluster.draining).map((cluster) => cluster.name));
    services.forEach((service, index) => {
        const draining = service.placement
            .filter((placed) => placed.replicas > 0 && drainingNames.has(placed.cluster))
            .map((placed) => placed.cluster);
        const entries = serviceResilience(service, regions, { draining });
        if (draining.length === 0) {
            service.resilience = entries;
            return;
        }
        const baseline = serviceResilience({ ...service, dns: undrainedDns(service, index) ?? service.dns }, regions);
        service.resilience = markWhileDraining(entries, baseline, draining);
    });
}

/** The whole program's decisions for one stack. */
export interface FleetPlan {
    /** The validated config the plan was made from. */
    config: FleetConfig;
    stack: string;
    federation: FleetConfig["federation"];
    /** In the stack file's order. */
    clusters: ClusterPlan[];
    /** In the stack file's order. */
    services: ServicePlan[];
    /** The zone DNS records go to, when the stack has DNS. */
    dnsZone?: { config: DnsConfig; protect: boolean };
    /** The Google Cloud projects the fleet builds in, and their APIs. */
    gcpProjects: GcpProjectPlan[];
}

/**
 * Plans a fleet. Every service is placed exactly once, here. Throws FleetConfigError, located
 * in the `fedfleet:` namespace, for anything that cannot be built.
 */
export function planFleet(config: FleetConfig, stack: string): FleetPlan {
    const environment = config.federation.environment;
    const clusters = config.clusters.map((cluster, index) => {
        try {
            return planCluster(cluster, { stack, environment, deployer: config.deployer });
        } catch (error) {
            if (error instanceof FleetConfigError) throw error.under(["clusters", index]);
            throw error;
        }
    });
    const services: ServicePlan[] = config.services.map((service, index) => {
        try {
            return planService(service, clusters, config.federation.name);
        } catch (error) {
            if (error instanceof FleetConfigError) throw error.under(["services", index]);
            throw error;
        }
    });
    const dns = config.dns;
    if (!dns) {
        const index = config.services.findIndex((service) => service.dns !== undefined);
        if (index >= 0) {
            throw new FleetConfigError(
                ["services", index, "dns"],
                "fedfleet:dns to be configured first",
                "DNS settings for a stack without DNS",
            );
        }
        assessResilience(services, clusters);
        return { config, stack, federation: config.federation, clusters, services, gcpProjects: gcpProjects(config) };
    }
    checkDnsSettings(config.federation.domain, dns);
    const dnsInput = (service: ServicePlan, serviceIndex: number) => ({
        service: service.config,
        serviceIndex,
        federation: config.federation.name,
        domain: config.federation.domain,
        dns,
    });
    services.forEach((service, serviceIndex) => {
        service.dns = planServiceDns({
            ...dnsInput(service, serviceIndex),
            endpoints: dnsEndpoints(service.placement, clusters),
            draining: drainingDnsEndpoints(service.placement, clusters),
        });
        if (dns.provider === "clouddns") {
            service.healthCheckName = cloudDnsHealthCheckName(stack, service.config.name, service.config.namespace);
        }
    });
    checkDistinctDnsNames(services);
    planInClusterNames(services, clusters);
    // A shared failover pair no service's routing reads would be silently ignored.
    if (dns.failover !== undefined && !services.some((service) => service.dns && usesFailoverPair(service.dns.routing)))
        throw new FleetConfigError(
            ["dns", "failover"],
            "no failover block: no service routes by failover or primaryBackup, the only routings that read it",
            "a failover block",
        );
    // The baseline a drain is judged against: the same service with its draining clusters still answering.
    assessResilience(services, clusters, (service, serviceIndex) =>
        planServiceDns({
            ...dnsInput(service, serviceIndex),
            endpoints: [
                ...dnsEndpoints(service.placement, clusters),
                ...drainingDnsEndpoints(service.placement, clusters),
            ],
        }),
    );
    return {
        config,
        stack,
        federation: config.federation,
        clusters,
        services,
        dnsZone: { config: dns, protect: protectsStatefulResources(environment) },
        gcpProjects: gcpProjects(config),
    };
}

/**
 * No two services share a DNS name: each service's names are distinct by construction
 * (names.ts), and names of different services differ in their service or namespace label
 * unless a federation named `svc` lines a helper name up with another service's. Throws
 * FleetConfigError at the later service.
 */
function checkDistinctDnsNames(services: readonly ServicePlan[]): void {
    const owners = new Map<string, string>();
    services.forEach((service, index) => {
        const names = new Set(service.dns ? describeRecords(service.dns).map((record) => record.name) : []);
        for (const name of names) {
            const owner = owners.get(name);
            if (owner !== undefined)
                throw new FleetConfigError(
                    ["services", index, "name"],
                    `DNS names no other service uses (service "${owner}" has ${name})`,
                    `"${service.config.name}", whose records would share it`,
                );
            owners.set(name, service.config.name);
        }
    });
}

/**
 * Decides every service's in-cluster name (`<svc>-fleet`): in each cluster that has the
 * service's namespace, when the service has DNS records. The name must be a Kubernetes Service
 * name and must not be another service's Service in that namespace. Throws FleetConfigError.
 */
function planInClusterNames(services: ServicePlan[], clusters: readonly ClusterPlan[]): void {
    // fedfleet makes a namespace in a cluster where one of its services runs; the cluster's own exist everywhere.
    const running = new Map<string, Set<string>>();
    for (const service of services) {
        const set = running.get(service.config.namespace) ?? new Set<string>();
        service.workloads.forEach((workload) => set.add(workload.cluster.name));
        running.set(service.config.namespace, set);
    }
    services.forEach((service, index) => {
        const dns = service.dns;
        if (!dns || dns.skipped || Object.keys(dns.local).length === 0) return;
        const { name, namespace } = service.config;
        const inCluster = fleetServiceName(name);
        if (inCluster.length > SERVICE_NAME_MAX)
            throw new FleetConfigError(
                ["services", index, "name"],
                `a name of at most ${SERVICE_NAME_MAX - (inCluster.length - name.length)} characters: its in-cluster name ${inCluster} is a Kubernetes Service name (a DNS-1035 label of at most ${SERVICE_NAME_MAX})`,
                `${name.length} characters`,
            );
        const clash = services.findIndex(
            (other) => other.config.namespace === namespace && other.config.name === inCluster,
        );
        if (clash >= 0)
            throw new FleetConfigError(
                ["services", clash, "name"],
                `a name other than ${inCluster}, the in-cluster name of service "${name}" in namespace ${namespace}`,
                `"${inCluster}"`,
            );
        const owned = isClusterOwnedNamespace(namespace);
        const records = describeRecords(dns);
        service.fleetNames = planFleetNames({
            clusters: clusters.map((cluster) => cluster.name),
            hasNamespace: (cluster) => owned || (running.get(namespace)?.has(cluster) ?? false),
            global: dns.global,
            local: dns.local,
            resolvesThrough: (name) => primaryChain(records, name),
        });
    });
}
