// The policy pack's false negatives from the review (../shared/notes/review-findings.md, "Policy pack"):
// each test names the Kubernetes, AWS or GCP behaviour the rule mirrors, and failed before its fix.
import assert from "node:assert/strict";
import { AWS_TYPES, GCP_TYPES, KUBERNETES_TYPES } from "../../../src/plan/core/type-tokens";
import type { LooseInputs as Inputs } from "../../../src/preview/harness/recording-monitor";
import { UNKNOWN_MARK } from "../../../src/preview/harness/marks";
import type { RecordedResource } from "./support";
import { assertClean, assertViolations, check, find, resource, restrictedContainer, stackResources } from "./support";

const inputs = (r: { inputs: Record<string, unknown> }) => r.inputs as Inputs;
const DIGEST = "sha256:" + "ab".repeat(32);
const ZONE = "topology.kubernetes.io/zone";
const LABELS = { "fedfleet.io/service": "web", "fedfleet.io/cluster": "aws-use1" };

/** A restricted pod spec, spread over zones by a constraint that selects its own pods. */
function restrictedPodSpec(extra: Inputs = {}): Inputs {
    return {
        containers: [restrictedContainer()],
        securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
        topologySpreadConstraints: [
            {
                topologyKey: ZONE,
                maxSkew: 1,
                whenUnsatisfiable: "ScheduleAnyway",
                labelSelector: { matchLabels: { "fedfleet.io/service": "web" } },
            },
        ],
        ...extra,
    };
}

/** Every pod-bearing kind, its type token, and where it keeps its pod. */
const KINDS: { kind: string; type: string; wrap: (spec: Inputs, labels: Inputs, replicas?: number) => Inputs }[] = [
    {
        kind: "Pod",
        type: "kubernetes:core/v1:Pod",
        wrap: (spec, labels) => ({ apiVersion: "v1", kind: "Pod", metadata: { labels }, spec }),
    },
    ...["Deployment", "ReplicaSet", "StatefulSet", "DaemonSet"].map((kind) => ({
        kind,
        type: `kubernetes:apps/v1:${kind}`,
        wrap: (spec: Inputs, labels: Inputs, replicas = 2) => ({
            apiVersion: "apps/v1",
            kind,
            metadata: { labels },
            spec: {
                ...(kind === "DaemonSet" ? {} : { replicas }),
                selector: { matchLabels: { "fedfleet.io/service": "web" } },
                template: { metadata: { labels }, spec },
            },
        }),
    })),
    {
        kind: "ReplicationController",
        type: "kubernetes:core/v1:ReplicationController",
        wrap: (spec, labels, replicas = 2) => ({
            apiVersion: "v1",
            kind: "ReplicationController",
            metadata: { labels },
            spec: { replicas, selector: { "fedfleet.io/service": "web" }, template: { metadata: { labels }, spec } },
        }),
    },
    {
        kind: "Job",
        type: "kubernetes:batch/v1:Job",
        wrap: (spec, labels) => ({
            apiVersion: "batch/v1",
            kind: "Job",
            metadata: { labels },
            spec: { template: { metadata: { labels }, spec: { ...spec, restartPolicy: "Never" } } },
        }),
    },
    {
        kind: "CronJob",
        type: "kubernetes:batch/v1:CronJob",
        wrap: (spec, labels) => ({
            apiVersion: "batch/v1",
            kind: "CronJob",
            metadata: { labels },
            spec: {
                schedule: "*/5 * * * *",
                jobTemplate: {
                    spec: { template: { metadata: { labels }, spec: { ...spec, restartPolicy: "Never" } } },
                },
            },
        }),
    },
];

/** A workload of `kind` named shop/web around a pod spec. */
function workload(kind: string, spec: Inputs, options: { labels?: Inputs; replicas?: number } = {}): RecordedResource {
    const entry = KINDS.find((k) => k.kind === kind)!;
    const props = entry.wrap(spec, options.labels ?? LABELS, options.replicas);
    props.metadata = { name: "web", namespace: "shop", ...props.metadata };
    return resource(entry.type, `web-${kind}`, props);
}

/** A Deployment shop/web around a pod spec. */
const deployment = (spec: Inputs, options: { labels?: Inputs; replicas?: number } = {}) =>
    workload("Deployment", spec, options);

