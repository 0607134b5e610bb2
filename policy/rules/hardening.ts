// Rules for the hardening fedfleet's own program always does, so that a regression fails
// loudly (mandatory in every environment unless said otherwise), and for what anyone adding
// resources beside it should keep. Each names its anchor: the Pod Security Standards,
// Kyverno's best-practice policies, the CIS EKS and GKE benchmarks, the EKS User Guide.
import type { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { byUrn, describeObject, owningClusterOf, podOf, Props, TYPES } from "./support";

/** Type tokens only these rules read. */
const HARDENING_TYPES = {
    namespace: "kubernetes:core/v1:Namespace",
    networkPolicy: "kubernetes:networking.k8s.io/v1:NetworkPolicy",
    eksAddon: "aws:eks/addon:Addon",
} as const;

/** The namespaces Kubernetes and the clouds own; fedfleet never manages them. */
const SYSTEM_NAMESPACES = new Set(["default", "kube-system", "kube-public", "kube-node-lease"]);

/**
 * Namespaces enforce the Pod Security Standard `restricted` through Pod Security Admission's
 * namespace label (kubernetes/pod-security-admission api/constants.go: pod-security.kubernetes.io/enforce).
 */
export const namespacePodSecurity: ResourceValidationPolicy = {
    name: "namespace-pod-security",
    description: "Namespaces enforce the Pod Security Standard restricted (pod-security.kubernetes.io/enforce).",
    enforcementLevel: "mandatory",
    validateResource: (args, report) => {
        if (args.type !== HARDENING_TYPES.namespace) return;
        const labels: Record<string, string> = args.props.metadata?.labels ?? {};
        const level = labels["pod-security.kubernetes.io/enforce"];
        if (level !== "restricted")
            report(
                `Namespace ${args.props.metadata?.name ?? args.name} enforces Pod Security ${level ?? "nothing"}, not restricted.`,
            );
    },
};

/** Whether a NetworkPolicy selects every pod of its namespace and admits no ingress. */
function deniesAllIngress(props: Props): boolean {
    const spec = props.spec ?? {};
    const selectsAll =
        Object.keys(spec.podSelector?.matchLabels ?? {}).length === 0 &&
        (spec.podSelector?.matchExpressions ?? []).length === 0;
    return selectsAll && (spec.policyTypes ?? []).includes("Ingress") && (spec.ingress ?? []).length === 0;
}

/**
 * Every namespace has a default-deny ingress NetworkPolicy, so a pod takes only the traffic a
 * policy admits (kubernetes/website, network policies: default deny all ingress; CIS GKE and
 * EKS: apply network policies to every namespace).
 */
export const namespaceDefaultDeny: StackValidationPolicy = {
    name: "namespace-default-deny",
    description: "Every managed namespace has a NetworkPolicy denying all ingress by default.",
    enforcementLevel: "mandatory",
    validateStack: (args, report) => {
        const urns = byUrn(args.resources);
        const clusterOf = (resource: PolicyResource) => owningClusterOf(resource, urns)?.urn ?? "";
        const denied = new Set(
            args.resources
                .filter((r) => r.type === HARDENING_TYPES.networkPolicy && deniesAllIngress(r.props))
                .map((r) => `${clusterOf(r)}|${r.props.metadata?.namespace ?? "default"}`),
        );
        for (const namespace of args.resources.filter((r) => r.type === HARDENING_TYPES.namespace)) {
            const name = namespace.props.metadata?.name ?? namespace.name;
            if (!denied.has(`${clusterOf(namespace)}|${name}`))
                report(`Namespace ${name} has no NetworkPolicy that denies all ingress by default.`, namespace.urn);
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
 * restrict-external-ips, after CVE-2020-8554).
 */
export const noNodePortOrExternalIps: ResourceValidationPolicy = {
    name: "no-nodeport-or-external-ips",
    description: "Services are not NodePort and set no externalIPs.",
    enforcementLevel: "mandatory",
    validateResource: (args, report) => {
        if (args.type !== TYPES.service) return;
        const spec = args.props.spec ?? {};
        const what = `Service ${describeObject(args.props, args.name)}`;
        if (spec.type === "NodePort") report(`${what} is of type NodePort.`);
        if ((spec.externalIPs ?? []).length > 0) report(`${what} claims externalIPs ${spec.externalIPs.join(", ")}.`);
    },
};

/**
 * Nothing fedfleet deploys lives in a namespace Kubernetes owns (`default`, `kube-*`): those
 * enforce no Pod Security level and deny nothing by default (Kyverno best practices:
 * disallow-default-namespace). fedfleet allows `namespace: default`, so the level is the
 * environment's choice.
 */
export const noSystemNamespaces: ResourceValidationPolicy = {
    name: "no-system-namespaces",
    description: "Services and workloads live in their own namespaces, not default or kube-*.",
    enforcementLevel: "advisory",
    validateResource: (args, report) => {
        if (!args.type.startsWith("kubernetes:") || args.type === HARDENING_TYPES.namespace) return;
        const namespace: string | undefined = args.props.metadata?.namespace;
        if (namespace === undefined || SYSTEM_NAMESPACES.has(namespace))
            report(
                `${args.type.split(":").pop()} ${describeObject(args.props, args.name)} is in namespace ${namespace ?? "default"}.`,
            );
    },
};

/**
 * Pods mount no service-account token and run as an account of their own, not the namespace's
 * `default` (CIS Kubernetes benchmark; Kyverno best practices: restrict-automount-sa-token).
 * Nothing fedfleet deploys calls the Kubernetes API, so a token would only be something to steal.
 */
export const noServiceAccountToken: ResourceValidationPolicy = {
    name: "no-service-account-token",
    description: "Pods set automountServiceAccountToken: false and run as their own service account.",
    enforcementLevel: "mandatory",
    validateResource: (args, report) => {
        const pod = podOf(args.type, args.props);
        if (!pod) return;
        const what = `${pod.kind} ${describeObject(args.props, args.name)}`;
        if (pod.spec.automountServiceAccountToken !== false) report(`${what} mounts a service-account token.`);
        const account = pod.spec.serviceAccountName ?? "default";
        if (account === "default") report(`${what} runs as the namespace's default service account.`);
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
