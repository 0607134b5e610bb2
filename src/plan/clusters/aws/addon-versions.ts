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
// vpc-cni for 1.35 (December 2026): v1.21.2-eksbuild.2, not the v1.21.1-eksbuild.7 the tables
// listed before. Every v1.21.1 build ships a network policy agent (v1.3.1 to v1.3.4) that, on a
// freshly created cluster with network policy on, drops all pod traffic until a policy exists
// (aws/aws-network-policy-agent#553; fixed in agent v1.3.5 by #551, merged to release-1.3 by
// #559). Upstream vpc-cni v1.21.2 is the first release to bundle agent v1.3.5
// (aws/amazon-vpc-cni-k8s CHANGELOG.md, v1.21.2); v1.21.2-eksbuild.2 is the EKS build of it that
// public EKS 1.34 and 1.35 configurations run. EKS does not publish which agent each build
// carries: the preview prints every add-on's build, and the check to run after the first up
// (the aws-eks-nodeagent image of kube-system/aws-node, v1.3.5 or later).
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
        "vpc-cni": "v1.21.2-eksbuild.2",
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

/**
 * vpc-cni releases whose network policy agent lacks the fix for aws/aws-network-policy-agent#553
 * (all pod traffic dropped on a fresh cluster with network policy on): the agent versions
 * v1.3.0 to v1.3.4 their manifests bundle (aws/amazon-vpc-cni-k8s config/master/aws-k8s-cni.yaml
 * at v1.21.0: v1.3.0, v1.21.1: v1.3.1, v1.22.0: v1.3.1; EKS builds of v1.21.1 carry v1.3.2 to
 * v1.3.4). v1.20 and older bundle agent v1.2, which predates the faulty code; v1.21.2, v1.22.1
 * and later bundle v1.3.5 or later.
 */
export const VPC_CNI_RELEASES_WITHOUT_POLICY_AGENT_FIX: readonly string[] = ["v1.21.0", "v1.21.1", "v1.22.0"];

/** Where the vpc-cni network policy rule comes from, for messages. */
export const VPC_CNI_POLICY_AGENT_SOURCE =
    "aws/aws-network-policy-agent#553, fixed in agent v1.3.5, first bundled by vpc-cni v1.21.2 (amazon-vpc-cni-k8s CHANGELOG.md)";

/** Whether a vpc-cni version (`v1.21.1-eksbuild.7`) is a release whose network policy agent lacks the fix. */
export function vpcCniLacksPolicyAgentFix(version: string): boolean {
    return VPC_CNI_RELEASES_WITHOUT_POLICY_AGENT_FIX.includes(version.split("-")[0]);
}