/** A Kubernetes provider, Deployment, optional HPA and PDBs of one cluster, for pdb-for-replicated. */
function pdbStack(options: {
    replicas?: number;
    hpa?: { minReplicas?: number; maxReplicas: number };
    pdbs?: Inputs[];
}): { resources: RecordedResource[]; deployment: RecordedResource } {
    const provider = resource(KUBERNETES_TYPES.provider, "k8s", {});
    const spec = restrictedPodSpec();
    const target = deployment(spec, { replicas: options.replicas });
    if (options.replicas === undefined) delete inputs(target).spec.replicas;
    target.provider = provider.urn;
    const resources = [provider, target];
    if (options.hpa)
        resources.push(
            resource(
                KUBERNETES_TYPES.hpa,
                "web-hpa",
                {
                    metadata: { name: "web", namespace: "shop" },
                    spec: {
                        ...options.hpa,
                        scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "web" },
                    },
                },
                { provider: provider.urn },
            ),
        );
    (options.pdbs ?? []).forEach((spec, index) =>
        resources.push(
            resource(
                KUBERNETES_TYPES.pdb,
                `web-pdb-${index}`,
                { metadata: { name: `web-${index}`, namespace: "shop" }, spec },
                { provider: provider.urn },
            ),
        ),
    );
    return { resources, deployment: target };
}

