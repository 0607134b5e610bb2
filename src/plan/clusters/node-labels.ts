// Which label keys a node pool may give its nodes. EKS managed node groups and GKE node pools
// hand their labels to the kubelet as --node-labels, and the kubelet refuses to start with a
// key in the kubernetes.io or k8s.io domains it is not allowed to set itself: the nodes never
// join. Pure.
import type { Cloud } from "../regions/catalog";

/**
 * Keys under kubernetes.io the kubelet may set itself: kubernetes/kubernetes
 * staging/src/k8s.io/kubelet/pkg/apis/well_known_labels.go (kubeletLabels).
 */
const KUBELET_LABELS: readonly string[] = [
    "kubernetes.io/hostname",
    "topology.kubernetes.io/zone",
    "topology.kubernetes.io/region",
    "failure-domain.beta.kubernetes.io/zone",
    "failure-domain.beta.kubernetes.io/region",
    "beta.kubernetes.io/instance-type",
    "node.kubernetes.io/instance-type",
    "kubernetes.io/os",
    "kubernetes.io/arch",
    "beta.kubernetes.io/os",
    "beta.kubernetes.io/arch",
];

/** Label domains (and their subdomains) the kubelet may set: well_known_labels.go (kubeletLabelNamespaces). */
const KUBELET_LABEL_DOMAINS: readonly string[] = ["kubelet.kubernetes.io", "node.kubernetes.io"];

/** The domains the kubelet guards: cmd/kubelet/app/options/options.go (isKubernetesLabel). */
const KUBERNETES_DOMAINS: readonly string[] = ["kubernetes.io", "k8s.io"];

/**
 * The domain EKS keeps for its own node labels: CreateNodegroup refuses "reserved prefixes
 * [kubernetes.io/, k8s.io/, eks.amazonaws.com/]" (InvalidParameterException, as quoted in
 * eksctl-io/eksctl#4007 and aws/containers-roadmap#1451).
 */
const EKS_LABEL_DOMAIN = "eks.amazonaws.com";

/** Where the node label rule comes from, for messages. */
export const NODE_LABEL_SOURCE =
    "kubelet ValidateKubeletFlags and IsKubeletLabel (cmd/kubelet/app/options/options.go, k8s.io/kubelet/pkg/apis/well_known_labels.go)";

const inDomain = (domain: string, parent: string) => domain === parent || domain.endsWith(`.${parent}`);

/** Whether the kubelet may set a label key on its own node: IsKubeletLabel, or a key outside kubernetes.io and k8s.io. */
export function kubeletMaySetLabel(key: string): boolean {
    const slash = key.indexOf("/");
    if (slash < 0) return true;
    const domain = key.slice(0, slash);
    if (!KUBERNETES_DOMAINS.some((parent) => inDomain(domain, parent))) return true;
    return KUBELET_LABELS.includes(key) || KUBELET_LABEL_DOMAINS.some((parent) => inDomain(domain, parent));
}

/**
 * Why a node pool of `cloud` cannot carry label `key`, or undefined when it can. Both clouds
 * pass pool labels to the kubelet (GKE also refuses such keys itself: "Applying kubernetes
 * label is not allowed", hashicorp/terraform-provider-google#6003); EKS also keeps its own domain.
 */
export function reservedNodeLabelProblem(key: string, cloud: Cloud): string | undefined {
    if (!kubeletMaySetLabel(key))
        return `a node label key the kubelet may set itself: none under kubernetes.io or k8s.io but node.kubernetes.io/..., kubelet.kubernetes.io/... and kubelet's own keys (nodes with others never join; ${NODE_LABEL_SOURCE})`;
    const slash = key.indexOf("/");
    if (cloud === "aws" && slash >= 0 && key.slice(0, slash) === EKS_LABEL_DOMAIN)
        return `a node label key outside ${EKS_LABEL_DOMAIN}/, which EKS keeps for its own labels (CreateNodegroup: reserved prefixes)`;
    return undefined;
}
