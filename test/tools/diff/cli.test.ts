import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PROJECT_ROOT } from "../../support/plan";

describe("npm run plan:diff", function () {
    this.timeout(300_000);

    it("previews every stack at the base ref and now, writing a report, a comment and a summary per stack", () => {
        const out = fs.mkdtempSync(path.join(os.tmpdir(), "fedfleet-plan-diff-test-"));
        const result = spawnSync(
            process.execPath,
            [path.join(PROJECT_ROOT, "dist/tools/diff/cli.js"), "--base", "HEAD", "--out", out],
            { cwd: PROJECT_ROOT, encoding: "utf8" },
        );
        assert.equal(result.status, 0, result.stderr);
        const summary = JSON.parse(fs.readFileSync(path.join(out, "summary.json"), "utf8"));
        assert.deepEqual(Object.keys(summary.stacks), ["dev", "prod", "staging"]);
        for (const stack of ["dev", "prod", "staging"]) {
            assert.equal(summary.stacks[stack].presence, "both");
            const comment = fs.readFileSync(path.join(out, `${stack}.comment.md`), "utf8");
            assert.ok(
                comment.startsWith(`<!-- fedfleet-plan-diff stack=${stack} -->\n### fedfleet plan diff: \`${stack}\``),
            );
            assert.match(
                fs.readFileSync(path.join(out, `${stack}.md`), "utf8"),
                /### Fleet\n\n```mermaid\nflowchart LR/,
            );
        }
        const worktrees = spawnSync("git", ["worktree", "list"], { cwd: PROJECT_ROOT, encoding: "utf8" })
            .stdout.trim()
            .split("\n");
        assert.equal(worktrees.length, 1, "the base worktree is removed afterwards");
    });

    it("exits 2 on a base that is not a commit", () => {
        const result = spawnSync(
            process.execPath,
            [path.join(PROJECT_ROOT, "dist/tools/diff/cli.js"), "--base", "no-such-ref-anywhere"],
            { cwd: PROJECT_ROOT, encoding: "utf8" },
        );
        assert.equal(result.status, 2);
        assert.match(result.stderr, /--base: expected a git commit, branch or tag, found "no-such-ref-anywhere"/);
    });
});
