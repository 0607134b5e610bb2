// Hardening rules: each passes every real stack (fedfleet's program always satisfies them,
// which is why they are mandatory even in dev) and flags a regression, naming the resource.
import { hardeningPolicies } from "../../../policy/rules/hardening";
import { AWS_TYPES, GCP_TYPES, KUBERNETES_TYPES } from "../../../src/plan/core/type-tokens";
import { assertClean, assertViolations, check, find, RecordedResource, stackResources } from "./support";
import type { LooseInputs as Inputs } from "../../../src/preview/harness/recording-monitor";

const inputs = (r: { inputs: Record<string, unknown> }) => r.inputs as Inputs;
const NAMESPACE = "kubernetes:core/v1:Namespace";
const NETWORK_POLICY = "kubernetes:networking.k8s.io/v1:NetworkPolicy";

/** The first resource of a type whose name matches. */
function first(resources: RecordedResource[], type: string, name?: RegExp): RecordedResource {
    const found = resources.find((r) => r.type === type && (!name || name.test(r.name)));
    if (!found) throw new Error(`no ${type} ${name ?? ""}`);
    return found;
}

describe("policy: hardening rules", function () {
    this.timeout(120_000);

    for (const rule of hardeningPolicies.map((policy) => policy.name)) {
        it(`${rule} passes every checked-in stack`, async () => {
            for (const stack of ["dev", "staging", "prod"]) assertClean(await check(await stackResources(stack), rule));
        });
    }

    it("namespace-pod-security flags a namespace that enforces baseline (Pod Security Admission label)", async () => {
        const resources = await stackResources("dev");
        const namespace = first(resources, NAMESPACE);
        inputs(namespace).metadata.labels["pod-security.kubernetes.io/enforce"] = "baseline";
        assertViolations(await check(resources, "namespace-pod-security"), {
            policy: "namespace-pod-security",
            level: "mandatory",
            urn: namespace.urn,
            names: ["Namespace shop enforces Pod Security baseline, not restricted"],
        });
    });

    it("namespace-default-deny flags a namespace whose deny policy admits traffic, in that cluster only", async () => {
        const resources = await stackResources("dev");
        const deny = first(resources, NETWORK_POLICY, /^aws-use1-ns-shop-default-deny/);
        inputs(deny).spec.ingress = [{}];
        const namespace = find(resources, NAMESPACE, "aws-use1-ns-shop");
        assertViolations(await check(resources, "namespace-default-deny"), {
            policy: "namespace-default-deny",
            level: "mandatory",
            urn: namespace.urn,
            names: ["Namespace shop has no NetworkPolicy that denies all ingress"],
        });
    });

    it("eks-no-creator-admin flags a cluster that bootstraps its creator as admin (EKS Best Practices)", async () => {
        const resources = await stackResources("dev");
        const eks = find(resources, AWS_TYPES.eksCluster);
        inputs(eks).accessConfig = {
            authenticationMode: "API_AND_CONFIG_MAP",
            bootstrapClusterCreatorAdminPermissions: true,
        };
        assertViolations(await check(resources, "eks-no-creator-admin"), {
            policy: "eks-no-creator-admin",
            level: "mandatory",
            urn: eks.urn,
            names: ["gives its creator cluster-admin", "authenticates by API_AND_CONFIG_MAP"],
        });
    });

    it("eks-node-image flags an AL2 node group (kernel before 5.10: no network policy agent)", async () => {
        const resources = await stackResources("dev");
        const group = find(resources, AWS_TYPES.nodeGroup);
        inputs(group).amiType = "AL2_x86_64";
        assertViolations(await check(resources, "eks-node-image"), {
            policy: "eks-node-image",
            level: "mandatory",
            urn: group.urn,
            names: ["runs AL2_x86_64, not AL2023 or Bottlerocket"],
        });
    });

    it("network-policy-enforced flags a GKE cluster on the legacy datapath and an EKS cluster without the agent", async () => {
        const resources = await stackResources("dev");
        const gke = find(resources, GCP_TYPES.cluster);
        delete inputs(gke).datapathProvider;
        const cni = resources.find((r) => r.type === "aws:eks/addon:Addon" && inputs(r).addonName === "vpc-cni")!;
        inputs(cni).configurationValues = JSON.stringify({ enableNetworkPolicy: "false" });
        assertViolations(await check(resources, "network-policy-enforced"), {
            policy: "network-policy-enforced",
            level: "mandatory",
            names: [/^(GKE|EKS) cluster .* does not enforce NetworkPolicy/],
            count: 2,
        });
    });

    it("no-nodeport-or-external-ips flags a NodePort Service and one claiming externalIPs (CVE-2020-8554)", async () => {
        const resources = await stackResources("dev");
        const [nodePort, external] = resources.filter((r) => r.type === KUBERNETES_TYPES.service);
        inputs(nodePort).spec.type = "NodePort";
        inputs(external).spec.externalIPs = ["203.0.113.7"];
        assertViolations(await check(resources, "no-nodeport-or-external-ips"), {
            policy: "no-nodeport-or-external-ips",
            level: "mandatory",
            names: [/is of type NodePort|claims externalIPs 203\.0\.113\.7/],
            count: 2,
        });
    });

    it("no-system-namespaces flags a workload in default, advisory unless the environment says otherwise", async () => {
        const resources = await stackResources("dev");
        const deployment = find(resources, KUBERNETES_TYPES.deployment, "shop/checkout@aws-use1");
        inputs(deployment).metadata.namespace = "default";
        assertViolations(await check(resources, "no-system-namespaces"), {
            policy: "no-system-namespaces",
            level: "advisory",
            urn: deployment.urn,
            names: ["Deployment default/checkout is in namespace default"],
        });
    });
    it("no-service-account-token flags a pod that mounts a token as the default account (CIS Kubernetes benchmark, Kyverno)", async () => {
        const resources = await stackResources("dev");
        const deployment = find(resources, KUBERNETES_TYPES.deployment, "shop/checkout@aws-use1");
        delete inputs(deployment).spec.template.spec.automountServiceAccountToken;
        delete inputs(deployment).spec.template.spec.serviceAccountName;
        assertViolations(await check(resources, "no-service-account-token"), {
            policy: "no-service-account-token",
            level: "mandatory",
            urn: deployment.urn,
            names: [/Deployment shop\/checkout (mounts a service-account token|runs as the namespace's default)/],
            count: 2,
        });
    });
});
