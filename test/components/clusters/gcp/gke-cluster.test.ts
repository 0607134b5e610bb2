import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ProgramRun, runProgram } from "../../../../src/preview/harness/run-program";
import { ancestors, GCP_CLUSTER, ofType, one, planYaml, stackYaml } from "../../../support/plan";
import { NODE_SERVICE_ACCOUNT_ROLES } from "../../../../src/plan/clusters/gcp/node-service-account";
import { nonEmpty } from "../../../support/non-empty";

const COMPONENT = "urn:pulumi:test::fedfleet::fedfleet:cluster:GkeCluster::gke-euw1";
const GCP_PROVIDER = "urn:pulumi:test::fedfleet::fedfleet:cluster:GkeCluster$pulumi:providers:gcp::gke-euw1-gcp";

describe("GkeCluster", () => {
    let run: ProgramRun;
    before(async () => {
        run = await planYaml(stackYaml(GCP_CLUSTER));
    });

    it("is a component whose every child descends from it and uses the cluster's own Google provider", () => {
        // The project's APIs are enabled once per project, outside any one cluster.
        const ownResources = run.resources.filter(
            (r) => r.urn !== COMPONENT && !r.urn.includes("fedfleet:gcp:ProjectServices"),
        );
        for (const child of nonEmpty(ownResources, "resource of the cluster")) {
            assert.ok(ancestors(run, child).includes(COMPONENT), child.urn);
            assert.ok(child.name.startsWith("gke-euw1-"), child.name);
            if (child.type.startsWith("gcp:")) assert.equal(child.provider, GCP_PROVIDER, child.urn);
        }
        nonEmpty(
            ownResources.filter((child) => child.type.startsWith("gcp:")),
            "Google Cloud resource under the cluster, to check its provider",
        );
        const provider = run.resources.find((r) => r.urn === GCP_PROVIDER)!;
        assert.equal(provider.inputs.project, "acme-fleet-test");
        assert.equal(provider.inputs.region, "europe-west1");
    });

    it("builds a VPC-native network with secondary ranges for pods and services", () => {
        assert.equal(one(run, "gcp:compute/network:Network").inputs.autoCreateSubnetworks, false);
        const subnet = one(run, "gcp:compute/subnetwork:Subnetwork");
        assert.equal(subnet.inputs.ipCidrRange, "10.10.0.0/20");
        assert.deepEqual(subnet.inputs.secondaryIpRanges, [
            { ipCidrRange: "10.20.0.0/14", rangeName: "pods" },
            { ipCidrRange: "10.24.0.0/20", rangeName: "services" },
        ]);
        const cluster = one(run, "gcp:container/cluster:Cluster");
        assert.equal(cluster.inputs.networkingMode, "VPC_NATIVE");
        assert.deepEqual(cluster.inputs.ipAllocationPolicy, {
            clusterSecondaryRangeName: "pods",
            servicesSecondaryRangeName: "services",
        });
        one(run, "gcp:compute/routerNat:RouterNat");
    });

    it("is regional, on a release channel, with the default node pool removed", () => {
        const cluster = one(run, "gcp:container/cluster:Cluster");
        assert.equal(cluster.inputs.location, "europe-west1");
        assert.deepEqual(cluster.inputs.releaseChannel, { channel: "REGULAR" });
        assert.equal(cluster.inputs.removeDefaultNodePool, true);
        assert.deepEqual(cluster.inputs.nodeLocations, ["europe-west1-b", "europe-west1-c", "europe-west1-d"]);
    });

    it("has private nodes, master authorized networks, Workload Identity, shielded nodes and KMS secrets encryption", () => {
        const cluster = one(run, "gcp:container/cluster:Cluster");
        const privateConfig = cluster.inputs.privateClusterConfig as Record<string, unknown>;
        assert.equal(privateConfig.enablePrivateNodes, true);
        assert.equal(privateConfig.enablePrivateEndpoint, false);
        assert.deepEqual(cluster.inputs.masterAuthorizedNetworksConfig, {
            cidrBlocks: [{ cidrBlock: "198.51.100.0/24", displayName: "198.51.100.0/24" }],
            gcpPublicCidrsAccessEnabled: false,
        });
        assert.deepEqual(cluster.inputs.workloadIdentityConfig, { workloadPool: "acme-fleet-test.svc.id.goog" });
        assert.equal(cluster.inputs.enableShieldedNodes, true);
        const key = one(run, "gcp:kms/cryptoKey:CryptoKey");
        const ring = one(run, "gcp:kms/keyRing:KeyRing");
        assert.deepEqual(cluster.inputs.databaseEncryption, {
            keyName: `projects/acme-fleet-test/locations/europe-west1/keyRings/${ring.inputs.name}/cryptoKeys/gke-euw1-secrets`,
            state: "ENCRYPTED",
        });
        assert.ok(key.inputs.rotationPeriod);
        const grant = one(run, "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember");
        assert.match(
            String(grant.inputs.member),
            /^serviceAccount:service-\d{12}@container-engine-robot\.iam\.gserviceaccount\.com$/,
        );
        assert.ok(cluster.dependencies.includes(grant.urn), "the cluster waits for the GKE agent's key access");
    });

    it("makes the control plane private-only when no authorized CIDR is configured", async () => {
        const privateOnly = await planYaml(
            stackYaml(GCP_CLUSTER.replace("      authorizedCidrs: [198.51.100.0/24]\n", "")),
        );
        const cluster = one(privateOnly, "gcp:container/cluster:Cluster");
        assert.equal((cluster.inputs.privateClusterConfig as Record<string, unknown>).enablePrivateEndpoint, true);
    });

    it("autoscales node pools that run as a dedicated least-privilege service account", () => {
        const pool = one(run, "gcp:container/nodePool:NodePool");
        assert.deepEqual(pool.inputs.autoscaling, { maxNodeCount: 3, minNodeCount: 1 });
        const nodeConfig = pool.inputs.nodeConfig as Record<string, unknown>;
        assert.equal(nodeConfig.serviceAccount, "gke-euw1-nodes@acme-fleet-test.iam.gserviceaccount.com");
        assert.deepEqual(nodeConfig.workloadMetadataConfig, { mode: "GKE_METADATA" });
        assert.deepEqual(nodeConfig.shieldedInstanceConfig, {
            enableIntegrityMonitoring: true,
            enableSecureBoot: true,
        });
        const roles = ofType(run, "gcp:projects/iAMMember:IAMMember")
            .map((m) => m.inputs.role)
            .sort();
        assert.deepEqual(roles, [...NODE_SERVICE_ACCOUNT_ROLES].sort());
        assert.ok(!roles.some((role) => /owner|editor|admin/i.test(String(role))));
    });

    it("opens the DNS-based endpoint to user traffic, the IP endpoint staying private without authorizedCidrs", async () => {
        const cluster = one(run, "gcp:container/cluster:Cluster");
        assert.deepEqual(cluster.inputs.controlPlaneEndpointsConfig, {
            dnsEndpointConfig: { allowExternalTraffic: true },
        });
        const closed = await planYaml(stackYaml(GCP_CLUSTER.replace("      authorizedCidrs: [198.51.100.0/24]\n", "")));
        const privateConfig = one(closed, "gcp:container/cluster:Cluster").inputs.privateClusterConfig as Record<
            string,
            unknown
        >;
        assert.equal(privateConfig.enablePrivateEndpoint, true);
    });

    it("reaches the API through the DNS endpoint, with no cluster CA (its certificate is publicly trusted)", async () => {
        const secrets: { value: unknown; source: string }[] = [];
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fedfleet-gke-"));
        const file = path.join(dir, "Pulumi.test.yaml");
        fs.writeFileSync(file, stackYaml(GCP_CLUSTER));
        try {
            await runProgram({
                stackFile: file,
                stackFileLabel: "stacks/Pulumi.test.yaml",
                onSecret: (value, source) => secrets.push({ value, source }),
            });
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
        const provider = one(run, "pulumi:providers:kubernetes");
        const kubeconfig = secrets.find((s) => s.source === provider.urn);
        assert.ok(kubeconfig, "the provider's kubeconfig is a secret input");
        const document = JSON.parse(String(kubeconfig.value));
        assert.equal(document.clusters.length, 1);
        // The mock answers as GKE does: `<uid>.<location>.gke.goog` (DNSEndpointConfig.endpoint).
        assert.match(document.clusters[0].cluster.server, /^https:\/\/[0-9a-f]{32}\.europe-west1\.gke\.goog$/);
        assert.equal(document.clusters[0].cluster["certificate-authority-data"], undefined);
        assert.equal(document.users[0].user.exec.command, "gke-gcloud-auth-plugin");
    });

    it("hands out a secret kubeconfig and protects the cluster, pools and keys only in prod", async () => {
        const provider = one(run, "pulumi:providers:kubernetes");
        assert.equal(provider.parent, COMPONENT);
        assert.equal(provider.inputs.kubeconfig, "[secret]");
        assert.deepEqual(
            run.resources.filter((r) => r.protect),
            [],
        );
        assert.equal(one(run, "gcp:container/cluster:Cluster").inputs.deletionProtection, false);
        const prod = await planYaml(stackYaml(GCP_CLUSTER, "prod"));
        assert.deepEqual(
            prod.resources
                .filter((r) => r.protect)
                .map((r) => r.type)
                .sort(),
            [
                "gcp:container/cluster:Cluster",
                "gcp:container/nodePool:NodePool",
                "gcp:kms/cryptoKey:CryptoKey",
                "gcp:kms/keyRing:KeyRing",
                "random:index/randomId:RandomId",
            ],
        );
        assert.equal(one(prod, "gcp:container/cluster:Cluster").inputs.deletionProtection, true);
    });

    it("enables the project's APIs first, never disabling them on destroy, and everything waits for them", () => {
        const services = ofType(run, "gcp:projects/service:Service");
        assert.deepEqual(services.map((s) => s.inputs.service).sort(), [
            "cloudkms.googleapis.com",
            "cloudresourcemanager.googleapis.com",
            "compute.googleapis.com",
            "container.googleapis.com",
            "iam.googleapis.com",
        ]);
        for (const service of services) {
            assert.equal(service.inputs.project, "acme-fleet-test");
            assert.equal(service.inputs.disableOnDestroy, false);
        }
        const provider = run.resources.find((r) => r.urn === GCP_PROVIDER)!;
        for (const service of services) assert.ok(provider.dependencies.includes(service.urn), service.name);
    });

    it("names its key ring with a random suffix kept in state, so a stack created again never meets its old ring", () => {
        const suffix = one(run, "random:index/randomId:RandomId");
        assert.equal(suffix.inputs.byteLength, 3);
        const ring = one(run, "gcp:kms/keyRing:KeyRing");
        assert.match(String(ring.inputs.name), /^gke-euw1-keys-[0-9a-f]{6}$/);
        assert.ok(ring.dependencies.includes(suffix.urn));
    });

    it("starts node pools with their per-zone minimum, and leaves the size to the autoscaler afterwards", () => {
        const pool = one(run, "gcp:container/nodePool:NodePool");
        assert.equal(pool.inputs.initialNodeCount, 1);
        assert.deepEqual(pool.ignoreChanges, ["initialNodeCount"]);
    });

    it("runs the temporary default pool as the fleet's node account, whose roles include GKE's node role", () => {
        const cluster = one(run, "gcp:container/cluster:Cluster");
        const nodeConfig = cluster.inputs.nodeConfig as Record<string, unknown>;
        assert.equal(nodeConfig.serviceAccount, "gke-euw1-nodes@acme-fleet-test.iam.gserviceaccount.com");
        const roles = ofType(run, "gcp:projects/iAMMember:IAMMember").map((m) => m.inputs.role);
        assert.ok(roles.includes("roles/container.defaultNodeServiceAccount"));
        for (const member of ofType(run, "gcp:projects/iAMMember:IAMMember")) {
            assert.ok(cluster.dependencies.includes(member.urn), member.name);
        }
    });
});
