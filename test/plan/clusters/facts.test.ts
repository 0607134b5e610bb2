import assert from "node:assert/strict";
import { clusterLabels, clusterZones, loadBalancerAddressKind } from "../../../src/plan/clusters/facts";
import { validateFleetConfig } from "../../../src/plan/config/validate";

const config = validateFleetConfig(
    {
        federation: { name: "acme", domain: "fleet.example.com", environment: "staging" },
        clusters: [
            {
                name: "a",
                cloud: "aws",
                region: "us-east-1",
                labels: { tier: "edge" },
                adminPrincipalArns: ["arn:aws:iam::123456789012:role/platform-admin"],
                publicAccessCidrs: ["198.51.100.0/24"],
                nodePools: [{ name: "p" }],
            },
            {
                name: "g",
                cloud: "gcp",
                region: "us-central1",
                project: "acme-proj",
                zones: ["us-central1-f"],
                nodePools: [{ name: "p" }],
            },
            {
                name: "e",
                cloud: "existing",
                region: "lab",
                zones: ["r1"],
                kubeconfig: "k",
                loadBalancerAddress: "hostname",
            },
        ],
    },
    "stacks/Pulumi.t.yaml",
);

describe("cluster facts", () => {
    it("defaults zones to the region's first three and keeps declared ones", () => {
        // us-east-1: AZ IDs EKS accepts, since zone names map to IDs per account there.
        assert.deepEqual(clusterZones(config.clusters[0]), ["use1-az1", "use1-az2", "use1-az4"]);
        assert.deepEqual(clusterZones(config.clusters[1]), ["us-central1-f"]);
        assert.deepEqual(clusterZones(config.clusters[2]), ["r1"]);
    });

    it("labels clusters with cluster, cloud, region and env over the user's labels", () => {
        assert.deepEqual(clusterLabels(config.clusters[0], "staging"), {
            cloud: "aws",
            cluster: "a",
            env: "staging",
            region: "us-east-1",
            tier: "edge",
        });
    });

    it("knows which clouds give load balancers hostnames and which give IPs", () => {
        assert.deepEqual(config.clusters.map(loadBalancerAddressKind), ["hostname", "ip", "hostname"]);
    });
});
