// The policy pack's false negatives and false positives from the second review
// (../shared/notes/review-findings.md, "Round 2", "Policy pack"): one case per finding, each
// naming the Kubernetes, AWS or Pod Security behaviour the rule mirrors. Every case here
// failed on the pack as it was before the fix that closed it.
import assert from "node:assert/strict";
import { AWS_TYPES, KUBERNETES_TYPES } from "../../../src/plan/core/type-tokens";
import { runPolicies } from "../../../src/preview/policy/run-pack";
import type { LooseInputs as Inputs } from "../../../src/preview/harness/recording-monitor";
import { UNKNOWN_MARK } from "../../../src/preview/harness/marks";
import { planStack } from "../../support/plan";
import {
    assertClean,
    assertViolations,
    check,
    RecordedResource,
    resource,
    restrictedContainer,
    rule,
    RULE_NAMES,
} from "./support";

const ZONE = "topology.kubernetes.io/zone";
const SELECTOR = { "fedfleet.io/service": "web" };
const NAMESPACE = "kubernetes:core/v1:Namespace";
const NETWORK_POLICY = "kubernetes:networking.k8s.io/v1:NetworkPolicy";

/** A restricted pod spec, spread over zones with maxSkew 1 by a constraint that selects its pods. */
function podSpec(extra: Inputs = {}): Inputs {
    return {
        serviceAccountName: "web",
        automountServiceAccountToken: false,
        containers: [restrictedContainer()],
        securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
        topologySpreadConstraints: [
            {
                topologyKey: ZONE,
                maxSkew: 1,
                whenUnsatisfiable: "ScheduleAnyway",
                labelSelector: { matchLabels: SELECTOR },
            },
        ],
        ...extra,
    };
}

/** A Deployment shop/web around a pod spec, reached through `provider` when given. */
function deployment(
    spec: Inputs,
    options: { replicas?: number; provider?: string; namespace?: string; type?: string } = {},
): RecordedResource {
    const type = options.type ?? KUBERNETES_TYPES.deployment;
    return resource(
        type,
        `web-${type.split(":").pop()}`,
        {
            metadata: { name: "web", namespace: options.namespace ?? "shop", labels: SELECTOR },
            spec: {
                ...(options.replicas === undefined ? {} : { replicas: options.replicas }),
                selector: { matchLabels: SELECTOR },
                template: { metadata: { labels: SELECTOR }, spec },
            },
        },
        options.provider ? { provider: options.provider } : {},
    );
}

/** A fedfleet EKS cluster component with its EKS cluster at `version` and its Kubernetes provider. */
function eksCluster(name: string, version: string) {
    const component = resource("fedfleet:cluster:EksCluster", name, {});
    const eks = resource(AWS_TYPES.eksCluster, `${name}-eks`, { name, version }, { parent: component.urn });
    const provider = resource(KUBERNETES_TYPES.provider, `${name}-k8s`, {}, { parent: component.urn });
    return { provider, resources: [component, eks, provider] };
}

/** A managed namespace `shop` enforcing restricted (at `version`, latest by default), in a cluster. */
function namespace(provider: string, version = "latest"): RecordedResource {
    const labels: Inputs = {};
    for (const mode of ["enforce", "audit", "warn"]) {
        labels[`pod-security.kubernetes.io/${mode}`] = "restricted";
        labels[`pod-security.kubernetes.io/${mode}-version`] = version;
    }
    return resource(NAMESPACE, "ns-shop", { metadata: { name: "shop", labels } }, { provider });
}

/** A NetworkPolicy in shop, in a cluster. */
function networkPolicy(name: string, spec: Inputs, provider: string): RecordedResource {
    return resource(NETWORK_POLICY, name, { metadata: { name, namespace: "shop" }, spec }, { provider });
}

