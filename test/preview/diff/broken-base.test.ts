// Fail closed on the base too (issue 24): a base whose stack does not preview leaves nothing to
// compare the head with, so the check cannot tell what merging does and must not pass. A stack
// the base does not have at all is new, not broken: it is compared with nothing and may pass.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { copyProject, ProjectCopy } from "../../../tools/bench/project-copy";
import { planDiffProcessArgs } from "../../support/node-process";
import { PROJECT_ROOT } from "../../support/plan";

describe("plan:diff on a base that does not preview", function () {
    this.timeout(300_000);
    let copy: ProjectCopy;
    before(() => {
        copy = copyProject(PROJECT_ROOT);
    });
    after(() => copy.remove());

    it("exits 1 naming the base's error, while a stack new in the head is reported as added and passes", () => {
        const prod = fs.readFileSync(path.join(copy.root, "stacks", "Pulumi.prod.yaml"), "utf8");
        const dev = fs.readFileSync(path.join(copy.root, "stacks", "Pulumi.dev.yaml"), "utf8");
        const broken = prod.replace(/replicas: \d+\n/, "replicas: ten\n");
        assert.notEqual(broken, prod, "the edit applies");
        // The base: prod's stack file broken, dev deleted; the head repairs prod and adds dev back.
        copy.write("stacks/Pulumi.prod.yaml", broken);
        fs.rmSync(path.join(copy.root, "stacks", "Pulumi.dev.yaml"));
        copy.git("add", "--all");
        copy.git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "--quiet", "-m", "broken base");
        copy.write("stacks/Pulumi.prod.yaml", prod);
        copy.write("stacks/Pulumi.dev.yaml", dev);

        const out = fs.mkdtempSync(path.join(os.tmpdir(), "fedfleet-broken-base-"));
        try {
            const result = spawnSync(
                process.execPath,
                planDiffProcessArgs(copy.root, ["--base", "HEAD", "--out", out, "--jobs", "2"]),
                { cwd: copy.root, encoding: "utf8" },
            );
            assert.equal(result.status, 1, `${result.stdout}\n${result.stderr}`);
            assert.match(result.stderr, /^fails: prod: the base does not preview: .*Pulumi\.prod\.yaml/m);
            const summary = JSON.parse(fs.readFileSync(path.join(out, "summary.json"), "utf8"));
            assert.equal(summary.stacks.prod.previewError.side, "base");
            assert.notDeepEqual(summary.stacks.prod.failing, []);
            assert.equal(summary.stacks.dev.presence, "added");
            assert.deepEqual(summary.stacks.dev.failing, [], "a stack new in the head has no base to fail on");
            assert.doesNotMatch(result.stderr, /^fails: dev:/m);
        } finally {
            fs.rmSync(out, { recursive: true, force: true });
        }
    });
});
