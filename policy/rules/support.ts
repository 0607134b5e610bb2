// Shared knowledge of the resources fedfleet registers, for the rules. No Pulumi runtime:
// rules match on type tokens, so the pack depends on @pulumi/policy alone.
import type { PolicyResource } from "@pulumi/policy";
import { CLUSTER_COMPONENT_PREFIX, owningCluster } from "../../components/core/owning-cluster";

/** Type tokens of the resources the rules look at. */
export const TYPES = {
    eksCluster: "aws:eks/cluster:Cluster",
    eksNodeGroup: "aws:eks/nodeGroup:NodeGroup",
    awsSubnet: "aws:ec2/subnet:Subnet",
    oidcProvider: "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
    kmsKey: "aws:kms/key:Key",
    route53Zone: "aws:route53/zone:Zone",
    route53Record: "aws:route53/record:Record",
    gkeCluster: "gcp:container/cluster:Cluster",
    gkeNodePool: "gcp:container/nodePool:NodePool",
    gcpKeyRing: "gcp:kms/keyRing:KeyRing",
    gcpCryptoKey: "gcp:kms/cryptoKey:CryptoKey",
    cloudDnsZone: "gcp:dns/managedZone:ManagedZone",
    cloudDnsRecordSet: "gcp:dns/recordSet:RecordSet",
    deployment: "kubernetes:apps/v1:Deployment",
    statefulSet: "kubernetes:apps/v1:StatefulSet",
    daemonSet: "kubernetes:apps/v1:DaemonSet",
    service: "kubernetes:core/v1:Service",
    pdb: "kubernetes:policy/v1:PodDisruptionBudget",
    hpa: "kubernetes:autoscaling/v2:HorizontalPodAutoscaler",
    kubernetesProvider: "pulumi:providers:kubernetes",
    federatedService: "fedfleet:service:FederatedService",
} as const;

export { CLUSTER_COMPONENT_PREFIX };
/** Types that run pods from a pod template; the workload rules check only these. */
export const WORKLOAD_TYPES: readonly string[] = [TYPES.deployment, TYPES.statefulSet, TYPES.daemonSet];

/** The labels components/workloads/manifests.ts puts on every workload object; rules match on them. */
export const LABELS = {
    service: "fedfleet.io/service",
    cluster: "fedfleet.io/cluster",
    cloud: "fedfleet.io/cloud",
    region: "fedfleet.io/region",
} as const;

/** A resource's inputs, loosely typed: rules read the shapes the providers document. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Props = Record<string, any>;

/** A container as rules read it from a pod template; any field may be missing. */
export interface Container {
    name?: string;
    image?: string;
    resources?: Props;
    securityContext?: Props;
    livenessProbe?: unknown;
    readinessProbe?: unknown;
}

/** The pod template's spec of a workload's props. */
export function podSpec(props: Props): Props | undefined {
    return props.spec?.template?.spec;
}

/** Every container of a workload, init containers included. */
export function containersOf(props: Props): Container[] {
    const spec = podSpec(props);
    return [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])];
}

/** Main containers only: probes do not apply to init containers. */
export function mainContainersOf(props: Props): Container[] {
    return [...(podSpec(props)?.containers ?? [])];
}

/** A Kubernetes object as messages name it: `namespace/name`, or `fallback` when it has no name. */
export function describeObject(props: Props, fallback: string): string {
    const meta = props.metadata ?? {};
    return meta.name ? `${meta.namespace ?? "default"}/${meta.name}` : fallback;
}

/** The cluster component a resource belongs to (the one owning-cluster walk, over the pack's resources). */
export function owningClusterOf(
    resource: PolicyResource,
    byUrn: ReadonlyMap<string, PolicyResource>,
): PolicyResource | undefined {
    return owningCluster(resource, {
        typeOf: (r) => r.type,
        parentOf: (r) => r.parent,
        providerOf: (r) => (r.provider ? byUrn.get(r.provider.urn) : undefined),
    });
}

/** The resources by URN, for following dependencies, parents and providers. */
export function byUrn(resources: readonly PolicyResource[]): Map<string, PolicyResource> {
    return new Map(resources.map((resource) => [resource.urn, resource]));
}

/** "1.33" -> [1, 33]; comparison of Kubernetes minor versions. */
export function compareVersions(a: string, b: string): number {
    const [majorA, minorA] = a.split(".").map(Number);
    const [majorB, minorB] = b.split(".").map(Number);
    return majorA !== majorB ? majorA - majorB : minorA - minorB;
}
