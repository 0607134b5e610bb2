// Shared knowledge of the resources fedfleet registers, for the rules. No Pulumi runtime:
// rules match on type tokens, so the pack depends on @pulumi/policy alone.
import type { PolicyResource } from "@pulumi/policy";
import { CLUSTER_COMPONENT_PREFIX, owningCluster } from "../../src/plan/core/owning-cluster";

/** Type tokens of the resources the rules look at. */
export const TYPES = {
    eksCluster: "aws:eks/cluster:Cluster",
    eksNodeGroup: "aws:eks/nodeGroup:NodeGroup",
    awsSubnet: "aws:ec2/subnet:Subnet",
    oidcProvider: "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
    kmsKey: "aws:kms/key:Key",
    route53Zone: "aws:route53/zone:Zone",
    route53Record: "aws:route53/record:Record",
    route53HealthCheck: "aws:route53/healthCheck:HealthCheck",
    gkeCluster: "gcp:container/cluster:Cluster",
    gkeNodePool: "gcp:container/nodePool:NodePool",
    gcpKeyRing: "gcp:kms/keyRing:KeyRing",
    gcpCryptoKey: "gcp:kms/cryptoKey:CryptoKey",
    cloudDnsZone: "gcp:dns/managedZone:ManagedZone",
    cloudDnsRecordSet: "gcp:dns/recordSet:RecordSet",
    pod: "kubernetes:core/v1:Pod",
    replicationController: "kubernetes:core/v1:ReplicationController",
    deployment: "kubernetes:apps/v1:Deployment",
    replicaSet: "kubernetes:apps/v1:ReplicaSet",
    statefulSet: "kubernetes:apps/v1:StatefulSet",
    daemonSet: "kubernetes:apps/v1:DaemonSet",
    job: "kubernetes:batch/v1:Job",
    cronJob: "kubernetes:batch/v1:CronJob",
    service: "kubernetes:core/v1:Service",
    pdb: "kubernetes:policy/v1:PodDisruptionBudget",
    hpa: "kubernetes:autoscaling/v2:HorizontalPodAutoscaler",
    kubernetesProvider: "pulumi:providers:kubernetes",
    federatedService: "fedfleet:service:FederatedService",
} as const;

export { CLUSTER_COMPONENT_PREFIX };
/** The v1 type tokens of every kind that runs pods; `podOf` also reads their older API versions. */
export const WORKLOAD_TYPES: readonly string[] = [
    TYPES.pod,
    TYPES.replicationController,
    TYPES.deployment,
    TYPES.replicaSet,
    TYPES.statefulSet,
    TYPES.daemonSet,
    TYPES.job,
    TYPES.cronJob,
];

/** The labels src/plan/workloads/manifests.ts puts on every workload object; rules match on them. */
export const LABELS = {
    service: "fedfleet.io/service",
    cluster: "fedfleet.io/cluster",
    cloud: "fedfleet.io/cloud",
    region: "fedfleet.io/region",
} as const;

/** A resource's inputs, loosely typed: rules read the shapes the providers document. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Props = Record<string, any>;

/** A container as rules read it from a pod spec; any field may be missing. */
export interface Container {
    name?: string;
    image?: string;
    ports?: Props[];
    resources?: Props;
    securityContext?: Props;
    livenessProbe?: Props;
    readinessProbe?: Props;
    startupProbe?: Props;
    lifecycle?: Props;
}

/** A pod as a workload describes it: the template's metadata (labels, annotations) and spec. */
export interface PodOf {
    /** The workload's kind, from its type token: `Deployment`, `CronJob`, ... */
    kind: string;
    metadata: Props;
    spec: Props;
    /**
     * A `<Kind>Patch` resource (pulumi-kubernetes server-side-apply patch): it sets only the fields
     * it names on an object that exists, so rules check what it sets, not what it leaves out.
     */
    patch?: boolean;
}

