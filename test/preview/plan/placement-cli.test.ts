import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PROJECT_ROOT, runPlanCli } from "../../support/plan";
import { previewStackOnce } from "../../support/shared-preview";

describe("npm run plan: placement", function () {
    this.timeout(120_000);

    it("prints the placement table of the dev stack", async () => {
        const result = await previewStackOnce("dev");
        assert.equal(result.status, 0, result.stderr);
        assert.match(
            result.stdout,
            /Placement \(replicas per cluster; min-max where autoscaled\)\n {2}service +total +aws-use1 +gke-euw1\n {2}checkout +3 +2 +1\n {2}storefront +4 +2 +2\n/,
        );
    });

    it("exits 2 naming the service when its minimums add up to more than its total", () => {
        const text = fs
            .readFileSync(path.join(PROJECT_ROOT, "stacks/Pulumi.dev.yaml"), "utf8")
            .replace("gke-euw1: { weight: 1, minReplicas: 1 }", "gke-euw1: { weight: 1, minReplicas: 3 }");
        const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "fedfleet-")), "Pulumi.mins.yaml");
        fs.writeFileSync(file, text);
        const result = runPlanCli(["--config", file]);
        assert.equal(result.status, 2);
        assert.equal(result.stdout, "");
        assert.equal(result.stderr.split("\n").length, 2, "one line");
        assert.match(
            result.stderr,
            /fedfleet:services\[1\]\.replicas: expected a total of at least the clusters' minReplicas for service "checkout", found 3 while the minimums add up to 4 \(aws-use1 1, gke-euw1 3\)/,
        );
    });
});