describe("policy: second review's false negatives, closed", function () {
    this.timeout(120_000);

    describe("zone-spread", () => {
        it("Kubernetes HPA: replicas 1 today but an HPA that scales to 10 needs zone spread", async () => {
            const { provider, resources } = eksCluster("aws-use1", "1.35");
            const target = deployment(podSpec({ topologySpreadConstraints: [] }), {
                replicas: 1,
                provider: provider.urn,
            });
            const hpa = resource(
                KUBERNETES_TYPES.hpa,
                "web-hpa",
                {
                    metadata: { name: "web", namespace: "shop" },
                    spec: { minReplicas: 1, maxReplicas: 10, scaleTargetRef: { kind: "Deployment", name: "web" } },
                },
                { provider: provider.urn },
            );
            assertViolations(await check([...resources, target, hpa], "zone-spread"), {
                policy: "zone-spread",
                level: "mandatory",
                urn: target.urn,
                names: ["Deployment shop/web does not spread pods across zones"],
            });
        });

        it("Kubernetes topology spread: maxSkew at least the pod count lets every pod share one zone", async () => {
            const loose = podSpec();
            loose.topologySpreadConstraints[0].maxSkew = 3;
            assertViolations(await check([deployment(loose, { replicas: 3 })], "zone-spread"), {
                policy: "zone-spread",
                level: "mandatory",
                names: ["Deployment shop/web", "maxSkew 3 lets all 3 of its pods share one zone"],
            });
            const tight = podSpec();
            tight.topologySpreadConstraints[0].maxSkew = 2;
            assertClean(await check([deployment(tight, { replicas: 3 })], "zone-spread"));
        });

        it("Kubernetes scheduling: a nodeSelector or required node affinity on one zone pins every pod there", async () => {
            const bySelector = podSpec({ nodeSelector: { [ZONE]: "us-east-1a" } });
            assertViolations(await check([deployment(bySelector, { replicas: 3 })], "zone-spread"), {
                policy: "zone-spread",
                level: "mandatory",
                names: ["Deployment shop/web pins every pod to zone us-east-1a"],
            });
            const byAffinity = (zones: string[]) =>
                podSpec({
                    affinity: {
                        nodeAffinity: {
                            requiredDuringSchedulingIgnoredDuringExecution: {
                                nodeSelectorTerms: [
                                    { matchExpressions: [{ key: ZONE, operator: "In", values: zones }] },
                                ],
                            },
                        },
                    },
                });
            assertViolations(await check([deployment(byAffinity(["us-east-1b"]), { replicas: 3 })], "zone-spread"), {
                policy: "zone-spread",
                level: "mandatory",
                names: ["pins every pod to zone us-east-1b"],
            });
            assertClean(
                await check([deployment(byAffinity(["us-east-1a", "us-east-1b"]), { replicas: 3 })], "zone-spread"),
            );
        });
    });

    it("namespace-default-deny: an allow-all ingress policy beside the default deny undoes it (policies add up)", async () => {
        const { provider, resources } = eksCluster("aws-use1", "1.35");
        const ns = namespace(provider.urn);
        const deny = networkPolicy("default-deny-ingress", { podSelector: {}, policyTypes: ["Ingress"] }, provider.urn);
        const allowAll = networkPolicy(
            "allow-all",
            { podSelector: {}, policyTypes: ["Ingress"], ingress: [{}] },
            provider.urn,
        );
        assertClean(await check([...resources, ns, deny], "namespace-default-deny"));
        assertViolations(await check([...resources, ns, deny, allowAll], "namespace-default-deny"), {
            policy: "namespace-default-deny",
            level: "mandatory",
            urn: ns.urn,
            names: ["Namespace shop", "NetworkPolicy shop/allow-all admits all ingress to every pod"],
        });
    });

    it("namespace-default-deny: ipBlock 0.0.0.0/0 is everyone, and a policy that opens one workload's pods undoes the deny for them", async () => {
        const { provider, resources } = eksCluster("aws-use1", "1.35");
        const ns = namespace(provider.urn);
        const deny = networkPolicy("default-deny-ingress", { podSelector: {}, policyTypes: ["Ingress"] }, provider.urn);
        const web = deployment(podSpec(), { replicas: 2, provider: provider.urn });
        const world = networkPolicy(
            "from-world",
            { podSelector: { matchLabels: SELECTOR }, ingress: [{ from: [{ ipBlock: { cidr: "0.0.0.0/0" } }] }] },
            provider.urn,
        );
        assertViolations(await check([...resources, ns, deny, web, world], "namespace-default-deny"), {
            policy: "namespace-default-deny",
            level: "mandatory",
            urn: ns.urn,
            names: ["NetworkPolicy shop/from-world admits all ingress to the pods of Deployment shop/web"],
        });
        // fedfleet's own service policy admits its ports from anywhere: ports named, not everything.
        const ports = networkPolicy(
            "web",
            { podSelector: { matchLabels: SELECTOR }, ingress: [{ ports: [{ port: 8080, protocol: "TCP" }] }] },
            provider.urn,
        );
        assertClean(await check([...resources, ns, deny, web, ports], "namespace-default-deny"));
    });

    it("no-system-namespaces: every kube-* namespace is the cluster's, not only kube-system, kube-public and kube-node-lease", async () => {
        assertViolations(await check([deployment(podSpec(), { namespace: "kube-tools" })], "no-system-namespaces"), {
            policy: "no-system-namespaces",
            level: "advisory",
            names: ["Deployment kube-tools/web is in namespace kube-tools"],
        });
    });

    describe("*Patch resources: what a patch adds to the object it patches is checked like the object", () => {
        it("DeploymentPatch and PodPatch: a privileged container or host network is flagged by pod-security", async () => {
            const privileged = deployment(
                {
                    containers: [{ name: "app", securityContext: { privileged: true } }],
                },
                { type: "kubernetes:apps/v1:DeploymentPatch" },
            );
            assertViolations(await check([privileged], "pod-security"), {
                policy: "pod-security",
                level: "mandatory",
                names: ["DeploymentPatch shop/web: container app is privileged"],
            });
            const hostNetwork = resource("kubernetes:core/v1:PodPatch", "pod", {
                metadata: { name: "web", namespace: "shop" },
                spec: { hostNetwork: true },
            });
            assertViolations(await check([hostNetwork], "pod-security"), {
                policy: "pod-security",
                level: "mandatory",
                names: ["PodPatch shop/web: pod shares host namespaces (hostNetwork=true)"],
            });
        });

        it("DeploymentPatch: an unpinned image and a mounted token are flagged", async () => {
            const patch = deployment(
                { automountServiceAccountToken: true, containers: [{ name: "app", image: "ghcr.io/acme/web:latest" }] },
                { type: "kubernetes:apps/v1:DeploymentPatch" },
            );
            assertViolations(await check([patch], "image-pinned"), {
                policy: "image-pinned",
                level: "mandatory",
                names: ['DeploymentPatch shop/web: container app image "ghcr.io/acme/web:latest" is tagged latest'],
            });
            assertViolations(await check([patch], "no-service-account-token"), {
                policy: "no-service-account-token",
                level: "mandatory",
                names: ["DeploymentPatch shop/web mounts a service-account token"],
            });
        });

        it("NamespacePatch: lowering the enforced Pod Security level is flagged", async () => {
            const patch = resource("kubernetes:core/v1:NamespacePatch", "shop-patch", {
                metadata: { name: "shop", labels: { "pod-security.kubernetes.io/enforce": "privileged" } },
            });
            assertViolations(await check([patch], "namespace-pod-security"), {
                policy: "namespace-pod-security",
                level: "mandatory",
                names: ["Namespace shop enforces Pod Security privileged, not restricted"],
            });
        });

        it("ServicePatch: turning a Service into a NodePort or giving it externalIPs is flagged", async () => {
            const patch = resource("kubernetes:core/v1:ServicePatch", "svc-patch", {
                metadata: { name: "web", namespace: "shop" },
                spec: { type: "NodePort" },
            });
            assertViolations(await check([patch], "no-nodeport-or-external-ips"), {
                policy: "no-nodeport-or-external-ips",
                level: "mandatory",
                names: ["ServicePatch shop/web is of type NodePort"],
            });
        });

        it("ServicePatch: making a Service outside a federated service a LoadBalancer is a stray load balancer", async () => {
            const patch = resource("kubernetes:core/v1:ServicePatch", "svc-patch", {
                metadata: { name: "admin", namespace: "shop" },
                spec: { type: "LoadBalancer" },
            });
            assertViolations(await check([patch], "no-stray-load-balancers"), {
                policy: "no-stray-load-balancers",
                level: "mandatory",
                names: ["LoadBalancer ServicePatch shop/admin is not part of a federated service"],
            });
        });

        it("PodDisruptionBudgetPatch: maxUnavailable 0 over a budget of the stack, or over one it does not declare, blocks drains", async () => {
            const { provider, resources } = eksCluster("aws-use1", "1.35");
            const web = deployment(podSpec(), { replicas: 3, provider: provider.urn });
            const pdb = resource(
                KUBERNETES_TYPES.pdb,
                "web-pdb",
                {
                    metadata: { name: "web", namespace: "shop" },
                    spec: { maxUnavailable: 1, selector: { matchLabels: SELECTOR } },
                },
                { provider: provider.urn },
            );
            const patch = (name: string) =>
                resource(
                    "kubernetes:policy/v1:PodDisruptionBudgetPatch",
                    `${name}-patch`,
                    { metadata: { name, namespace: "shop" }, spec: { maxUnavailable: 0 } },
                    { provider: provider.urn },
                );
            assertClean(await check([...resources, web, pdb], "pdb-for-replicated"));
            assertViolations(await check([...resources, web, pdb, patch("web")], "pdb-for-replicated"), {
                policy: "pdb-for-replicated",
                level: "mandatory",
                urn: web.urn,
                names: [
                    "PodDisruptionBudget shop/web allows no eviction of Deployment shop/web at 3 replicas (maxUnavailable 0)",
                ],
            });
            assertViolations(await check([...resources, web, pdb, patch("system")], "pdb-for-replicated"), {
                policy: "pdb-for-replicated",
                level: "mandatory",
                names: ["PodDisruptionBudgetPatch shop/system sets maxUnavailable 0"],
            });
        });

        it("NetworkPolicyPatch: admitting all ingress through the namespace's deny policy is flagged", async () => {
            const { provider, resources } = eksCluster("aws-use1", "1.35");
            const ns = namespace(provider.urn);
            const deny = networkPolicy(
                "default-deny-ingress",
                { podSelector: {}, policyTypes: ["Ingress"] },
                provider.urn,
            );
            const patch = resource(
                "kubernetes:networking.k8s.io/v1:NetworkPolicyPatch",
                "deny-patch",
                { metadata: { name: "default-deny-ingress", namespace: "shop" }, spec: { ingress: [{}] } },
                { provider: provider.urn },
            );
            assertViolations(await check([...resources, ns, deny, patch], "namespace-default-deny"), {
                policy: "namespace-default-deny",
                level: "mandatory",
                names: ["NetworkPolicyPatch shop/default-deny-ingress admits all ingress to every pod"],
            });
        });
    });

    it("no-service-account-token: a projected service-account token is a token, whatever automountServiceAccountToken says", async () => {
        const spec = podSpec({
            volumes: [
                { name: "tmp", emptyDir: {} },
                {
                    name: "token",
                    projected: { sources: [{ serviceAccountToken: { path: "token", expirationSeconds: 3600 } }] },
                },
            ],
        });
        assertViolations(await check([deployment(spec, { replicas: 2 })], "no-service-account-token"), {
            policy: "no-service-account-token",
            level: "mandatory",
            names: ['Deployment shop/web mounts a service-account token through projected volume "token"'],
        });
    });

    it("namespace-pod-security: enforce-version pinned below the cluster's Kubernetes version enforces an old standard", async () => {
        const { provider, resources } = eksCluster("aws-use1", "1.35");
        const old = namespace(provider.urn, "v1.24");
        assertViolations(await check([...resources, old], "namespace-pod-security"), {
            policy: "namespace-pod-security",
            level: "mandatory",
            urn: old.urn,
            names: ["Namespace shop pins Pod Security restricted to v1.24, older than its cluster's Kubernetes 1.35"],
        });
        assertClean(await check([...resources, namespace(provider.urn, "v1.35")], "namespace-pod-security"));
        assertClean(await check([...resources, namespace(provider.urn, "latest")], "namespace-pod-security"));
    });

    it("node-pools-multi-zone: an EKS node group's zones are its subnetIds' zones, not its dependencies'", async () => {
        const subnets = ["a", "b", "c"].map((zone) =>
            resource(AWS_TYPES.subnet, `subnet-${zone}`, { availabilityZone: `us-east-1${zone}` }),
        );
        const group = resource(
            AWS_TYPES.nodeGroup,
            "general",
            { subnetIds: ["subnet-0aaa"] },
            { dependencies: subnets.map((subnet) => subnet.urn) },
        );
        // The engine's stack view: each resource's outputs, a bridged resource's id among them.
        const outputs = new Map<string, Record<string, unknown>>([
            ...subnets.map((subnet, i): [string, Record<string, unknown>] => [
                subnet.urn,
                { ...subnet.inputs, id: `subnet-0${["aaa", "bbb", "ccc"][i]}` },
            ]),
            [group.urn, { subnetIds: ["subnet-0aaa"] }],
        ]);
        const violations = await runPolicies([...subnets, group], rule("node-pools-multi-zone"), {}, outputs);
        assertViolations(violations, {
            policy: "node-pools-multi-zone",
            level: "mandatory",
            urn: group.urn,
            names: ["EKS node group general spans 1 zone(s)"],
        });
    });

    it("dns-health-checked: in a first preview, one record's unknown CNAME target leaves every other record checked", async () => {
        const unknownTarget = resource(AWS_TYPES.record, "region-secondary", {
            name: "api.use1.example.com",
            type: "CNAME",
            ttl: 30,
            records: [UNKNOWN_MARK],
            setIdentifier: "secondary",
            failoverRoutingPolicies: [{ type: "SECONDARY" }],
        });
        const unchecked = resource(AWS_TYPES.record, "weighted-a", {
            name: "api.example.com",
            type: "A",
            ttl: 30,
            records: ["192.0.2.1"],
            setIdentifier: "a",
            weightedRoutingPolicies: [{ weight: 1 }],
        });
        const violations = await check([unknownTarget, unchecked], "dns-health-checked");
        const mandatory = violations.filter((v) => v.level === "mandatory");
        assert.equal(mandatory.length, 1, JSON.stringify(violations));
        assert.equal(mandatory[0].urn, unchecked.urn);
        assert.match(mandatory[0].message, /Route53 weighted record api\.example\.com \(a\) has no health check/);
    });

    it("dns-health-checked: a disabled Route53 health check counts as none (Route53 treats it as always healthy)", async () => {
        const check_ = resource("aws:route53/healthCheck:HealthCheck", "hc", {
            type: "HTTP",
            fqdn: "lb.example.com",
            disabled: true,
        });
        const record = resource(
            AWS_TYPES.record,
            "weighted-a",
            {
                name: "api.example.com",
                type: "A",
                ttl: 30,
                records: ["192.0.2.1"],
                setIdentifier: "a",
                weightedRoutingPolicies: [{ weight: 1 }],
                healthCheckId: "hc-1",
            },
            { dependencies: [check_.urn] },
        );
        const outputs = new Map<string, Record<string, unknown>>([
            [check_.urn, { ...check_.inputs, id: "hc-1" }],
            [record.urn, record.inputs],
        ]);
        assertViolations(await runPolicies([check_, record], rule("dns-health-checked"), {}, outputs), {
            policy: "dns-health-checked",
            level: "mandatory",
            urn: record.urn,
            names: ["api.example.com", "health check", "disabled"],
        });
    });
});

