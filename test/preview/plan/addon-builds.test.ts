// The preview says which build of each EKS add-on every cluster gets, and how to check it:
// EKS does not publish what a build bundles (aws/aws-network-policy-agent#553 shipped in one).
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { EKS_ADDON_VERSIONS, EKS_ADDONS } from "../../../src/plan/clusters/aws/addon-versions";
import { eksAddonBuilds } from "../../../src/preview/plan/addon-builds";
import { planStack } from "../../support/plan";
import { previewStackOnce } from "../../support/shared-preview";

describe("EKS add-on builds in the preview", function () {
    this.timeout(180_000);

    it("lists every registered add-on with its build, by cluster", async () => {
        const run = await planStack("prod");
        const builds = eksAddonBuilds(run.resources);
        const addons = run.resources.filter((r) => r.type === "aws:eks/addon:Addon");
        assert.equal(builds.length, addons.length);
        for (const build of builds) {
            assert.equal(build.kubernetesVersion, "1.35");
            assert.equal(build.version, EKS_ADDON_VERSIONS["1.35"][build.addon as (typeof EKS_ADDONS)[number]]);
        }
    });

    it("prints them, with the checks to run, and writes them to plan.json", async () => {
        const result = await previewStackOnce("dev", ["--details"]);
        const plan = JSON.parse(fs.readFileSync(path.join(result.out, "plan.json"), "utf8")) as {
            eksAddons: unknown[];
        };
        assert.equal(result.status, 0, result.stderr);
        const pinned = EKS_ADDON_VERSIONS["1.35"];
        const line = `  dev-aws-use1 (Kubernetes 1.35): ${[...EKS_ADDONS]
            .sort()
            .map((addon) => `${addon} ${pinned[addon]}`)
            .join(", ")}\n`;
        assert.ok(result.stdout.includes(line), result.stdout);
        assert.match(
            result.stdout,
            /check after up: kubectl -n kube-system get daemonset aws-node .* ends in v1\.3\.5 or later/,
        );
        assert.deepEqual(
            plan.eksAddons,
            EKS_ADDONS.map((addon) => ({
                cluster: "dev-aws-use1",
                kubernetesVersion: "1.35",
                addon,
                version: pinned[addon],
            })).sort((a, b) => (a.addon < b.addon ? -1 : 1)),
        );
    });
});