// Where each kind keeps its pod (Kubernetes API reference): a Pod is one; the controllers hold a
// template; a CronJob holds a Job template, which holds the pod template.
const POD_LOCATIONS = new Map<string, (props: Props) => Props | undefined>([
    ["Pod", (props) => props],
    ["ReplicationController", (props) => props.spec?.template],
    ["Deployment", (props) => props.spec?.template],
    ["ReplicaSet", (props) => props.spec?.template],
    ["StatefulSet", (props) => props.spec?.template],
    ["DaemonSet", (props) => props.spec?.template],
    ["Job", (props) => props.spec?.template],
    ["CronJob", (props) => props.spec?.jobTemplate?.spec?.template],
]);

// `kubernetes:<group>/<version>:<Kind>[Patch]`; the groups that ever served these kinds (extensions and
// the beta versions too, so an old manifest is not skipped).
const WORKLOAD_TOKEN = /^kubernetes:(?:core|apps|extensions|batch)\/[^:]+:([A-Za-z]+?)(Patch)?$/;

/** The pod a resource runs (or patches), for any pod-bearing kind and API version; undefined for other resources. */
export function podOf(type: string, props: Props): PodOf | undefined {
    const [, kind, patch] = WORKLOAD_TOKEN.exec(type) ?? [];
    const locate = kind === undefined ? undefined : POD_LOCATIONS.get(kind);
    if (!kind || !locate) return undefined;
    const pod = locate(props) ?? {};
    return { kind, metadata: pod.metadata ?? {}, spec: pod.spec ?? {}, ...(patch ? { patch: true } : {}) };
}

/** A workload's kind as messages name it: `Deployment`, or `DeploymentPatch` for a patch of one. */
export function workloadKind(pod: PodOf): string {
    return pod.patch ? `${pod.kind}Patch` : pod.kind;
}

/** The container lists of a pod spec. */
export type ContainerList = "initContainers" | "containers" | "ephemeralContainers";

/** Every container list, as pod-security-admission's visitContainers walks them. */
export const ALL_CONTAINER_LISTS: readonly ContainerList[] = ["initContainers", "containers", "ephemeralContainers"];

/**
 * The containers of a pod spec in the given lists (all by default). Ephemeral containers share the
 * Container fields the rules read (EphemeralContainerCommon), so they are read the same way.
 */
export function containersOf(spec: Props, lists: readonly ContainerList[] = ALL_CONTAINER_LISTS): Container[] {
    return lists.flatMap((list) => (spec[list] ?? []) as Container[]);
}

/**
 * Whether a Kubernetes LabelSelector selects an object with these labels, as apimachinery's
 * LabelSelectorAsSelector reads it: no selector selects nothing, an empty one everything; otherwise
 * every matchLabels entry and every matchExpressions requirement must hold. An operator the API
 * would reject selects nothing.
 */
export function selectorMatches(selector: Props | undefined, labels: Record<string, string>): boolean {
    if (!selector) return false;
    const matchLabels: Record<string, string> = selector.matchLabels ?? {};
    const expressions: Props[] = selector.matchExpressions ?? [];
    const has = (key: string) => Object.prototype.hasOwnProperty.call(labels, key);
    return (
        Object.entries(matchLabels).every(([key, value]) => has(key) && labels[key] === value) &&
        expressions.every((requirement) => {
            // In and NotIn need values, Exists and DoesNotExist none (labels.NewRequirement).
            const values: string[] = requirement.values ?? [];
            switch (requirement.operator) {
                case "In":
                    return values.length > 0 && has(requirement.key) && values.includes(labels[requirement.key]);
                case "NotIn":
                    return values.length > 0 && (!has(requirement.key) || !values.includes(labels[requirement.key]));
                case "Exists":
                    return values.length === 0 && has(requirement.key);
                case "DoesNotExist":
                    return values.length === 0 && !has(requirement.key);
                default:
                    return false;
            }
        })
    );
}

/**
 * Whether a field is set, judged without reading its value: a value another resource computes (a
 * health check's id) is unknown during a preview, and reading it through the policy SDK's
 * unknownCheckingProxy throws. The proxy traps only `get`, so the descriptor shows the raw value.
 */
export function isSet(props: Props, key: string): boolean {
    const value: unknown = Object.getOwnPropertyDescriptor(props, key)?.value;
    return value !== undefined && value !== null && value !== "";
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
