// `npm run plan:diff` end to end on a pull request to prod with several dangers at once (issue 24,
// "Done when"): each must be in the report's summary, before any detailed section.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { copyProject, ProjectCopy } from "../../../tools/bench/project-copy";
import { planDiffProcessArgs } from "../../support/node-process";
import { PROJECT_ROOT } from "../../support/plan";
import { PROD_EDITS } from "../../../tools/replay/edits";

/** The first detailed section a report can have: everything before it is the summary. */
const DETAILED_SECTIONS =
    /^### (Placement|DNS records|New policy violations|Changes by cluster|Fleet)|^No resource changes\./m;

describe("npm run plan:diff: a prod pull request with five dangers at once", function () {
    this.timeout(900_000);
    let project: ProjectCopy;
    before(() => {
        project = copyProject(PROJECT_ROOT);
    });
    after(() => project.remove());

    it("names each in the summary: port 80→8443, primary swapped, health-check path, quota, deployer, relaxed pack config", () => {
        const file = "stacks/Pulumi.prod.yaml";
        const text = fs.readFileSync(path.join(project.root, file), "utf8");
        const edited = [
            PROD_EDITS.storefrontPort,
            PROD_EDITS.checkoutPrimarySwapped,
            PROD_EDITS.checkoutHealthPath,
            PROD_EDITS.fortyServices,
            PROD_EDITS.deployerRemoved,
        ].reduce((t, edit) => edit(t), text);
        project.write(file, edited);
        const pack = JSON.parse(fs.readFileSync(path.join(project.root, "policy/config/prod.json"), "utf8"));
        pack["federation-spread"].minRegions = 1;
        project.write("policy/config/prod.json", `${JSON.stringify(pack, null, 2)}\n`);
        const out = fs.mkdtempSync(path.join(os.tmpdir(), "fedfleet-summary-e2e-"));
        const result = spawnSync(
            process.execPath,
            planDiffProcessArgs(project.root, ["--base", "HEAD", "--out", out, "--jobs", "1"]),
            { cwd: project.root, encoding: "utf8" },
        );
        const report = fs.readFileSync(path.join(out, "prod.md"), "utf8");
        fs.rmSync(out, { recursive: true, force: true });
        // The 40 services break mandatory policies (their spread and survival): the check fails.
        assert.equal(result.status, 1, result.stderr);
        const cut = report.search(DETAILED_SECTIONS);
        const summary = cut < 0 ? report : report.slice(0, cut);
        for (const expected of [
            /storefront: Service port 80→8443 \(http\) in 4 clusters/,
            /checkout: failover primary and secondary swapped: all its traffic moves from aws-use1 \(5 replicas, autoscaler max 16\) to aws-euw1/,
            /checkout: health check path \/ready→\/healthz/,
            /Over a quota: quota Route 53: active health checks per account: this stack needs \d{3}, a fresh account has 200/,
            /fedfleet:deployer: the deployer \(arn:aws:iam::123456789012:role\/fedfleet-deploy-prod\).*loses its EKS access entry/,
            // The head is judged by the base's pack config (docs/plan-diff-gate.md); the relaxed file is named on top.
            /This pull request changes the gate:\*\* `policy\/config\/prod\.json` \(changed\)/,
        ])
            assert.match(summary, expected);
        assert.doesNotMatch(summary, /No changes/);
    });
});
