// The verdict comes from the base (issue 24): a pull request that relaxes its own pack config,
// or edits the diff code to pass everything, is still judged by the base's gate, and what it
// changes of the gate opens every report. Run as the workflow runs it: this checkout's build is
// the gate (the base), and --head names a pull request's checkout.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { copyProject, ProjectCopy } from "../../../tools/bench/project-copy";
import { planDiffProcessArgs } from "../../support/node-process";
import { PROJECT_ROOT } from "../../support/plan";

/** A dangerous change the base's prod pack config refuses: an image by tag, no digest. */
const unpinCheckout = (prod: string) => prod.replace(/checkout:2\.3\.0@sha256:[0-9a-f]+/, "checkout:latest");

describe("plan:diff judges the head by the base's gate", function () {
    this.timeout(600_000);
    let copy: ProjectCopy;
    let out: string;
    before(() => {
        copy = copyProject(PROJECT_ROOT);
    });
    beforeEach(() => {
        copy.reset();
        out = fs.mkdtempSync(path.join(os.tmpdir(), "fedfleet-gate-"));
    });
    afterEach(() => fs.rmSync(out, { recursive: true, force: true }));
    after(() => copy.remove());

    const edit = (file: string, change: (text: string) => string) => {
        const before = fs.readFileSync(path.join(copy.root, file), "utf8");
        const after = change(before);
        assert.notEqual(after, before, `the edit of ${file} applies`);
        copy.write(file, after);
    };
    const planDiff = () =>
        spawnSync(
            process.execPath,
            planDiffProcessArgs(PROJECT_ROOT, ["--head", copy.root, "--base", "HEAD", "--out", out, "--jobs", "2"]),
            { cwd: copy.root, encoding: "utf8" },
        );
    const report = (stack: string) => fs.readFileSync(path.join(out, `${stack}.md`), "utf8");
    const top = (stack: string) => report(stack).split("\n").slice(0, 4).join("\n");

    it("a head that relaxes policy/config/prod.json still fails on the base's rule; the change is named on top", () => {
        edit("stacks/Pulumi.prod.yaml", unpinCheckout);
        edit("policy/config/prod.json", (text) =>
            text.replace(
                '"image-pinned": { "enforcementLevel": "mandatory", "requireDigest": true }',
                '"image-pinned": "disabled"',
            ),
        );
        const result = planDiff();
        assert.equal(result.status, 1, `${result.stdout}\n${result.stderr}`);
        assert.match(result.stderr, /^fails: prod: \d+ new mandatory policy violation/m);
        for (const stack of ["dev", "prod", "staging"]) {
            assert.match(
                top(stack),
                /This pull request changes the gate:\*\* `policy\/config\/prod\.json` \(changed\)/,
            );
            assert.doesNotMatch(report(stack), /^\*\*No changes\.\*\*$/m, `${stack} is never "No changes"`);
        }
        const summary = JSON.parse(fs.readFileSync(path.join(out, "summary.json"), "utf8"));
        assert.deepEqual(summary.gateChanges, [{ file: "policy/config/prod.json", change: "changed" }]);
        assert.ok(
            summary.stacks.prod.newViolations.some(
                (v: { policy: string; level: string }) => v.policy === "image-pinned" && v.level === "mandatory",
            ),
        );
    });

    it("a head that edits the diff code to pass everything is still failed by the base's diff code", () => {
        edit("stacks/Pulumi.prod.yaml", unpinCheckout);
        edit("src/preview/diff/plan-diff.ts", (text) =>
            text.replace(
                "export function failureReasons(diff: StackDiff): string[] {",
                "export function failureReasons(_diff: StackDiff): string[] {\n    return [];\n}\nfunction unused(diff: StackDiff): string[] {",
            ),
        );
        const result = planDiff();
        assert.equal(result.status, 1, `${result.stdout}\n${result.stderr}`);
        assert.match(result.stderr, /^fails: prod: \d+ new mandatory policy violation/m);
        assert.match(
            top("prod"),
            /This pull request changes the gate:\*\* `src\/preview\/diff\/plan-diff\.ts` \(changed\)\. The verdict below is the base's \(its policy pack, pack configs and diff code\)/,
        );
    });

    it("a head whose stack file names another environment is told which pack config judges it", () => {
        edit("stacks/Pulumi.staging.yaml", (text) => text.replace("environment: staging", "environment: dev"));
        planDiff();
        assert.match(
            top("staging"),
            /`staging` is judged by another pack config:\*\* its environment goes from `policy\/config\/staging\.json` to `policy\/config\/dev\.json`/,
        );
    });
});
