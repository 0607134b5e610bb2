// Workload rules: each has a passing case (real stacks where possible) and a violating one.
import assert from "node:assert/strict";
import { KUBERNETES_TYPES } from "../../../src/plan/core/type-tokens";
import {
    assertClean,
    assertViolations,
    check,
    deploymentInputs,
    find,
    firstContainer,
    packConfig,
    resource,
    stackResources,
} from "./support";
import type { LooseInputs as Inputs } from "../../../src/preview/harness/recording-monitor";

const inputs = (r: { inputs: Record<string, unknown> }) => r.inputs as Inputs;
const DIGEST = "sha256:" + "ab".repeat(32);

describe("policy: workload rules", function () {
    this.timeout(120_000);

    describe("image-pinned", () => {
        it("passes the real dev stack (tags) and the real prod stack with requireDigest (digests)", async () => {
            assertClean(await check(await stackResources("dev"), "image-pinned", packConfig("dev")));
            assertClean(await check(await stackResources("prod"), "image-pinned", packConfig("prod")));
        });

        it("flags an image tagged :latest, naming workload, container and image", async () => {
            const resources = await stackResources("dev");
            const deployment = find(resources, KUBERNETES_TYPES.deployment, "shop/storefront@aws-use1");
            firstContainer(deployment).image = "ghcr.io/acme/storefront:latest";
            assertViolations(await check(resources, "image-pinned"), {
                policy: "image-pinned",
                level: "mandatory",
                urn: deployment.urn,
                names: [
                    "Deployment shop/storefront: container web",
                    '"ghcr.io/acme/storefront:latest" is tagged latest',
                ],
            });
        });

        it("flags an untagged image but not a registry port, and accepts a bare digest", async () => {
            const violations = await check(
                [
                    resource(
                        KUBERNETES_TYPES.deployment,
                        "untagged",
                        deploymentInputs({ image: "registry.local:5000/acme/web" }, { name: "untagged" }),
                    ),
                    resource(
                        KUBERNETES_TYPES.deployment,
                        "digest-only",
                        deploymentInputs({ image: `ghcr.io/acme/web@${DIGEST}` }, { name: "digest-only" }),
                    ),
                    resource(
                        KUBERNETES_TYPES.deployment,
                        "ported",
                        deploymentInputs({ image: "registry.local:5000/acme/web:1.2" }, { name: "ported" }),
                    ),
                ],
                "image-pinned",
            );
            assertViolations(violations, {
                policy: "image-pinned",
                level: "mandatory",
                names: ["shop/untagged", '"registry.local:5000/acme/web" has no tag'],
            });
        });

        it("config requireDigest: flags dev's tag-only images, naming them; false leaves them alone", async () => {
            const resources = await stackResources("dev");
            assertClean(await check(resources, "image-pinned", { "image-pinned": { requireDigest: false } }));
            const violations = await check(resources, "image-pinned", { "image-pinned": { requireDigest: true } });
            assertViolations(violations, {
                policy: "image-pinned",
                level: "mandatory",
                count: 4,
                names: ["has no sha256 digest, which this environment requires"],
            });
            assert.ok(violations.some((v) => v.message.includes('"ghcr.io/acme/checkout:2.3.0"')));
        });
    });

    describe("allowed-registries", () => {
        it("passes the real dev stack with ghcr.io/acme/ (dev's pack config), and is not applicable with no registries", async () => {
            const resources = await stackResources("dev");
            assertClean(await check(resources, "allowed-registries", packConfig("dev")));
            assertClean(await check(resources, "allowed-registries", {}));
        });

        it("flags an image from docker.io, naming workload and image", async () => {
            const resources = await stackResources("dev");
            const deployment = find(resources, KUBERNETES_TYPES.deployment, "shop/checkout@gke-euw1");
            firstContainer(deployment).image = "docker.io/library/nginx:1.27";
            // dev's config makes it advisory ("all": "advisory"); the rule's own default is mandatory.
            assertViolations(await check(resources, "allowed-registries", packConfig("dev")), {
                policy: "allowed-registries",
                level: "advisory",
                urn: deployment.urn,
                names: [
                    "Deployment shop/checkout: container api",
                    '"docker.io/library/nginx:1.27" is not from an allowed registry (ghcr.io/acme/)',
                ],
            });
            assertViolations(
                await check(resources, "allowed-registries", {
                    "allowed-registries": { registries: ["ghcr.io/acme/"] },
                }),
                {
                    policy: "allowed-registries",
                    level: "mandatory",
                    urn: deployment.urn,
                    names: [
                        "Deployment shop/checkout: container api",
                        '"docker.io/library/nginx:1.27" is not from an allowed registry (ghcr.io/acme/)',
                    ],
                },
            );
        });

        it("config registries: a list without ghcr.io/acme/ flags every image of dev", async () => {
            const violations = await check(await stackResources("dev"), "allowed-registries", {
                "allowed-registries": { registries: ["registry.acme.internal/"] },
            });
            assertViolations(violations, {
                policy: "allowed-registries",
                level: "mandatory",
                count: 4,
                names: ["not from an allowed registry (registry.acme.internal/)"],
            });
        });
    });

    describe("container-resources", () => {
        it("passes the real dev stack", async () => {
            assertClean(await check(await stackResources("dev"), "container-resources"));
        });

        it("flags a container without a memory limit, naming it and the missing field", async () => {
            const resources = await stackResources("dev");
            const deployment = find(resources, KUBERNETES_TYPES.deployment, "shop/checkout@aws-use1");
            delete firstContainer(deployment).resources.limits.memory;
            assertViolations(await check(resources, "container-resources"), {
                policy: "container-resources",
                level: "mandatory",
                urn: deployment.urn,
                names: ["Deployment shop/checkout: container api sets no limits.memory"],
            });
        });

        it("flags an init container without resources", async () => {
            const inputs = deploymentInputs();
            (inputs as Inputs).spec.template.spec.initContainers = [
                { name: "migrate", image: "ghcr.io/acme/migrate:1.0" },
            ];
            assertViolations(
                await check([resource(KUBERNETES_TYPES.deployment, "web", inputs)], "container-resources"),
                {
                    policy: "container-resources",
                    level: "mandatory",
                    names: ["container migrate sets no requests.cpu, requests.memory, limits.cpu, limits.memory"],
                },
            );
        });
    });

    describe("pod-security", () => {
        it("passes the real prod stack", async () => {
            assertClean(await check(await stackResources("prod"), "pod-security", packConfig("prod")));
        });

        it("flags a privileged container that allows escalation, naming it", async () => {
            const resources = await stackResources("dev");
            const deployment = find(resources, KUBERNETES_TYPES.deployment, "shop/storefront@gke-euw1");
            Object.assign(firstContainer(deployment).securityContext, {
                privileged: true,
                allowPrivilegeEscalation: true,
            });
            assertViolations(await check(resources, "pod-security"), {
                policy: "pod-security",
                level: "mandatory",
                urn: deployment.urn,
                names: ["Deployment shop/storefront: container web is privileged, allows privilege escalation"],
            });
        });

        it("accepts runAsNonRoot from the pod, and flags a container that overrides it to false", async () => {
            // The pod also carries the seccomp profile, which restricted accepts from either level.
            const podContext = { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } };
            const podLevel = deploymentInputs(
                { securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } } },
                { podSpec: { securityContext: podContext } },
            );
            assertClean(await check([resource(KUBERNETES_TYPES.deployment, "web", podLevel)], "pod-security"));
            const overridden = deploymentInputs(
                {
                    securityContext: {
                        runAsNonRoot: false,
                        allowPrivilegeEscalation: false,
                        capabilities: { drop: ["ALL"] },
                    },
                },
                { name: "rooted", podSpec: { securityContext: podContext } },
            );
            assertViolations(
                await check([resource(KUBERNETES_TYPES.deployment, "rooted", overridden)], "pod-security"),
                {
                    policy: "pod-security",
                    level: "mandatory",
                    names: ["Deployment shop/rooted: container app may run as root"],
                },
            );
        });
    });

    describe("read-only-root-filesystem", () => {
        it("passes the real dev stack", async () => {
            assertClean(await check(await stackResources("dev"), "read-only-root-filesystem"));
        });

        it("flags a writable root filesystem as advisory by default, naming the container", async () => {
            const resources = await stackResources("dev");
            const deployment = find(resources, KUBERNETES_TYPES.deployment, "shop/checkout@aws-use1");
            firstContainer(deployment).securityContext.readOnlyRootFilesystem = false;
            assertViolations(await check(resources, "read-only-root-filesystem"), {
                policy: "read-only-root-filesystem",
                level: "advisory",
                urn: deployment.urn,
                names: ["Deployment shop/checkout: container api has a writable root filesystem"],
            });
            // Every environment makes it mandatory: fedfleet always sets it, with a writable /tmp.
            for (const stack of ["dev", "staging", "prod"])
                assertViolations(await check(resources, "read-only-root-filesystem", packConfig(stack)), {
                    policy: "read-only-root-filesystem",
                    level: "mandatory",
                    names: ["container api"],
                });
        });
    });

    describe("container-probes", () => {
        it("passes the real dev stack, and does not ask init containers for probes", async () => {
            assertClean(await check(await stackResources("dev"), "container-probes"));
            const inputs = deploymentInputs();
            (inputs as Inputs).spec.template.spec.initContainers = [
                { name: "migrate", image: "ghcr.io/acme/migrate:1.0" },
            ];
            assertClean(await check([resource(KUBERNETES_TYPES.deployment, "web", inputs)], "container-probes"));
        });

        it("flags a container without a readiness probe, naming it", async () => {
            const resources = await stackResources("dev");
            const deployment = find(resources, KUBERNETES_TYPES.deployment, "shop/storefront@aws-use1");
            delete firstContainer(deployment).readinessProbe;
            assertViolations(await check(resources, "container-probes"), {
                policy: "container-probes",
                level: "mandatory",
                urn: deployment.urn,
                names: ["Deployment shop/storefront: container web has no readinessProbe"],
            });
        });
    });

    describe("zone-spread", () => {
        it("passes the real dev stack, a single replica and a DaemonSet without constraints", async () => {
            assertClean(await check(await stackResources("dev"), "zone-spread"));
            const single = deploymentInputs({}, { replicas: 1, podSpec: { topologySpreadConstraints: [] } });
            const daemon = deploymentInputs({}, { kind: "DaemonSet", podSpec: { topologySpreadConstraints: [] } });
            assertClean(
                await check(
                    [
                        resource(KUBERNETES_TYPES.deployment, "single", single),
                        resource(KUBERNETES_TYPES.daemonSet, "daemon", daemon),
                    ],
                    "zone-spread",
                ),
            );
        });

        it("flags a replicated Deployment without zone constraints, naming it", async () => {
            const resources = await stackResources("dev");
            const deployment = find(resources, KUBERNETES_TYPES.deployment, "shop/storefront@gke-euw1");
            inputs(deployment).spec.template.spec.topologySpreadConstraints = [
                { topologyKey: "kubernetes.io/hostname", maxSkew: 1 },
            ];
            assertViolations(await check(resources, "zone-spread"), {
                policy: "zone-spread",
                level: "mandatory",
                urn: deployment.urn,
                names: ["Deployment shop/storefront does not spread pods across zones"],
            });
        });
    });

    describe("pdb-for-replicated", () => {
        it("passes the real dev stack (a single-replica Deployment needs none) and the autoscaled prod stack", async () => {
            assertClean(await check(await stackResources("dev"), "pdb-for-replicated"));
            assertClean(await check(await stackResources("prod"), "pdb-for-replicated"));
        });

        it("flags a replicated Deployment whose PDB is removed, naming it", async () => {
            const all = await stackResources("dev");
            const pdb = find(all, KUBERNETES_TYPES.pdb, "shop/storefront@gke-euw1");
            const resources = all.filter((r) => r !== pdb);
            const deployment = find(resources, KUBERNETES_TYPES.deployment, "shop/storefront@gke-euw1");
            assertViolations(await check(resources, "pdb-for-replicated"), {
                policy: "pdb-for-replicated",
                level: "mandatory",
                urn: deployment.urn,
                names: ["Deployment shop/storefront runs 2 or more replicas but no PodDisruptionBudget"],
            });
        });

        it("counts an HPA's minReplicas, and does not accept a PDB of another cluster", async () => {
            const providerA = resource(KUBERNETES_TYPES.provider, "k8s-a", {});
            const providerB = resource(KUBERNETES_TYPES.provider, "k8s-b", {});
            const deployment = resource(
                KUBERNETES_TYPES.deployment,
                "web@a",
                { ...deploymentInputs(), spec: { ...(deploymentInputs() as Inputs).spec, replicas: undefined } },
                { provider: providerA.urn },
            );
            const hpa = resource(
                KUBERNETES_TYPES.hpa,
                "web@a",
                {
                    metadata: { name: "web", namespace: "shop" },
                    spec: { minReplicas: 3, scaleTargetRef: { kind: "Deployment", name: "web" } },
                },
                { provider: providerA.urn },
            );
            const pdbElsewhere = resource(
                KUBERNETES_TYPES.pdb,
                "web@b",
                {
                    metadata: { name: "web", namespace: "shop" },
                    spec: { selector: { matchLabels: { "fedfleet.io/service": "web" } } },
                },
                { provider: providerB.urn },
            );
            assertViolations(await check([providerA, providerB, deployment, hpa, pdbElsewhere], "pdb-for-replicated"), {
                policy: "pdb-for-replicated",
                level: "mandatory",
                urn: deployment.urn,
                names: ["Deployment shop/web runs 3 or more replicas"],
            });
            const pdbHere = { ...pdbElsewhere, urn: pdbElsewhere.urn + "-a", provider: providerA.urn };
            assertClean(await check([providerA, providerB, deployment, hpa, pdbHere], "pdb-for-replicated"));
        });
    });
});
