// An existing cluster whose load balancers get private addresses (a lab's MetalLB pool) runs
// its services but stays out of global DNS: Cloud DNS health checks probe "Internet IP
// addresses" (Cloud DNS v1 API, externalEndpoints), and a public zone must not publish it.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { formatViolation } from "../../../src/preview/contracts/contract";
import { ofType, planYaml, PROJECT_ROOT } from "../../support/plan";

/** staging, with its lab marked private. */
function stagingWithPrivateLab(): string {
    const staging = fs.readFileSync(path.join(PROJECT_ROOT, "stacks", "Pulumi.staging.yaml"), "utf8");
    const marked = staging.replace("      loadBalancerAddress: ip\n", "      loadBalancerAddress: private\n");
    assert.notEqual(marked, staging);
    return marked;
}

describe("existing clusters with private load balancer addresses", function () {
    this.timeout(180_000);

    it("run the service there, and no record set names the lab's address", async () => {
        const run = await planYaml(stagingWithPrivateLab(), "staging");
        assert.deepEqual(run.contracts.map(formatViolation), []);
        const labService = ofType(run, "kubernetes:core/v1:Service").find((s) => s.name === "shop/checkout@lab-fra");
        assert.ok(labService, "the lab still runs checkout");
        const labAddress = (
            run.resourceOutputs.get(labService.urn) as { status: { loadBalancer: { ingress: { ip: string }[] } } }
        ).status.loadBalancer.ingress[0].ip;
        assert.match(labAddress, /^10\./);
        const records = JSON.stringify(ofType(run, "gcp:dns/recordSet:RecordSet").map((r) => r.inputs));
        assert.ok(!records.includes(labAddress), "no record set holds the private address");
        assert.ok(!records.includes("lab-fra"), "no record set names the lab");
    });
});
