import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PROJECT_ROOT } from "../../support/plan";
import { unchangedComment } from "../../../src/preview/diff/comment";
import { OFFLINE_NOTE } from "../../../src/preview/diff/report";

describe("npm run plan:diff", function () {
    this.timeout(300_000);

    it("previews every stack at the base ref and now; with nothing changed, says so first and passes", () => {
        const worktrees = () =>
            spawnSync("git", ["worktree", "list", "--porcelain"], { cwd: PROJECT_ROOT, encoding: "utf8" })
                .stdout.split("\n")
                .filter((line) => line.startsWith("worktree "))
                .sort();
        const before = worktrees();
        const out = fs.mkdtempSync(path.join(os.tmpdir(), "fedfleet-plan-diff-test-"));
        const result = spawnSync(
            process.execPath,
            [path.join(PROJECT_ROOT, "dist/src/preview/diff/cli.js"), "--base", "HEAD", "--out", out],
            { cwd: PROJECT_ROOT, encoding: "utf8" },
        );
        assert.equal(result.status, 0, result.stderr);
        const summary = JSON.parse(fs.readFileSync(path.join(out, "summary.json"), "utf8"));
        assert.deepEqual(Object.keys(summary.stacks), ["dev", "prod", "staging"]);
        // HEAD against the working tree: in a fresh clone (as CI runs it) nothing differs, the
        // case of a change to comments or code that registers the same resources.
        for (const stack of ["dev", "prod", "staging"]) {
            assert.equal(summary.stacks[stack].presence, "both");
            assert.equal(summary.stacks[stack].unchanged, true, JSON.stringify(summary.stacks[stack]));
            assert.deepEqual(summary.stacks[stack].failing, []);
            const comment = fs.readFileSync(path.join(out, `${stack}.comment.md`), "utf8");
            assert.equal(comment, unchangedComment(stack));
            const report = fs.readFileSync(path.join(out, `${stack}.md`), "utf8").split("\n");
            assert.ok(report.slice(0, 6).includes("**No changes.**"), report.slice(0, 6).join("\n"));
            assert.ok(report.slice(0, 6).includes(OFFLINE_NOTE));
        }
        // Other worktrees (a developer's own) may exist: the base's is gone, and nothing else changed.
        assert.deepEqual(worktrees(), before, "the base worktree is removed afterwards");
    });

    it("exits 2 on a base that is not a commit", () => {
        const result = spawnSync(
            process.execPath,
            [path.join(PROJECT_ROOT, "dist/src/preview/diff/cli.js"), "--base", "no-such-ref-anywhere"],
            { cwd: PROJECT_ROOT, encoding: "utf8" },
        );
        assert.equal(result.status, 2);
        assert.match(result.stderr, /--base: expected a git commit, branch or tag, found "no-such-ref-anywhere"/);
    });
});
