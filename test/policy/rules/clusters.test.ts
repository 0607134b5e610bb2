// Cluster rules: each has a passing case (real stacks where possible) and a violating one.
import assert from "node:assert/strict";
import { TYPES } from "../../../policy/rules/support";
import { runPolicies } from "../../../src/preview/policy/run-pack";
import { AWS_CLUSTER, GCP_CLUSTER, planStack, planYaml, stackYaml } from "../../support/plan";
import {
    assertClean,
    assertViolations,
    check,
    find,
    packConfig,
    RecordedResource,
    resource,
    rule,
    stackResources,
} from "./support";
import type { LooseInputs as Inputs } from "../../../src/preview/harness/recording-monitor";

const inputs = (r: { inputs: Record<string, unknown> }) => r.inputs as Inputs;

describe("policy: cluster rules", function () {
    this.timeout(120_000);

    describe("cluster-secrets-encryption", () => {
        it("passes the real dev stack (EKS encryptionConfig, GKE databaseEncryption)", async () => {
            assertClean(await check(await stackResources("dev"), "cluster-secrets-encryption"));
        });

        it("flags an EKS cluster without encryptionConfig, naming it", async () => {
            const resources = await stackResources("dev");
            const eks = find(resources, TYPES.eksCluster);
            delete inputs(eks).encryptionConfig;
            assertViolations(await check(resources, "cluster-secrets-encryption"), {
                policy: "cluster-secrets-encryption",
                level: "mandatory",
                urn: eks.urn,
                names: ["EKS cluster aws-use1-eks does not encrypt secrets"],
            });
        });

        it("flags a GKE cluster whose databaseEncryption is DECRYPTED, naming it", async () => {
            const resources = await stackResources("dev");
            const gke = find(resources, TYPES.gkeCluster);
            inputs(gke).databaseEncryption = { state: "DECRYPTED" };
            assertViolations(await check(resources, "cluster-secrets-encryption"), {
                policy: "cluster-secrets-encryption",
                level: "mandatory",
                urn: gke.urn,
                names: ["GKE cluster gke-euw1-gke"],
            });
        });
    });

    describe("cluster-endpoint-restricted", () => {
        it("passes the real dev stack, and with allowedCidrs that include the stack's and its deployer's CIDRs", async () => {
            const resources = await stackResources("dev");
            assertClean(await check(resources, "cluster-endpoint-restricted"));
            assertClean(
                await check(resources, "cluster-endpoint-restricted", {
                    "cluster-endpoint-restricted": { allowedCidrs: ["198.51.100.0/24", "192.0.2.0/28"] },
                }),
            );
        });

        it("passes an EKS cluster with the public endpoint off and a GKE cluster with a private endpoint", async () => {
            const resources = [
                resource(TYPES.eksCluster, "private-eks", { vpcConfig: { endpointPublicAccess: false } }),
                resource(TYPES.gkeCluster, "private-gke", { privateClusterConfig: { enablePrivateEndpoint: true } }),
            ];
            assertClean(await check(resources, "cluster-endpoint-restricted"));
        });

        it("flags an EKS cluster open to 0.0.0.0/0, naming the cluster and the CIDR", async () => {
            const resources = await stackResources("dev");
            const eks = find(resources, TYPES.eksCluster);
            inputs(eks).vpcConfig.publicAccessCidrs = ["0.0.0.0/0"];
            assertViolations(await check(resources, "cluster-endpoint-restricted"), {
                policy: "cluster-endpoint-restricted",
                level: "mandatory",
                urn: eks.urn,
                names: ["EKS cluster aws-use1-eks", "0.0.0.0/0"],
            });
        });

        it("flags an EKS cluster with a public endpoint and no CIDRs (AWS opens it to the world)", async () => {
            const resources = [resource(TYPES.eksCluster, "default-eks", { vpcConfig: { subnetIds: ["subnet-1"] } })];
            assertViolations(await check(resources, "cluster-endpoint-restricted"), {
                policy: "cluster-endpoint-restricted",
                level: "mandatory",
                names: ["EKS cluster default-eks", "0.0.0.0/0"],
            });
        });

        it("flags a GKE cluster with no authorized networks", async () => {
            const resources = await stackResources("dev");
            const gke = find(resources, TYPES.gkeCluster);
            delete inputs(gke).masterAuthorizedNetworksConfig;
            assertViolations(await check(resources, "cluster-endpoint-restricted"), {
                policy: "cluster-endpoint-restricted",
                level: "mandatory",
                urn: gke.urn,
                names: ["GKE cluster gke-euw1-gke", "0.0.0.0/0"],
            });
        });

        it("config allowedCidrs: flags both clusters' CIDRs that are not allowed, naming them", async () => {
            const violations = await check(await stackResources("dev"), "cluster-endpoint-restricted", {
                "cluster-endpoint-restricted": { allowedCidrs: ["203.0.113.0/24"] },
            });
            assertViolations(violations, {
                policy: "cluster-endpoint-restricted",
                level: "mandatory",
                count: 2,
                names: ["198.51.100.0/24", "not among the allowed CIDRs"],
            });
            assert.deepEqual(violations.map((v) => v.message.split(" ").slice(0, 3).join(" ")).sort(), [
                "EKS cluster aws-use1-eks",
                "GKE cluster gke-euw1-gke",
            ]);
        });
    });

    describe("kubernetes-version-supported", () => {
        it("passes the real prod stack with prod's pack config (minimum 1.32)", async () => {
            assertClean(await check(await stackResources("prod"), "kubernetes-version-supported", packConfig("prod")));
        });

        it("flags an EKS cluster below the default minimum 1.31, naming cluster and version", async () => {
            const resources = await stackResources("dev");
            const eks = find(resources, TYPES.eksCluster);
            inputs(eks).version = "1.29";
            assertViolations(await check(resources, "kubernetes-version-supported"), {
                policy: "kubernetes-version-supported",
                level: "mandatory",
                urn: eks.urn,
                names: ["EKS cluster aws-use1-eks runs Kubernetes 1.29", "minimum 1.31"],
            });
        });

        it("flags an EKS cluster without a version and a GKE cluster on no release channel", async () => {
            const resources = [
                resource(TYPES.eksCluster, "unpinned", {}),
                resource(TYPES.gkeCluster, "unchannelled", { releaseChannel: { channel: "UNSPECIFIED" } }),
            ];
            const violations = await check(resources, "kubernetes-version-supported");
            assert.equal(violations.length, 2);
            assert.ok(
                violations.some((v) => v.message.includes("EKS cluster unpinned does not pin a Kubernetes version")),
            );
            assert.ok(violations.some((v) => v.message.includes("GKE cluster unchannelled is on no release channel")));
            assert.ok(violations.every((v) => v.policy === "kubernetes-version-supported" && v.level === "mandatory"));
        });

        it("config minimumVersion: 1.36 flags the 1.35 EKS clusters of prod, and a GKE floor below it; 1.35 passes", async () => {
            const resources = await stackResources("prod");
            assertClean(
                await check(resources, "kubernetes-version-supported", {
                    "kubernetes-version-supported": { minimumVersion: "1.35" },
                }),
            );
            // Prod's GKE clusters follow their channel with no floor; give one an old floor.
            inputs(find(resources, TYPES.gkeCluster, "gke-usc1-gke")).minMasterVersion = "1.34";
            const violations = await check(resources, "kubernetes-version-supported", {
                "kubernetes-version-supported": { minimumVersion: "1.36" },
            });
            assertViolations(violations, {
                policy: "kubernetes-version-supported",
                level: "mandatory",
                count: 3,
                names: ["below the supported minimum 1.36"],
            });
            assert.ok(violations.some((v) => v.message.includes("asks for Kubernetes 1.34")));
            assert.ok(violations.some((v) => v.message.startsWith("EKS cluster aws-euw1-eks runs Kubernetes 1.35")));
        });
    });

    describe("eks-control-plane-logging", () => {
        it("passes the real dev stack (api, audit, authenticator by default)", async () => {
            assertClean(await check(await stackResources("dev"), "eks-control-plane-logging"));
        });

        it("flags an EKS cluster that does not log audit, naming cluster and log type", async () => {
            const resources = await stackResources("dev");
            const eks = find(resources, TYPES.eksCluster);
            inputs(eks).enabledClusterLogTypes = ["api", "authenticator"];
            assertViolations(await check(resources, "eks-control-plane-logging"), {
                policy: "eks-control-plane-logging",
                level: "mandatory",
                urn: eks.urn,
                names: ["EKS cluster aws-use1-eks does not log audit"],
            });
        });

        it("config requiredLogTypes: scheduler is flagged on dev, and passes on prod which logs it", async () => {
            const config = { "eks-control-plane-logging": { requiredLogTypes: ["api", "audit", "scheduler"] } };
            assertViolations(await check(await stackResources("dev"), "eks-control-plane-logging", config), {
                policy: "eks-control-plane-logging",
                level: "mandatory",
                names: ["EKS cluster aws-use1-eks does not log scheduler"],
            });
            assertClean(await check(await stackResources("prod"), "eks-control-plane-logging", config));
        });
    });

    describe("cluster-workload-identity", () => {
        it("passes a freshly planned AWS + GCP stack (OIDC provider beside EKS, workload pool on GKE)", async () => {
            const run = await planYaml(stackYaml(AWS_CLUSTER + GCP_CLUSTER));
            assertClean(await check(run.resources, "cluster-workload-identity"));
        });

        it("flags an EKS cluster whose OIDC provider is dropped, naming it", async () => {
            const resources = (await stackResources("dev")).filter((r) => r.type !== TYPES.oidcProvider);
            const eks = find(resources, TYPES.eksCluster);
            assertViolations(await check(resources, "cluster-workload-identity"), {
                policy: "cluster-workload-identity",
                level: "mandatory",
                urn: eks.urn,
                names: ["EKS cluster aws-use1-eks has no IAM OIDC provider"],
            });
        });

        it("flags a GKE cluster without a workload pool, naming it", async () => {
            const resources = await stackResources("dev");
            const gke = find(resources, TYPES.gkeCluster);
            delete inputs(gke).workloadIdentityConfig;
            assertViolations(await check(resources, "cluster-workload-identity"), {
                policy: "cluster-workload-identity",
                level: "mandatory",
                urn: gke.urn,
                names: ["GKE cluster gke-euw1-gke has no Workload Identity pool"],
            });
        });
    });

    describe("node-pools-multi-zone", () => {
        it("passes the real dev stack, and with minZones 3", async () => {
            const resources = await stackResources("dev");
            assertClean(await check(resources, "node-pools-multi-zone"));
            assertClean(await check(resources, "node-pools-multi-zone", { "node-pools-multi-zone": { minZones: 3 } }));
        });

        // Zones come from the subnets subnetIds names, resolved by id as the engine's outputs carry it.
        const withIds = async (resources: RecordedResource[], config = {}) =>
            runPolicies(resources, rule("node-pools-multi-zone"), config, undefined, {
                ids: (await planStack("dev")).resourceIds,
            });

        it("flags an EKS node group whose subnets are all in one zone, naming it", async () => {
            const resources = await stackResources("dev");
            const group = find(resources, TYPES.eksNodeGroup);
            inputs(group).subnetIds = inputs(group).subnetIds.slice(0, 1);
            assertViolations(await withIds(resources), {
                policy: "node-pools-multi-zone",
                level: "mandatory",
                urn: group.urn,
                names: ["EKS node group aws-use1-general spans 1 zone(s)", "at least 2"],
            });
        });

        it("flags a zonal GKE node pool (one zone by location), naming it", async () => {
            const resources = [resource(TYPES.gkeNodePool, "zonal-pool", { location: "europe-west1-b" })];
            assertViolations(await check(resources, "node-pools-multi-zone"), {
                policy: "node-pools-multi-zone",
                level: "mandatory",
                names: ["GKE node pool zonal-pool spans 1 zone(s)"],
            });
        });

        it("config minZones 4: flags both of dev's three-zone pools", async () => {
            const violations = await withIds(await stackResources("dev"), {
                "node-pools-multi-zone": { minZones: 4 },
            });
            assertViolations(violations, {
                policy: "node-pools-multi-zone",
                level: "mandatory",
                count: 2,
                names: ["spans 3 zone(s); at least 4 are required"],
            });
            assert.ok(violations.some((v) => v.message.includes("EKS node group aws-use1-general")));
            assert.ok(violations.some((v) => v.message.includes("GKE node pool gke-euw1-general")));
        });
    });

    describe("protect-stateful-resources", () => {
        it("passes the real prod stack with required: true (prod's pack config)", async () => {
            assertClean(await check(await stackResources("prod"), "protect-stateful-resources", packConfig("prod")));
        });

        it("flags an unprotected EKS cluster in prod, naming it", async () => {
            const resources = await stackResources("prod");
            const eks = find(resources, TYPES.eksCluster, "aws-use1-eks");
            eks.protect = false;
            assertViolations(await check(resources, "protect-stateful-resources", packConfig("prod")), {
                policy: "protect-stateful-resources",
                level: "mandatory",
                urn: eks.urn,
                names: ["Cluster aws-use1-eks holds state but is not protected"],
            });
        });

        it("config required false (or unset) leaves the unprotected dev stack alone; required true flags every stateful resource", async () => {
            const resources = await stackResources("dev");
            assertClean(
                await check(resources, "protect-stateful-resources", {
                    "protect-stateful-resources": { required: false },
                }),
            );
            assertClean(await check(resources, "protect-stateful-resources"));
            const violations = await check(resources, "protect-stateful-resources", {
                "protect-stateful-resources": { required: true },
            });
            // dev: EKS cluster, KMS key; GKE cluster, node pool, key ring, crypto key (EKS node
            // groups are replaced create-before-delete instead: docs/day-2.md).
            assertViolations(violations, {
                policy: "protect-stateful-resources",
                level: "mandatory",
                count: 6,
                names: ["holds state but is not protected"],
            });
            assert.ok(violations.some((v) => v.message.startsWith("KeyRing gke-euw1-keys")));
        });
    });
});