describe("policy: what the fixes above must not break", function () {
    this.timeout(120_000);

    it("a DeploymentPatch that only bumps a pinned image is read for what it sets: no rule asks it for what it leaves out", async () => {
        const patch = deployment(
            { containers: [{ name: "app", image: "ghcr.io/acme/web:1.0.1" }] },
            { type: "kubernetes:apps/v1:DeploymentPatch" },
        );
        const config = { "allowed-registries": { registries: ["ghcr.io/acme/"] } };
        for (const name of RULE_NAMES) assertClean(await check([patch], name, config));
    });

    it("zone-spread: a DeploymentPatch pinning the zone of a replicated Deployment of the stack is flagged", async () => {
        const { provider, resources } = eksCluster("aws-use1", "1.35");
        const target = deployment(podSpec(), { replicas: 3, provider: provider.urn });
        const patch = deployment(
            { nodeSelector: { [ZONE]: "us-east-1c" } },
            { type: "kubernetes:apps/v1:DeploymentPatch", provider: provider.urn },
        );
        assertViolations(await check([...resources, target, patch], "zone-spread"), {
            policy: "zone-spread",
            level: "mandatory",
            urn: patch.urn,
            names: ["DeploymentPatch shop/web pins every pod to zone us-east-1c"],
        });
    });

    it("node-pools-multi-zone, as npm run plan runs it (ids and property dependencies from the run): prod passes; a group left with one subnet is flagged", async () => {
        const run = await planStack("prod");
        const engine = { ids: run.resourceIds, propertyDependencies: run.propertyDependencies };
        const rules = rule("node-pools-multi-zone");
        assertClean(await runPolicies(run.resources, rules, {}, run.resourceOutputs, engine));
        const outputs = new Map(run.resourceOutputs);
        const group = run.resources.find((r) => r.type === AWS_TYPES.nodeGroup)!;
        const own = outputs.get(group.urn)!;
        outputs.set(group.urn, { ...own, subnetIds: (own.subnetIds as string[]).slice(0, 1) });
        assertViolations(await runPolicies(run.resources, rules, {}, outputs, engine), {
            policy: "node-pools-multi-zone",
            level: "mandatory",
            urn: group.urn,
            names: ["spans 1 zone(s)"],
        });
    });
});

