// Which build of each EKS add-on every cluster gets, as the program registers them: the
// versions are pinned (src/plan/clusters/aws/addon-versions.ts), but EKS does not publish what
// each build bundles, so the preview says which builds a `pulumi up` asks for and how to check them.
import { compareCodeUnits } from "../../plan/core/order";
import type { RecordedResource, LooseInputs as Inputs } from "../harness/recording-monitor";
import { AWS_TYPES as T } from "../contracts/aws";

/** One add-on of one EKS cluster and the build it gets. */
export interface AddonBuild {
    /** The EKS cluster's name. */
    cluster: string;
    kubernetesVersion: string;
    addon: string;
    version: string;
}

const inputsOf = (resource: RecordedResource): Inputs => resource.inputs as Inputs;

/** Every EKS add-on the run registers, by cluster then add-on. */
export function eksAddonBuilds(resources: readonly RecordedResource[]): AddonBuild[] {
    const versions = new Map(
        resources.filter((r) => r.type === T.eksCluster).map((r) => [inputsOf(r).name, inputsOf(r).version]),
    );
    return resources
        .filter((r) => r.type === T.addon)
        .map((r) => ({
            cluster: String(inputsOf(r).clusterName),
            kubernetesVersion: String(versions.get(inputsOf(r).clusterName) ?? "?"),
            addon: String(inputsOf(r).addonName),
            version: String(inputsOf(r).addonVersion),
        }))
        .sort((a, b) => compareCodeUnits(a.cluster, b.cluster) || compareCodeUnits(a.addon, b.addon));
}

/**
 * The terminal's add-on section: per cluster its builds, then the checks to run: that EKS offers
 * each build for the Kubernetes version, and, after the first up, that the VPC CNI's network
 * policy agent is v1.3.5 or later (aws/aws-network-policy-agent#553). Empty without EKS.
 */
export function renderAddonBuilds(builds: readonly AddonBuild[]): string {
    if (builds.length === 0) return "";
    const lines = ["", "EKS add-on builds (pinned; EKS does not publish what each build bundles):"];
    const clusters = [...new Set(builds.map((b) => b.cluster))];
    for (const cluster of clusters) {
        const own = builds.filter((b) => b.cluster === cluster);
        lines.push(
            `  ${cluster} (Kubernetes ${own[0].kubernetesVersion}): ${own.map((b) => `${b.addon} ${b.version}`).join(", ")}`,
        );
    }
    lines.push(
        "  check before up: aws eks describe-addon-versions --addon-name <add-on> --kubernetes-version <version> lists each build",
        "  check after up: kubectl -n kube-system get daemonset aws-node -o jsonpath='{.spec.template.spec.containers[?(@.name==\"aws-eks-nodeagent\")].image}' ends in v1.3.5 or later",
    );
    return `${lines.join("\n")}\n`;
}
