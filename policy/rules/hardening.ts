// Rules for the hardening fedfleet's own program always does, so that a regression fails
// loudly (mandatory in every environment unless said otherwise), and for what anyone adding
// resources beside it should keep. Each names its anchor: the Pod Security Standards,
// Kyverno's best-practice policies, the CIS EKS and GKE benchmarks, the EKS User Guide.
// A `<Kind>Patch` (pulumi-kubernetes server-side-apply patch) is checked for what it sets.
import type { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { isClusterOwnedNamespace } from "../../src/plan/workloads/namespace-manifests";
import { clusterVersionBounds, ENFORCE_VERSION_LABEL } from "./pod-security-versions";
import { parseCidr } from "../../src/plan/core/cidr";
import {
    byUrn,
    compareVersions,
    describeObject,
    owningClusterOf,
    podOf,
    Props,
    selectorMatches,
    TYPES,
    workloadKind,
} from "./support";

/** Type tokens only these rules read. */
const HARDENING_TYPES = {
    namespace: "kubernetes:core/v1:Namespace",
    namespacePatch: "kubernetes:core/v1:NamespacePatch",
    networkPolicy: "kubernetes:networking.k8s.io/v1:NetworkPolicy",
    networkPolicyPatch: "kubernetes:networking.k8s.io/v1:NetworkPolicyPatch",
    servicePatch: "kubernetes:core/v1:ServicePatch",
    eksAddon: "aws:eks/addon:Addon",
} as const;

const ENFORCE_LABEL = "pod-security.kubernetes.io/enforce";

/**
 * Namespaces enforce the Pod Security Standard `restricted` through Pod Security Admission's
 * namespace labels (kubernetes/pod-security-admission api/constants.go: pod-security.kubernetes.io/enforce
 * and enforce-version), at `latest` or a version no older than the cluster's Kubernetes version: an
 * older pin enforces an older, weaker standard. A NamespacePatch is checked for the labels it sets.
 */
export const namespacePodSecurity: StackValidationPolicy = {
    name: "namespace-pod-security",
    description:
        "Namespaces enforce the Pod Security Standard restricted (pod-security.kubernetes.io/enforce), at latest or at least their cluster's version.",
    enforcementLevel: "mandatory",
    validateStack: (args, report) => {
        const urns = byUrn(args.resources);
        for (const namespace of args.resources) {
            const patch = namespace.type === HARDENING_TYPES.namespacePatch;
            if (namespace.type !== HARDENING_TYPES.namespace && !patch) continue;
            const name = namespace.props.metadata?.name ?? namespace.name;
            const labels: Record<string, string> = namespace.props.metadata?.labels ?? {};
            const level = labels[ENFORCE_LABEL];
            if (level !== "restricted" && !(patch && level === undefined))
                report(`Namespace ${name} enforces Pod Security ${level ?? "nothing"}, not restricted.`, namespace.urn);
            const pinned = /^v(\d+\.\d+)$/.exec(labels[ENFORCE_VERSION_LABEL] ?? "")?.[1];
            const cluster = clusterVersionBounds(namespace, args.resources, urns).atLeast;
            if (pinned && cluster && compareVersions(pinned, cluster) < 0)
                report(
                    `Namespace ${name} pins Pod Security restricted to v${pinned}, older than its cluster's Kubernetes ${cluster}; pin latest.`,
                    namespace.urn,
                );
        }
    },
};

/** A NetworkPolicy's policyTypes as the API server defaults them: Ingress, and Egress with egress rules. */
function policyTypesOf(spec: Props): string[] {
    const types: string[] = spec.policyTypes ?? [];
    if (types.length > 0) return types;
    // k/k pkg/apis/networking/v1/defaults.go SetDefaults_NetworkPolicy.
    return (spec.egress ?? []).length > 0 ? ["Ingress", "Egress"] : ["Ingress"];
}

/** Whether a pod selector selects every pod of its namespace (an empty selector). */
function selectsAllPods(spec: Props): boolean {
    return (
        Object.keys(spec.podSelector?.matchLabels ?? {}).length === 0 &&
        (spec.podSelector?.matchExpressions ?? []).length === 0
    );
}

/** Whether a NetworkPolicy selects every pod of its namespace and admits no ingress. */
function deniesAllIngress(props: Props): boolean {
    const spec = props.spec ?? {};
    return selectsAllPods(spec) && policyTypesOf(spec).includes("Ingress") && (spec.ingress ?? []).length === 0;
}

/**
 * Whether an ingress rule admits every source on every port: it names no ports, and no peers or a
 * peer that is every address (an ipBlock of /0 with no exceptions) (Kubernetes NetworkPolicy API).
 */
function admitsEverything(rule: Props): boolean {
    if ((rule.ports ?? []).length > 0) return false;
    const peers: Props[] = rule.from ?? [];
    return (
        peers.length === 0 ||
        peers.some(
            (peer) =>
                parseCidr(String(peer.ipBlock?.cidr ?? ""))?.prefix === 0 && (peer.ipBlock?.except ?? []).length === 0,
        )
    );
}

/**
 * Every managed namespace has a default-deny ingress NetworkPolicy, so a pod takes only the traffic a
 * policy admits (kubernetes/website, network policies: default deny all ingress; CIS GKE and
 * EKS: apply network policies to every namespace), and no policy (or patch of one) admits all ingress,
 * from anywhere on any port, to every pod or to a workload's pods beside it: policies add up, so such
 * a policy undoes the deny for the pods it selects.
 */
export const namespaceDefaultDeny: StackValidationPolicy = {
    name: "namespace-default-deny",
    description:
        "Every managed namespace has a NetworkPolicy denying all ingress by default, and none admitting all ingress to its pods.",
    enforcementLevel: "mandatory",
    validateStack: (args, report) => {
        const urns = byUrn(args.resources);
        const clusterOf = (resource: PolicyResource) => owningClusterOf(resource, urns)?.urn ?? "";
        const where = (r: PolicyResource) => `${clusterOf(r)}|${r.props.metadata?.namespace ?? "default"}`;
        const denied = new Set(
            args.resources
                .filter((r) => r.type === HARDENING_TYPES.networkPolicy && deniesAllIngress(r.props))
                .map(where),
        );
        const openers = args.resources.filter(
            (r) =>
                (r.type === HARDENING_TYPES.networkPolicy || r.type === HARDENING_TYPES.networkPolicyPatch) &&
                policyTypesOf(r.props.spec ?? {}).includes("Ingress") &&
                ((r.props.spec?.ingress ?? []) as Props[]).some(admitsEverything),
        );
        for (const namespace of args.resources.filter((r) => r.type === HARDENING_TYPES.namespace)) {
            const name = namespace.props.metadata?.name ?? namespace.name;
            const key = `${clusterOf(namespace)}|${name}`;
            if (!denied.has(key)) {
                report(`Namespace ${name} has no NetworkPolicy that denies all ingress by default.`, namespace.urn);
                continue;
            }
            for (const opener of openers.filter((policy) => where(policy) === key)) {
                const patch = opener.type === HARDENING_TYPES.networkPolicyPatch;
                const spec: Props = opener.props.spec ?? {};
                // A patch that sets no pod selector keeps its policy's, which may select every pod.
                const everyPod = selectsAllPods(spec) || (patch && spec.podSelector === undefined);
                const opened = everyPod
                    ? ["every pod"]
                    : args.resources.flatMap((workload) => {
                          const pod = podOf(workload.type, workload.props);
                          if (!pod || pod.patch || where(workload) !== key) return [];
                          return selectorMatches(spec.podSelector, pod.metadata.labels ?? {})
                              ? [`the pods of ${pod.kind} ${describeObject(workload.props, workload.name)}`]
                              : [];
                      });
                if (opened.length > 0)
                    report(
                        `Namespace ${name}: ${patch ? "NetworkPolicyPatch" : "NetworkPolicy"} ${describeObject(opener.props, opener.name)} admits all ingress to ${opened.join(", ")}, undoing its default deny.`,
                        namespace.urn,
                    );
            }
        }
    },
};

/**
 * No implicit cluster-admin for whoever creates an EKS cluster: access is the declared access
 * entries only (EKS Best Practices Guide, identity and access management; API authentication mode).
 */
export const eksNoCreatorAdmin: ResourceValidationPolicy = {
    name: "eks-no-creator-admin",
    description: "EKS clusters use access entries only, with no implicit admin for the cluster's creator.",
    enforcementLevel: "mandatory",
    validateResource: (args, report) => {
        if (args.type !== TYPES.eksCluster) return;
        const access = args.props.accessConfig ?? {};
        const problems: string[] = [];
        if (access.bootstrapClusterCreatorAdminPermissions !== false) problems.push("gives its creator cluster-admin");
        if (access.authenticationMode !== "API")
            problems.push(
                `authenticates by ${access.authenticationMode ?? "CONFIG_MAP"}, not API (access entries only)`,
            );
        if (problems.length > 0) report(`EKS cluster ${args.name} ${problems.join(" and ")}.`);
    },
};

/**
 * EKS node groups on Amazon Linux 2023 or Bottlerocket AMIs: kernel 5.10 or later, which the VPC
 * CNI's network policy agent needs (EKS User Guide, Kubernetes network policies).
 */
export const eksNodeImage: ResourceValidationPolicy = {
    name: "eks-node-image",
    description: "EKS managed node groups run Amazon Linux 2023 or Bottlerocket AMIs.",
    enforcementLevel: "mandatory",
    validateResource: (args, report) => {
        if (args.type !== TYPES.eksNodeGroup) return;
        const amiType: string | undefined = args.props.amiType;
        if (!amiType || !/^(AL2023_|BOTTLEROCKET_)/.test(amiType))
            report(
                `EKS node group ${args.name} runs ${amiType ?? "the default AMI type"}, not AL2023 or Bottlerocket.`,
            );
    },
};

/**
 * Every cluster fedfleet builds enforces NetworkPolicy: GKE with Dataplane V2 (GKE docs:
 * network policy is always on there) or network policy enforcement, EKS with the VPC CNI's
 * network policy agent (EKS User Guide: add-on configuration enableNetworkPolicy "true").
 * Without enforcement the namespaces' default-deny policies are decoration.
 */
export const networkPolicyEnforced: StackValidationPolicy = {
    name: "network-policy-enforced",
    description: "Every GKE and EKS cluster enforces Kubernetes NetworkPolicy.",
    enforcementLevel: "mandatory",
    validateStack: (args, report) => {
        for (const gke of args.resources.filter((r) => r.type === TYPES.gkeCluster)) {
            const enforced =
                gke.props.datapathProvider === "ADVANCED_DATAPATH" || gke.props.networkPolicy?.enabled === true;
            if (!enforced)
                report(
                    `GKE cluster ${gke.name} does not enforce NetworkPolicy (no Dataplane V2, no network policy).`,
                    gke.urn,
                );
        }
        const urns = byUrn(args.resources);
        const enforcedIn = new Set(
            args.resources
                .filter((r) => r.type === HARDENING_TYPES.eksAddon && r.props.addonName === "vpc-cni")
                .filter((r) => {
                    try {
                        return JSON.parse(String(r.props.configurationValues ?? "{}")).enableNetworkPolicy === "true";
                    } catch {
                        return false;
                    }
                })
                .map((r) => owningClusterOf(r, urns)?.urn),
        );
        for (const eks of args.resources.filter((r) => r.type === TYPES.eksCluster)) {
            if (!enforcedIn.has(owningClusterOf(eks, urns)?.urn))
                report(
                    `EKS cluster ${eks.name} does not enforce NetworkPolicy (no vpc-cni add-on with enableNetworkPolicy "true").`,
                    eks.urn,
                );
        }
    },
};

/**
 * No NodePort Services and no externalIPs: a NodePort opens the service on every node, and
 * externalIPs let a Service claim any address (Kyverno best practices: restrict-nodeport,
 * restrict-external-ips, after CVE-2020-8554). A ServicePatch is checked for what it sets.
 */
export const noNodePortOrExternalIps: ResourceValidationPolicy = {
    name: "no-nodeport-or-external-ips",
    description: "Services are not NodePort and set no externalIPs.",
    enforcementLevel: "mandatory",
    validateResource: (args, report) => {
        if (args.type !== TYPES.service && args.type !== HARDENING_TYPES.servicePatch) return;
        const spec = args.props.spec ?? {};
        const kind = args.type === TYPES.service ? "Service" : "ServicePatch";
        const what = `${kind} ${describeObject(args.props, args.name)}`;
        if (spec.type === "NodePort") report(`${what} is of type NodePort.`);
        if ((spec.externalIPs ?? []).length > 0) report(`${what} claims externalIPs ${spec.externalIPs.join(", ")}.`);
    },
};

/**
 * Nothing fedfleet deploys lives in a namespace Kubernetes owns (`default`, `kube-*`): those
 * enforce no Pod Security level and deny nothing by default (Kyverno best practices:
 * disallow-default-namespace). fedfleet allows `namespace: default`, so the level is the
 * environment's choice. Read for what the rule names, workloads and Services; a patch of an
 * object that lives there creates nothing new.
 */
export const noSystemNamespaces: ResourceValidationPolicy = {
    name: "no-system-namespaces",
    description: "Services and workloads live in their own namespaces, not default or kube-*.",
    enforcementLevel: "advisory",
    validateResource: (args, report) => {
        const pod = podOf(args.type, args.props);
        if (pod?.patch || (!pod && args.type !== TYPES.service)) return;
        const namespace: string | undefined = args.props.metadata?.namespace;
        if (namespace === undefined || isClusterOwnedNamespace(namespace))
            report(
                `${args.type.split(":").pop()} ${describeObject(args.props, args.name)} is in namespace ${namespace ?? "default"}.`,
            );
    },
};

/** Projected volumes that carry a service-account token (Kubernetes projected volumes: serviceAccountToken source). */
function projectedTokens(spec: Props): string[] {
    return ((spec.volumes ?? []) as Props[])
        .filter((volume) => ((volume.projected?.sources ?? []) as Props[]).some((source) => source.serviceAccountToken))
        .map((volume) => String(volume.name));
}

/**
 * Pods mount no service-account token and run as an account of their own, not the namespace's
 * `default` (CIS Kubernetes benchmark; Kyverno best practices: restrict-automount-sa-token).
 * Nothing fedfleet deploys calls the Kubernetes API, so a token would only be something to steal:
 * a projected serviceAccountToken volume is one too, whatever automountServiceAccountToken says.
 * The account is serviceAccountName, or its deprecated alias serviceAccount (k/k
 * pkg/apis/core/v1/conversion.go reads one for the other). A patch is checked for what it sets.
 */
export const noServiceAccountToken: ResourceValidationPolicy = {
    name: "no-service-account-token",
    description:
        "Pods set automountServiceAccountToken: false, project no service-account token, and run as their own service account.",
    enforcementLevel: "mandatory",
    validateResource: (args, report) => {
        const pod = podOf(args.type, args.props);
        if (!pod) return;
        const what = `${workloadKind(pod)} ${describeObject(args.props, args.name)}`;
        const automount = pod.spec.automountServiceAccountToken;
        if (pod.patch ? automount === true : automount !== false) report(`${what} mounts a service-account token.`);
        for (const volume of projectedTokens(pod.spec))
            report(`${what} mounts a service-account token through projected volume "${volume}".`);
        const account: string | undefined = pod.spec.serviceAccountName || pod.spec.serviceAccount || undefined;
        if (pod.patch ? account === "default" : (account ?? "default") === "default")
            report(`${what} runs as the namespace's default service account.`);
    },
};

/** The hardening rules, in the order the pack lists them. */
export const hardeningPolicies = [
    namespacePodSecurity,
    namespaceDefaultDeny,
    eksNoCreatorAdmin,
    eksNodeImage,
    networkPolicyEnforced,
    noNodePortOrExternalIps,
    noSystemNamespaces,
    noServiceAccountToken,
];
