import assert from "node:assert/strict";
import { EXISTING_CLUSTER, one, planYaml, stackYaml } from "../../support/plan";

describe("ExistingCluster", () => {
    it("is only a Kubernetes provider with a secret kubeconfig and the configured context", async () => {
        const run = await planYaml(stackYaml(EXISTING_CLUSTER));
        assert.deepEqual(run.resources.map((r) => r.type).sort(), [
            "fedfleet:cluster:ExistingCluster",
            "pulumi:providers:kubernetes",
        ]);
        const provider = one(run, "pulumi:providers:kubernetes");
        assert.equal(provider.parent, "urn:pulumi:test::fedfleet::fedfleet:cluster:ExistingCluster::lab-fra");
        assert.equal(provider.inputs.kubeconfig, "[secret]");
        assert.equal(provider.inputs.context, "lab-admin");
        assert.deepEqual((run.outputs.clusters as Record<string, unknown>)["lab-fra"], {
            cloud: "existing",
            region: "eu-central",
            zones: ["rack-a", "rack-b"],
            labels: { cloud: "existing", cluster: "lab-fra", env: "dev", region: "eu-central" },
            loadBalancerAddress: "ip",
        });
    });
});
