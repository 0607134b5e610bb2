// The EKS add-on versions fedfleet installs, pinned per Kubernetes version, so an add-on
// upgrade is a change someone reviews (and the plan diff shows) rather than whatever EKS
// published most recently at the last `pulumi up`. Pure.
//
// From the EKS User Guide's version tables (the Amazon EKS add-on type, latest per
// Kubernetes version): "Amazon VPC CNI plugin for Kubernetes" (pod-networking),
// "Manage kube-proxy" (managing-kube-proxy), "Manage CoreDNS" (managing-coredns).
// Stacks may override any of them per cluster (`addonVersions`).
//
// 1.35 (read November 2026, from the same tables: kube-proxy and CoreDNS in the User Guide's
// managing-kube-proxy and managing-coredns pages, vpc-cni in managing-vpc-cni). 1.33 left EKS
// standard support on 2026-07-29 and 1.34 leaves it on 2026-12-02 (EKS User Guide, Kubernetes
// version lifecycle): after that EKS bills extended support, so 1.35 is the default.
//
// metrics-server: EKS does not deploy it (EKS User Guide, "View resource usage with the
// Kubernetes Metrics Server"), and without it a HorizontalPodAutoscaler on CPU never scales.
// It is an EKS community add-on (EKS User Guide, community add-ons); v0.8.0-eksbuild.1 is the
// build public EKS configurations pin (for example in terraform `aws_eks_addon` resources) up
// to 1.34; for 1.35 they pin v0.8.1-eksbuild.6, one of them noting it is in the add-on's
// compatibility list for 1.35 (`aws eks describe-addon-versions --addon-name metrics-server`).

/** The add-ons fedfleet installs on every EKS cluster (bootstrapSelfManagedAddons is off). */
export const EKS_ADDONS = ["vpc-cni", "kube-proxy", "coredns", "metrics-server"] as const;

/** One of EKS_ADDONS. */
export type EksAddon = (typeof EKS_ADDONS)[number];

/** Per Kubernetes minor version, the version of each add-on. */
export const EKS_ADDON_VERSIONS: Readonly<Record<string, Readonly<Record<EksAddon, string>>>> = {
    "1.31": {
        "vpc-cni": "v1.20.4-eksbuild.1",
        "kube-proxy": "v1.31.13-eksbuild.2",
        coredns: "v1.11.4-eksbuild.24",
        "metrics-server": "v0.8.0-eksbuild.1",
    },
    "1.32": {
        "vpc-cni": "v1.20.4-eksbuild.1",
        "kube-proxy": "v1.32.9-eksbuild.2",
        coredns: "v1.11.4-eksbuild.24",
        "metrics-server": "v0.8.0-eksbuild.1",
    },
    "1.33": {
        "vpc-cni": "v1.20.4-eksbuild.1",
        "kube-proxy": "v1.33.5-eksbuild.2",
        coredns: "v1.12.4-eksbuild.1",
        "metrics-server": "v0.8.0-eksbuild.1",
    },
    "1.34": {
        "vpc-cni": "v1.20.4-eksbuild.1",
        "kube-proxy": "v1.34.1-eksbuild.2",
        coredns: "v1.12.4-eksbuild.1",
        "metrics-server": "v0.8.0-eksbuild.1",
    },
    "1.35": {
        "vpc-cni": "v1.21.1-eksbuild.7",
        "kube-proxy": "v1.35.3-eksbuild.13",
        coredns: "v1.14.3-eksbuild.3",
        "metrics-server": "v0.8.1-eksbuild.6",
    },
};

/**
 * The versions a cluster gets: the table's for its Kubernetes version, with the stack's
 * overrides; undefined for an add-on neither knows (validation reports it).
 */
export function addonVersions(
    kubernetesVersion: string,
    overrides: Partial<Record<EksAddon, string>> = {},
): Record<EksAddon, string | undefined> {
    const pinned = EKS_ADDON_VERSIONS[kubernetesVersion];
    return Object.fromEntries(EKS_ADDONS.map((addon) => [addon, overrides[addon] ?? pinned?.[addon]])) as Record<
        EksAddon,
        string | undefined
    >;
}