describe("policy: second review's false positives, closed", function () {
    this.timeout(120_000);

    it("allowed-registries: ghcr.io:443 is ghcr.io (HTTPS's own port), both ways; another port is another registry", async () => {
        const image = (ref: string) => {
            const spec = podSpec();
            spec.containers[0].image = ref;
            return deployment(spec, { replicas: 2 });
        };
        assertClean(
            await check([image("ghcr.io:443/acme/web:1.0")], "allowed-registries", {
                "allowed-registries": { registries: ["ghcr.io/acme/"] },
            }),
        );
        assertClean(
            await check([image("ghcr.io/acme/web:1.0")], "allowed-registries", {
                "allowed-registries": { registries: ["ghcr.io:443/acme/"] },
            }),
        );
        assertViolations(
            await check([image("ghcr.io:5000/acme/web:1.0")], "allowed-registries", {
                "allowed-registries": { registries: ["ghcr.io/acme/"] },
            }),
            { policy: "allowed-registries", level: "mandatory", names: ["ghcr.io:5000/acme/web:1.0"] },
        );
    });

    it("namespace-default-deny: a deny policy without policyTypes is an Ingress policy (the API defaults it)", async () => {
        const { provider, resources } = eksCluster("aws-use1", "1.35");
        const deny = networkPolicy("default-deny-ingress", { podSelector: {} }, provider.urn);
        assertClean(await check([...resources, namespace(provider.urn), deny], "namespace-default-deny"));
    });

    describe("pod-security follows the Pod Security version the cluster enforces", () => {
        const hostUsers = podSpec({
            hostUsers: false,
            securityContext: { seccompProfile: { type: "RuntimeDefault" } },
        });
        delete hostUsers.containers[0].securityContext.runAsNonRoot;

        it("check_runAsNonRoot 1.35: hostUsers: false relaxes runAsNonRoot on a 1.35 cluster, not on 1.34, nor under a pinned v1.34", async () => {
            const v135 = eksCluster("aws-use1", "1.35");
            assertClean(
                await check(
                    [
                        ...v135.resources,
                        namespace(v135.provider.urn),
                        deployment(hostUsers, { replicas: 2, provider: v135.provider.urn }),
                    ],
                    "pod-security",
                ),
            );
            const v134 = eksCluster("aws-use1", "1.34");
            assertViolations(
                await check(
                    [
                        ...v134.resources,
                        namespace(v134.provider.urn),
                        deployment(hostUsers, { replicas: 2, provider: v134.provider.urn }),
                    ],
                    "pod-security",
                ),
                { policy: "pod-security", level: "mandatory", names: ["container app may run as root"] },
            );
            assertViolations(
                await check(
                    [
                        ...v135.resources,
                        namespace(v135.provider.urn, "v1.34"),
                        deployment(hostUsers, { replicas: 2, provider: v135.provider.urn }),
                    ],
                    "pod-security",
                ),
                { policy: "pod-security", level: "mandatory", names: ["container app may run as root"] },
            );
        });

        it("check_sysctls 1.32: net.ipv4.tcp_rmem is safe from 1.32, not on 1.31", async () => {
            const sysctl = podSpec({
                securityContext: {
                    runAsNonRoot: true,
                    seccompProfile: { type: "RuntimeDefault" },
                    sysctls: [{ name: "net.ipv4.tcp_rmem", value: "4096 87380 6291456" }],
                },
            });
            const v133 = eksCluster("aws-use1", "1.33");
            assertClean(
                await check(
                    [...v133.resources, deployment(sysctl, { replicas: 2, provider: v133.provider.urn })],
                    "pod-security",
                ),
            );
            const v131 = eksCluster("aws-use1", "1.31");
            assertViolations(
                await check(
                    [...v131.resources, deployment(sysctl, { replicas: 2, provider: v131.provider.urn })],
                    "pod-security",
                ),
                { policy: "pod-security", level: "mandatory", names: ["pod sets unsafe sysctls net.ipv4.tcp_rmem"] },
            );
        });

        it("check_hostProbesAndHostLifecycle 1.34: a probe host is refused from 1.34 only", async () => {
            const probe = podSpec();
            probe.containers[0].livenessProbe = { httpGet: { path: "/", port: 80, host: "10.0.0.1" } };
            const v133 = eksCluster("aws-use1", "1.33");
            assertClean(
                await check(
                    [...v133.resources, deployment(probe, { replicas: 2, provider: v133.provider.urn })],
                    "pod-security",
                ),
            );
            const v134 = eksCluster("aws-use1", "1.34");
            assertViolations(
                await check(
                    [...v134.resources, deployment(probe, { replicas: 2, provider: v134.provider.urn })],
                    "pod-security",
                ),
                { policy: "pod-security", level: "mandatory", names: ["container app probes or hooks host 10.0.0.1"] },
            );
        });
    });

    it("no-service-account-token: the deprecated serviceAccount field names the account as serviceAccountName does", async () => {
        const spec = podSpec();
        delete spec.serviceAccountName;
        spec.serviceAccount = "web";
        assertClean(await check([deployment(spec, { replicas: 2 })], "no-service-account-token"));
    });
});
