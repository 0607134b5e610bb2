// The objects of a namespace fedfleet manages in a cluster, as plain manifests. Pure.
import type * as pulumi from "@pulumi/pulumi";
import type * as k8sInput from "@pulumi/kubernetes/types/input";
import { MANAGED_BY_FEDFLEET } from "../core/labels";

/** The Pod Security Standard every namespace fedfleet manages enforces. */
export const POD_SECURITY_LEVEL = "restricted";
/**
 * The version of that standard: `latest`, the one of the cluster's own Kubernetes version.
 * fedfleet's pods meet `restricted` by construction, so following the cluster is safe.
 */
export const POD_SECURITY_VERSION = "latest";
/** The name of each managed namespace's deny-all-ingress NetworkPolicy. */
export const DEFAULT_DENY_POLICY = "default-deny-ingress";

/** Namespaces the cluster owns (default, and kube-* for its own add-ons); fedfleet never manages them. */
export function isClusterOwnedNamespace(namespace: string): boolean {
    return namespace === "default" || namespace.startsWith("kube-");
}

/** A Namespace as `new k8s.core.v1.Namespace` takes it. */
export type NamespaceManifest = pulumi.Unwrap<k8sInput.core.v1.Namespace> & {
    metadata: pulumi.Unwrap<k8sInput.meta.v1.ObjectMeta>;
};
/** A NetworkPolicy as `new k8s.networking.v1.NetworkPolicy` takes it. */
export type NamespacePolicyManifest = pulumi.Unwrap<k8sInput.networking.v1.NetworkPolicy>;

/**
 * A managed namespace: Pod Security Admission enforces `restricted` there, and audits and warns
 * at the same level (kubernetes/pod-security-admission api/constants.go: the
 * `pod-security.kubernetes.io/<mode>` and `<mode>-version` labels).
 */
export function namespaceManifest(name: string): NamespaceManifest {
    const labels: Record<string, string> = { ...MANAGED_BY_FEDFLEET };
    for (const mode of ["enforce", "audit", "warn"]) {
        labels[`pod-security.kubernetes.io/${mode}`] = POD_SECURITY_LEVEL;
        labels[`pod-security.kubernetes.io/${mode}-version`] = POD_SECURITY_VERSION;
    }
    return { apiVersion: "v1", kind: "Namespace", metadata: { name, labels } };
}

/**
 * Refuses all ingress to the namespace's pods; each service's own policy then admits its ports
 * (policies add up). An empty pod selector selects every pod, and no rules allow nothing
 * (kubernetes/website, network policies: default deny all ingress traffic).
 */
export function defaultDenyIngressManifest(namespace: string): NamespacePolicyManifest {
    return {
        apiVersion: "networking.k8s.io/v1",
        kind: "NetworkPolicy",
        metadata: {
            name: DEFAULT_DENY_POLICY,
            namespace,
            labels: { ...MANAGED_BY_FEDFLEET },
        },
        spec: { podSelector: {}, policyTypes: ["Ingress"] },
    };
}
