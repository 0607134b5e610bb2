import assert from "node:assert/strict";
import { replacingFields } from "../../../tools/diff/replace-rules";

describe("replacingFields", () => {
    const EKS = "aws:eks/cluster:Cluster";

    it("matches a changed field at or below a replace-forcing one", () => {
        assert.deepEqual(replacingFields(EKS, { name: "a" }, { name: "b" }, ["name"]), ["name"]);
        assert.deepEqual(
            replacingFields("gcp:container/cluster:Cluster", {}, {}, ["ipAllocationPolicy.clusterSecondaryRangeName"]),
            ["ipAllocationPolicy"],
        );
        assert.deepEqual(replacingFields(EKS, { version: "1.32" }, { version: "1.33" }, ["version"]), []);
    });

    it("matches an object added or removed above a replace-forcing field only when that field changes", () => {
        const added = { kubernetesNetworkConfig: { serviceIpv4Cidr: "172.20.0.0/16" } };
        assert.deepEqual(replacingFields(EKS, {}, added, ["kubernetesNetworkConfig"]), [
            "kubernetesNetworkConfig.serviceIpv4Cidr",
        ]);
        assert.deepEqual(replacingFields(EKS, added, {}, ["kubernetesNetworkConfig"]), [
            "kubernetesNetworkConfig.serviceIpv4Cidr",
        ]);
        assert.deepEqual(
            replacingFields(EKS, {}, { kubernetesNetworkConfig: { elasticLoadBalancing: { enabled: true } } }, [
                "kubernetesNetworkConfig",
            ]),
            [],
        );
    });

    it("knows nothing of types it was not told about", () => {
        assert.deepEqual(replacingFields("aws:s3/bucket:Bucket", {}, { bucket: "x" }, ["bucket"]), []);
    });
});
