// A fleet whose EKS API the deployer cannot reach is a config error: exit 2, one line naming
// the stack file, the cluster's entry and what to declare, and nothing written.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { PROJECT_ROOT } from "../../support/plan";
import { refusal } from "../../support/plan-cli";

const dev = () => fs.readFileSync(path.join(PROJECT_ROOT, "stacks", "Pulumi.dev.yaml"), "utf8");

/** The dev stack without its EKS public CIDRs, and without `fedfleet:deployer` (through the next key). */
function unreachable(text: string): string {
    const noCidrs = text.replace("      publicAccessCidrs: [198.51.100.0/24]\n", "");
    return noCidrs.replace(/ {2}fedfleet:deployer:\n(?: {4}.*\n)+/, "");
}

describe("npm run plan: an EKS API the deployer cannot reach", function () {
    this.timeout(60_000);

    it("exits 2 with one line naming the cluster and what to declare, writing nothing", async () => {
        const text = unreachable(dev());
        assert.ok(!text.includes("publicAccessCidrs") && !text.includes("fedfleet:deployer"), "the edit applies");
        assert.match(
            await refusal("Pulumi.dev.yaml", text, "process"),
            /Pulumi\.dev\.yaml: fedfleet:clusters\[0\]\.publicAccessCidrs: expected a network pulumi up reaches the EKS API from: fedfleet:deployer\.egressCidrs .*, found no CIDRs for cluster aws-use1 and no fedfleet:deployer$/,
        );
    });
});
