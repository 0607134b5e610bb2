import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { planDiffProcessArgs } from "../../support/node-process";
import { PROJECT_ROOT } from "../../support/plan";
import { unchangedComment } from "../../../src/preview/diff/comment";
import { OFFLINE_NOTE } from "../../../src/preview/diff/report";

describe("npm run plan:diff", function () {
    this.timeout(300_000);

    it("previews every stack at the base ref and now; with nothing changed, says so first and passes", () => {
        const out = fs.mkdtempSync(path.join(os.tmpdir(), "fedfleet-plan-diff-test-"));
        // The CLI's own temporary directory (and so the base worktree) goes under this one, so
        // the check below finds this run's worktree, not another checkout's or another run's.
        const scratch = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "fedfleet-plan-diff-tmp-")));
        const result = spawnSync(
            process.execPath,
            planDiffProcessArgs(PROJECT_ROOT, ["--base", "HEAD", "--out", out]),
            { cwd: PROJECT_ROOT, encoding: "utf8", env: { ...process.env, TMPDIR: scratch } },
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
        const listed = spawnSync("git", ["worktree", "list", "--porcelain"], { cwd: PROJECT_ROOT, encoding: "utf8" });
        assert.equal(listed.status, 0, listed.stderr);
        const worktrees = listed.stdout
            .split("\n")
            .filter((line) => line.startsWith("worktree "))
            .map((line) => line.slice("worktree ".length));
        assert.ok(worktrees.length >= 1, "git lists at least the checkout itself");
        assert.deepEqual(
            worktrees.filter((worktree) => worktree.startsWith(scratch)),
            [],
            "the base worktree is removed afterwards",
        );
        assert.deepEqual(
            fs.readdirSync(scratch).filter((entry) => entry.startsWith("fedfleet-plan-diff-")),
            [],
            "and the CLI's temporary directory with it",
        );
        fs.rmSync(scratch, { recursive: true, force: true });
    });

    it("exits 2 on a base that is not a commit", () => {
        const result = spawnSync(
            process.execPath,
            planDiffProcessArgs(PROJECT_ROOT, ["--base", "no-such-ref-anywhere"]),
            { cwd: PROJECT_ROOT, encoding: "utf8" },
        );
        assert.equal(result.status, 2);
        assert.match(result.stderr, /--base: expected a git commit, branch or tag, found "no-such-ref-anywhere"/);
    });
});