describe("policy: false negatives from the review, closed", function () {
    this.timeout(120_000);

    describe("1. cluster-endpoint-restricted reads CIDRs as networks (ipaddr.js)", () => {
        const eks = (cidrs: string[]) =>
            resource(AWS_TYPES.eksCluster, "eks", {
                vpcConfig: { endpointPublicAccess: true, publicAccessCidrs: cidrs },
            });
        const gke = (cidrs: string[]) =>
            resource(GCP_TYPES.cluster, "gke", {
                masterAuthorizedNetworksConfig: {
                    cidrBlocks: cidrs.map((cidrBlock) => ({ cidrBlock })),
                    gcpPublicCidrsAccessEnabled: false,
                },
            });

        it("AWS EKS publicAccessCidrs: 0.0.0.0/1 + 128.0.0.0/1 together admit every IPv4 client, so the endpoint is open to the world", async () => {
            assertViolations(await check([eks(["0.0.0.0/1", "128.0.0.0/1"])], "cluster-endpoint-restricted"), {
                policy: "cluster-endpoint-restricted",
                level: "mandatory",
                names: ["EKS cluster eks", "0.0.0.0/0", "0.0.0.0/1, 128.0.0.0/1"],
            });
        });

        it("AWS EKS publicAccessCidrs: 256 /8 ranges cover 0.0.0.0/0 and are flagged; 255 of them are not", async () => {
            const slash8s = Array.from({ length: 256 }, (_, octet) => `${octet}.0.0.0/8`);
            assertViolations(await check([eks(slash8s)], "cluster-endpoint-restricted"), {
                policy: "cluster-endpoint-restricted",
                level: "mandatory",
                names: ["EKS cluster eks", "0.0.0.0/0"],
            });
            assertClean(
                await check([eks(slash8s.filter((cidr) => cidr !== "77.0.0.0/8"))], "cluster-endpoint-restricted"),
            );
        });

        it("AWS EKS / GKE: a CIDR with host bits, such as 10.1.2.3/0, names the network 0.0.0.0/0", async () => {
            const violations = await check([eks(["10.1.2.3/0"]), gke(["10.1.2.3/0"])], "cluster-endpoint-restricted");
            assertViolations(violations, {
                policy: "cluster-endpoint-restricted",
                level: "mandatory",
                count: 2,
                names: ["0.0.0.0/0"],
            });
        });

        it("IPv6: ::/0, and ::/1 + 8000::/1, admit every IPv6 client (EKS and GKE)", async () => {
            const violations = await check(
                [eks(["::/0"]), gke(["::/1", "8000::/1", "198.51.100.0/24"])],
                "cluster-endpoint-restricted",
            );
            assertViolations(violations, {
                policy: "cluster-endpoint-restricted",
                level: "mandatory",
                count: 2,
                names: ["::/0"],
            });
            assert.ok(violations.some((v) => v.message.startsWith("EKS cluster eks")));
            assert.ok(violations.some((v) => v.message.startsWith("GKE cluster gke")));
        });

        it("allowedCidrs is containment, as AWS and GCP match client addresses against ranges: a /28 inside an allowed /24 passes, a /23 around it does not; exact matches still pass", async () => {
            const config = { "cluster-endpoint-restricted": { allowedCidrs: ["198.51.100.0/24", "2001:db8::/32"] } };
            assertClean(
                await check(
                    [eks(["198.51.100.16/28", "198.51.100.0/24"]), gke(["198.51.100.0/24", "2001:db8:1::/48"])],
                    "cluster-endpoint-restricted",
                    config,
                ),
            );
            assertViolations(await check([eks(["198.51.100.0/23"])], "cluster-endpoint-restricted", config), {
                policy: "cluster-endpoint-restricted",
                level: "mandatory",
                names: ["EKS cluster eks", "198.51.100.0/23", "not among the allowed CIDRs"],
            });
        });

        it("a value that is not a CIDR is flagged: neither cloud would accept it, and the rule cannot show it is restricted", async () => {
            assertViolations(
                await check([eks(["198.51.100.0/24", "198.51.100.0/33"])], "cluster-endpoint-restricted"),
                {
                    policy: "cluster-endpoint-restricted",
                    level: "mandatory",
                    names: ["EKS cluster eks", '"198.51.100.0/33" is not a CIDR'],
                },
            );
        });

        it("GCP GKE masterAuthorizedNetworksConfig.gcpPublicCidrsAccessEnabled: true, or unset while the IP endpoint is public, lets every Google Cloud public IP reach the control plane", async () => {
            const resources = await stackResources("dev");
            const cluster = find(resources, GCP_TYPES.cluster);
            assertClean(await check(resources, "cluster-endpoint-restricted")); // fedfleet sets it false
            inputs(cluster).masterAuthorizedNetworksConfig.gcpPublicCidrsAccessEnabled = true;
            assertViolations(await check(resources, "cluster-endpoint-restricted"), {
                policy: "cluster-endpoint-restricted",
                level: "mandatory",
                urn: cluster.urn,
                names: ["GKE cluster gke-euw1-gke", "gcpPublicCidrsAccessEnabled"],
            });
            delete inputs(cluster).masterAuthorizedNetworksConfig.gcpPublicCidrsAccessEnabled;
            assertViolations(await check(resources, "cluster-endpoint-restricted"), {
                policy: "cluster-endpoint-restricted",
                level: "mandatory",
                urn: cluster.urn,
                names: ["GKE cluster gke-euw1-gke", "gcpPublicCidrsAccessEnabled"],
            });
            // No public IP endpoint, nothing to reach.
            const privateGke = resource(GCP_TYPES.cluster, "private", {
                privateClusterConfig: { enablePrivateEndpoint: true },
                masterAuthorizedNetworksConfig: { gcpPublicCidrsAccessEnabled: true },
            });
            const noIpEndpoint = resource(GCP_TYPES.cluster, "dns-only", {
                controlPlaneEndpointsConfig: { ipEndpointsConfig: { enabled: false } },
            });
            assertClean(await check([privateGke, noIpEndpoint], "cluster-endpoint-restricted"));
        });
    });

    describe("2. pod-security mirrors Pod Security Standards restricted (pod-security-admission policy/check_*.go)", () => {
        /** [PSS check, what breaks it, a fragment of the violation]. */
        const cases: [string, (spec: Inputs, template: Inputs) => void, string][] = [
            [
                "hostNamespaces: hostNetwork",
                (spec) => (spec.hostNetwork = true),
                "pod shares host namespaces (hostNetwork=true)",
            ],
            ["hostNamespaces: hostPID", (spec) => (spec.hostPID = true), "pod shares host namespaces (hostPID=true)"],
            ["hostNamespaces: hostIPC", (spec) => (spec.hostIPC = true), "pod shares host namespaces (hostIPC=true)"],
            [
                "hostPathVolumes / restrictedVolumes: hostPath /",
                (spec) => (spec.volumes = [{ name: "root", hostPath: { path: "/" } }]),
                'pod uses restricted volume types: "root" (hostPath)',
            ],
            [
                "restrictedVolumes: nfs",
                (spec) => (spec.volumes = [{ name: "shared", nfs: { server: "nfs", path: "/" } }]),
                'pod uses restricted volume types: "shared" (nfs)',
            ],
            [
                "capabilities_restricted: add beyond NET_BIND_SERVICE",
                (spec) => (spec.containers[0].securityContext.capabilities.add = ["NET_BIND_SERVICE", "SYS_ADMIN"]),
                "container app adds capabilities SYS_ADMIN",
            ],
            [
                "capabilities_restricted: drop ALL",
                (spec) => (spec.containers[0].securityContext.capabilities = { drop: ["NET_RAW"] }),
                "container app does not drop ALL capabilities",
            ],
            [
                "seccompProfile_restricted: pod Unconfined",
                (spec) => (spec.securityContext.seccompProfile = { type: "Unconfined" }),
                "pod sets seccompProfile Unconfined",
            ],
            [
                "seccompProfile_restricted: container Unconfined",
                (spec) => (spec.containers[0].securityContext.seccompProfile = { type: "Unconfined" }),
                "container app sets seccompProfile Unconfined",
            ],
            [
                "seccompProfile_restricted: none set",
                (spec) => {
                    delete spec.securityContext.seccompProfile;
                    delete spec.containers[0].securityContext.seccompProfile;
                },
                "container app has no seccompProfile",
            ],
            [
                "privileged: init container",
                (spec) =>
                    (spec.initContainers = [
                        restrictedContainer("init", {
                            securityContext: { ...restrictedContainer().securityContext, privileged: true },
                        }),
                    ]),
                "container init is privileged",
            ],
            [
                "privileged: ephemeral container",
                (spec) =>
                    (spec.ephemeralContainers = [
                        {
                            name: "debugger",
                            image: "ghcr.io/acme/debug:1.0",
                            securityContext: { ...restrictedContainer().securityContext, privileged: true },
                        },
                    ]),
                "container debugger is privileged",
            ],
            [
                "runAsNonRoot: ephemeral container",
                (spec) =>
                    (spec.ephemeralContainers = [
                        {
                            name: "debugger",
                            image: "ghcr.io/acme/debug:1.0",
                            securityContext: { ...restrictedContainer().securityContext, runAsNonRoot: false },
                        },
                    ]),
                "container debugger may run as root",
            ],
            [
                "runAsNonRoot: pod false",
                (spec) => (spec.securityContext.runAsNonRoot = false),
                "pod sets runAsNonRoot=false",
            ],
            [
                "runAsUser: 0",
                (spec) => (spec.containers[0].securityContext.runAsUser = 0),
                "container app runs as user 0",
            ],
            [
                "hostPorts",
                (spec) => (spec.containers[0].ports = [{ containerPort: 8080, hostPort: 80 }]),
                "container app uses hostPort 80",
            ],
            [
                "procMount_restricted",
                (spec) => (spec.containers[0].securityContext.procMount = "Unmasked"),
                "container app sets procMount Unmasked",
            ],
            [
                "seLinuxOptions: user",
                (spec) => (spec.containers[0].securityContext.seLinuxOptions = { user: "system_u" }),
                "container app sets seLinuxOptions",
            ],
            [
                "appArmorProfile: field",
                (spec) => (spec.containers[0].securityContext.appArmorProfile = { type: "Unconfined" }),
                "container app sets AppArmor profile Unconfined",
            ],
            [
                "appArmorProfile: annotation",
                (_spec, template) =>
                    (template.annotations = { "container.apparmor.security.beta.kubernetes.io/app": "unconfined" }),
                "pod sets AppArmor profile unconfined",
            ],
            [
                "sysctls",
                (spec) => (spec.securityContext.sysctls = [{ name: "kernel.msgmax", value: "65536" }]),
                "pod sets unsafe sysctls kernel.msgmax",
            ],
            [
                "windowsHostProcess",
                (spec) => (spec.containers[0].securityContext.windowsOptions = { hostProcess: true }),
                "container app runs as a Windows HostProcess",
            ],
            [
                "hostProbesAndHostLifecycle",
                (spec) => (spec.containers[0].livenessProbe = { httpGet: { path: "/", port: 80, host: "10.0.0.1" } }),
                "container app probes or hooks host 10.0.0.1",
            ],
        ];

        for (const [checkName, breakIt, fragment] of cases) {
            it(`Pod Security Standards restricted, check ${checkName}: flagged`, async () => {
                const spec = restrictedPodSpec();
                const target = deployment(spec);
                breakIt(inputs(target).spec.template.spec, inputs(target).spec.template.metadata);
                assertViolations(await check([target], "pod-security"), {
                    policy: "pod-security",
                    level: "mandatory",
                    names: [`Deployment shop/web: ${fragment}`],
                });
            });
        }

        it("Pod Security Standards restricted allows: NET_BIND_SERVICE, a pod-level Localhost seccomp profile, the restricted volume types, safe sysctls, container_t, RuntimeDefault AppArmor, and Windows pods without Linux-only fields", async () => {
            const allowed = restrictedPodSpec({
                securityContext: {
                    runAsNonRoot: true,
                    runAsUser: 1000,
                    seccompProfile: { type: "Localhost", localhostProfile: "profiles/app.json" },
                    sysctls: [{ name: "net.ipv4.ip_local_port_range", value: "1024 65535" }],
                    seLinuxOptions: { type: "container_t" },
                    appArmorProfile: { type: "RuntimeDefault" },
                },
                volumes: [
                    "configMap",
                    "csi",
                    "downwardAPI",
                    "emptyDir",
                    "ephemeral",
                    "persistentVolumeClaim",
                    "projected",
                    "secret",
                ].map((type) => ({ name: type.toLowerCase(), [type]: {} })),
                containers: [
                    restrictedContainer("app", {
                        ports: [{ containerPort: 80 }],
                        securityContext: {
                            allowPrivilegeEscalation: false,
                            readOnlyRootFilesystem: true,
                            capabilities: { drop: ["ALL"], add: ["NET_BIND_SERVICE"] },
                            procMount: "Default",
                        },
                    }),
                ],
            });
            const windows = restrictedPodSpec({
                os: { name: "windows" },
                securityContext: { runAsNonRoot: true },
                containers: [restrictedContainer("app", { securityContext: { readOnlyRootFilesystem: true } })],
            });
            assertClean(
                await check([deployment(allowed), { ...deployment(windows), urn: "urn:windows" }], "pod-security"),
            );
        });

        it("Kubernetes workload API: every pod-bearing kind is checked by the workload rules: Pod (spec), Deployment, ReplicaSet, StatefulSet, DaemonSet, ReplicationController, Job (spec.template), CronJob (spec.jobTemplate.spec.template)", async () => {
            const resourceRules = [
                "image-pinned",
                "allowed-registries",
                "container-resources",
                "pod-security",
                "read-only-root-filesystem",
                "container-probes",
                "zone-spread",
            ];
            const config = { "allowed-registries": { registries: ["ghcr.io/acme/"] } };
            for (const { kind } of KINDS) {
                const clean = [workload(kind, restrictedPodSpec())];
                for (const rule of resourceRules) assertClean(await check(clean, rule, config));
                const privileged = restrictedPodSpec();
                privileged.containers[0].securityContext.privileged = true;
                assertViolations(await check([workload(kind, privileged)], "pod-security"), {
                    policy: "pod-security",
                    level: "mandatory",
                    names: [`${kind} shop/web: container app is privileged`],
                });
                const latest = restrictedPodSpec();
                latest.containers[0].image = "ghcr.io/acme/web:latest";
                assertViolations(await check([workload(kind, latest)], "image-pinned"), {
                    policy: "image-pinned",
                    level: "mandatory",
                    names: [`${kind} shop/web: container app image "ghcr.io/acme/web:latest" is tagged latest`],
                });
            }
        });

        it("Kubernetes pod spec: every container list is read (containers, initContainers, ephemeralContainers); ephemeral containers, which the API forbids resources and probes, are not asked for them", async () => {
            const spec = restrictedPodSpec({
                ephemeralContainers: [
                    {
                        name: "debugger",
                        image: "docker.io/library/busybox:latest",
                        securityContext: { ...restrictedContainer().securityContext, readOnlyRootFilesystem: false },
                    },
                ],
            });
            const resources = [deployment(spec)];
            const config = { "allowed-registries": { registries: ["ghcr.io/acme/"] } };
            assertViolations(await check(resources, "image-pinned"), {
                policy: "image-pinned",
                level: "mandatory",
                names: ['container debugger image "docker.io/library/busybox:latest" is tagged latest'],
            });
            assertViolations(await check(resources, "allowed-registries", config), {
                policy: "allowed-registries",
                level: "mandatory",
                names: ["container debugger", "not from an allowed registry"],
            });
            assertViolations(await check(resources, "read-only-root-filesystem"), {
                policy: "read-only-root-filesystem",
                level: "advisory",
                names: ["container debugger has a writable root filesystem"],
            });
            assertClean(await check(resources, "container-resources"));
            assertClean(await check(resources, "container-probes"));
        });
    });

    describe("3. pdb-for-replicated counts the HPA maximum, refuses budgets that allow no eviction, reads matchExpressions", () => {
        const byService = { matchLabels: { "fedfleet.io/service": "web" } };

        it("Kubernetes HPA: a Deployment whose HorizontalPodAutoscaler can scale it to 2+ (maxReplicas) needs a PodDisruptionBudget, even from minReplicas 1", async () => {
            const { resources, deployment: target } = pdbStack({ hpa: { minReplicas: 1, maxReplicas: 4 } });
            assertViolations(await check(resources, "pdb-for-replicated"), {
                policy: "pdb-for-replicated",
                level: "mandatory",
                urn: target.urn,
                names: ["Deployment shop/web can be scaled to 4 replicas by its HorizontalPodAutoscaler"],
            });
            const covered = pdbStack({
                hpa: { minReplicas: 1, maxReplicas: 4 },
                pdbs: [{ maxUnavailable: 1, selector: byService }],
            });
            assertClean(await check(covered.resources, "pdb-for-replicated"));
        });

        it("Kubernetes disruption controller: maxUnavailable 0 (or 0%) leaves no disruption allowed, so node drains block", async () => {
            for (const maxUnavailable of [0, "0%"]) {
                const { resources, deployment: target } = pdbStack({
                    replicas: 3,
                    pdbs: [{ maxUnavailable, selector: byService }],
                });
                assertViolations(await check(resources, "pdb-for-replicated"), {
                    policy: "pdb-for-replicated",
                    level: "mandatory",
                    urn: target.urn,
                    names: [
                        "PodDisruptionBudget shop/web-0",
                        "allows no eviction of Deployment shop/web at 3 replicas",
                    ],
                });
            }
        });

        it("Kubernetes disruption controller: minAvailable equal to the replica count, 100%, or a percentage that rounds up to it allows no eviction; one below passes", async () => {
            for (const minAvailable of [3, "100%", "90%"]) {
                const { resources } = pdbStack({ replicas: 3, pdbs: [{ minAvailable, selector: byService }] });
                assertViolations(await check(resources, "pdb-for-replicated"), {
                    policy: "pdb-for-replicated",
                    level: "mandatory",
                    names: ["allows no eviction of Deployment shop/web at 3 replicas"],
                });
            }
            // With an HPA the floor is its minReplicas: minAvailable 2 blocks a Deployment scaled down to 2.
            const autoscaled = pdbStack({
                hpa: { minReplicas: 2, maxReplicas: 6 },
                pdbs: [{ minAvailable: 2, selector: byService }],
            });
            assertViolations(await check(autoscaled.resources, "pdb-for-replicated"), {
                policy: "pdb-for-replicated",
                level: "mandatory",
                names: ["allows no eviction of Deployment shop/web at 2 replicas"],
            });
            for (const minAvailable of [2, "50%"]) {
                const { resources } = pdbStack({ replicas: 3, pdbs: [{ minAvailable, selector: byService }] });
                assertClean(await check(resources, "pdb-for-replicated"));
            }
        });

        it("Kubernetes label selectors: a PDB selects the pods only if matchLabels AND every matchExpressions requirement (In, NotIn, Exists, DoesNotExist) match the pod template's labels", async () => {
            const missesPods = [
                {
                    matchLabels: { "fedfleet.io/service": "web" },
                    matchExpressions: [{ key: "fedfleet.io/cluster", operator: "In", values: ["gke-euw1"] }],
                },
                {
                    matchLabels: { "fedfleet.io/service": "web" },
                    matchExpressions: [{ key: "fedfleet.io/cluster", operator: "NotIn", values: ["aws-use1"] }],
                },
                {
                    matchLabels: { "fedfleet.io/service": "web" },
                    matchExpressions: [{ key: "canary", operator: "Exists" }],
                },
                {
                    matchLabels: { "fedfleet.io/service": "web" },
                    matchExpressions: [{ key: "fedfleet.io/cluster", operator: "DoesNotExist" }],
                },
            ];
            for (const selector of missesPods) {
                const { resources, deployment: target } = pdbStack({
                    replicas: 2,
                    pdbs: [{ maxUnavailable: 1, selector }],
                });
                assertViolations(await check(resources, "pdb-for-replicated"), {
                    policy: "pdb-for-replicated",
                    level: "mandatory",
                    urn: target.urn,
                    names: ["Deployment shop/web runs 2 or more replicas but no PodDisruptionBudget selects its pods"],
                });
            }
            const selects = [
                { matchExpressions: [{ key: "fedfleet.io/service", operator: "In", values: ["web", "api"] }] },
                { matchExpressions: [{ key: "fedfleet.io/cluster", operator: "Exists" }] },
                {
                    matchLabels: { "fedfleet.io/service": "web" },
                    matchExpressions: [
                        { key: "fedfleet.io/cluster", operator: "NotIn", values: ["gke-euw1"] },
                        { key: "canary", operator: "DoesNotExist" },
                    ],
                },
            ];
            for (const selector of selects) {
                const { resources } = pdbStack({ replicas: 2, pdbs: [{ maxUnavailable: 1, selector }] });
                assertClean(await check(resources, "pdb-for-replicated"));
            }
        });

        it("Kubernetes eviction API: a pod selected by more than one PodDisruptionBudget cannot be evicted at all", async () => {
            const { resources } = pdbStack({
                replicas: 2,
                pdbs: [
                    { maxUnavailable: 1, selector: byService },
                    { minAvailable: 1, selector: byService },
                ],
            });
            assertViolations(await check(resources, "pdb-for-replicated"), {
                policy: "pdb-for-replicated",
                level: "mandatory",
                names: ["Deployment shop/web is selected by 2 PodDisruptionBudgets (shop/web-0, shop/web-1)"],
            });
        });
    });

    describe("4. zone-spread requires a constraint that selects the workload's own pods", () => {
        it("Kubernetes topology spread: a zone constraint whose labelSelector matches none of the pod template's labels spreads nothing", async () => {
            const spec = restrictedPodSpec();
            spec.topologySpreadConstraints[0].labelSelector = { matchLabels: { "fedfleet.io/service": "api" } };
            assertViolations(await check([deployment(spec)], "zone-spread"), {
                policy: "zone-spread",
                level: "mandatory",
                names: ["Deployment shop/web does not spread pods across zones", "select none of its pods"],
            });
        });

        it("Kubernetes topology spread: a zone constraint without a labelSelector counts no pods (LabelSelectorAsSelector(nil) selects nothing)", async () => {
            const spec = restrictedPodSpec();
            delete spec.topologySpreadConstraints[0].labelSelector;
            assertViolations(await check([deployment(spec)], "zone-spread"), {
                policy: "zone-spread",
                level: "mandatory",
                names: ["Deployment shop/web does not spread pods across zones"],
            });
        });

        it("Kubernetes topology spread: a matchExpressions selector that matches the pods passes", async () => {
            const spec = restrictedPodSpec();
            spec.topologySpreadConstraints[0].labelSelector = {
                matchExpressions: [{ key: "fedfleet.io/service", operator: "In", values: ["web"] }],
            };
            assertClean(await check([deployment(spec)], "zone-spread"));
        });
    });

    describe("5. dns-health-checked covers every Route53 routing policy", () => {
        const record = (name: string, routing: Inputs) =>
            resource(AWS_TYPES.record, name, {
                name: `${name}.example.com`,
                type: "A",
                ttl: 30,
                records: ["192.0.2.1"],
                setIdentifier: `${name}-a`,
                ...routing,
            });

        it("AWS Route53: geoproximity, geolocation, multivalue answer and IP-based (CIDR) records without a health check are treated as always healthy; flagged", async () => {
            const unchecked = [
                record("geoproximity", { geoproximityRoutingPolicy: { awsRegion: "us-east-1", bias: 0 } }),
                record("geolocation", { geolocationRoutingPolicies: [{ continent: "EU" }] }),
                record("multivalue", { multivalueAnswerRoutingPolicy: true }),
                record("cidr", { cidrRoutingPolicy: { collectionId: "c", locationName: "office" } }),
            ];
            const violations = await check(unchecked, "dns-health-checked");
            assertViolations(violations, {
                policy: "dns-health-checked",
                level: "mandatory",
                count: 4,
                names: ["has no health check"],
            });
            for (const policy of ["geoproximity", "geolocation", "multivalue", "cidr"])
                assert.ok(
                    violations.some((v) => v.message.startsWith(`Route53 ${policy} record ${policy}.example.com`)),
                    policy,
                );
            const checked = unchecked.map((r) => ({ ...r, inputs: { ...r.inputs, healthCheckId: "hc-1" } }));
            assertClean(await check(checked, "dns-health-checked"));
            // A simple record is not routed: nothing to fail over from.
            assertClean(await check([record("simple", {})], "dns-health-checked"));
        });

        it("AWS Route53: the rule decides from the presence of healthCheckId, known before the health check exists, so a preview's unknown id passes instead of skipping the rule", async () => {
            const resources = await stackResources("prod");
            const checked = resources.filter((r) => r.type === AWS_TYPES.record && inputs(r).healthCheckId);
            assert.ok(checked.length > 0, "prod has health-checked records whose id the preview may not know");
            for (const r of checked) inputs(r).healthCheckId = UNKNOWN_MARK;
            assertClean(await check(resources, "dns-health-checked"));
        });
    });

    describe("6. image-pinned and allowed-registries parse image references (distribution/reference grammar)", () => {
        const withImage = (image: string) => {
            const spec = restrictedPodSpec();
            spec.containers[0].image = image;
            return deployment(spec);
        };

        it("distribution/reference: an image with two @ is malformed and flagged (it passed as a pinned digest)", async () => {
            const image = `ghcr.io/acme/web@${DIGEST}@${DIGEST}`;
            assertViolations(await check([withImage(image)], "image-pinned"), {
                policy: "image-pinned",
                level: "mandatory",
                names: [`container app image "${image}" is not a valid image reference`],
            });
        });

        it("OCI image-spec / go-digest: a digest is sha256: and 64 lowercase hex; a short or other digest beside a tag is malformed, not a pinned tag", async () => {
            for (const image of [
                "ghcr.io/acme/web:1.0@sha256:abc",
                `ghcr.io/acme/web:1.0@sha256:${"AB".repeat(32)}`,
                `ghcr.io/acme/web:1.0@md5:${"ab".repeat(16)}`,
                "ghcr.io/acme/web:",
                "ghcr.io/Acme/web:1.0",
            ]) {
                assertViolations(await check([withImage(image)], "image-pinned"), {
                    policy: "image-pinned",
                    level: "mandatory",
                    names: [`"${image}" is not a valid image reference`],
                });
            }
            assertClean(await check([withImage(`ghcr.io/acme/web:1.0@${DIGEST}`)], "image-pinned"));
        });

        it("distribution/reference: a registry port is not a tag (registry:5000/repo has none, registry:5000/repo:1.2 has one)", async () => {
            const violations = await check(
                [
                    { ...withImage("registry:5000/repo"), urn: "urn:a" },
                    { ...withImage("localhost:5000/web"), urn: "urn:b" },
                    { ...withImage("registry:5000/repo:1.2"), urn: "urn:c" },
                    { ...withImage("[2001:db8::1]:5000/repo:1.2"), urn: "urn:d" },
                ],
                "image-pinned",
            );
            assertViolations(violations, {
                policy: "image-pinned",
                level: "mandatory",
                count: 2,
                names: ["has no tag"],
            });
            assert.deepEqual(violations.map((v) => v.urn).sort(), ["urn:a", "urn:b"]);
        });

        it("allowed-registries compares the parsed registry and path component by component: ghcr.io/acme admits ghcr.io/acme/web, not ghcr.io/acme-evil/web nor a malformed ghcr.io/acme/../evil/web", async () => {
            for (const registries of [["ghcr.io/acme"], ["ghcr.io/acme/"]]) {
                const config = { "allowed-registries": { registries } };
                assertClean(await check([withImage("ghcr.io/acme/web:1.0")], "allowed-registries", config));
                for (const image of [
                    "ghcr.io/acme-evil/web:1.0",
                    "ghcr.io/acme/../evil/web:1.0",
                    "ghcr.io/acmeweb:1.0",
                ]) {
                    assertViolations(await check([withImage(image)], "allowed-registries", config), {
                        policy: "allowed-registries",
                        level: "mandatory",
                        names: [`"${image}" is not from an allowed registry`],
                    });
                }
            }
        });

        it("distribution/reference normalization: Docker Hub short names are docker.io/library/..., so they match a docker.io prefix and no other", async () => {
            const config = { "allowed-registries": { registries: ["docker.io/library/"] } };
            assertClean(await check([withImage("nginx:1.27")], "allowed-registries", config));
            assertViolations(
                await check([withImage("nginx:1.27")], "allowed-registries", {
                    "allowed-registries": { registries: ["ghcr.io/acme/"] },
                }),
                {
                    policy: "allowed-registries",
                    level: "mandatory",
                    names: ['"nginx:1.27" is not from an allowed registry'],
                },
            );
        });
    });
});
