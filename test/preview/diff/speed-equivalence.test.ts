// plan:diff's reports are the same, byte for byte, however it gets its plans: every stack
// previewed on both sides in series or in parallel (--preview-all, the way it always worked),
// unchanged stacks skipped, plans from a cold cache, a warm one, or half from it (the base
// kept by an earlier run, the head previewed now, under the cache's digest key). Runs the
// real command in a copy of the project whose working tree changes dev's stack file.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { resolveBase } from "../../../src/preview/diff/base-worktree";
import { parseArguments } from "../../../src/preview/diff/cli";
import { UsageError } from "../../../src/preview/harness/usage-error";
import { PlanCache } from "../../../src/preview/diff/cache";
import { planStacks } from "../../../src/preview/diff/plan-stacks";
import { copyProject, ProjectCopy } from "../../../tools/bench/project-copy";
import { PROJECT_ROOT } from "../../support/plan";

describe("plan:diff: the same reports with and without the cache and the parallelism", function () {
    this.timeout(600_000);
    let copy: ProjectCopy;
    let scratch: string;
    before(() => {
        copy = copyProject(PROJECT_ROOT);
        scratch = fs.mkdtempSync(path.join(os.tmpdir(), "fedfleet-diff-equivalence-"));
    });
    after(() => {
        copy.remove();
        fs.rmSync(scratch, { recursive: true, force: true });
    });

    const cache = () => path.join(scratch, "cache");
    /** Runs the copy's plan:diff against its commit; every file it wrote, and its standard output. */
    function planDiff(name: string, flags: string[]): { files: Record<string, string>; stdout: string } {
        const out = path.join(scratch, name);
        const result = spawnSync(
            process.execPath,
            ["dist/src/preview/diff/cli.js", "--base", "HEAD", "--out", out, ...flags],
            { cwd: copy.root, encoding: "utf8" },
        );
        assert.equal(result.status, 0, `${name}: ${result.stderr}`);
        const files = Object.fromEntries(
            fs
                .readdirSync(out)
                .sort()
                .map((file) => [file, fs.readFileSync(path.join(out, file), "utf8")]),
        );
        return { files, stdout: result.stdout.replaceAll(out, "<out>") };
    }
    const edit = (change: (text: string) => string) => {
        const file = path.join(copy.root, "stacks", "Pulumi.dev.yaml");
        const text = fs.readFileSync(file, "utf8");
        fs.writeFileSync(file, change(text));
        assert.notEqual(fs.readFileSync(file, "utf8"), text, "the edit applies");
    };

    it("a change to one stack: previewed everything, skipped, cold cache; parallel and serial", () => {
        edit((text) => text.replace("      replicas: 4\n", "      replicas: 6\n"));
        const reference = planDiff("all-parallel", ["--preview-all", "--jobs", "2"]);
        // The reference says what the change does, and that the others do not change.
        assert.match(reference.files["dev.md"], /storefront: replicas 4→6/);
        assert.match(reference.stdout, /^prod: no changes$/m);
        assert.match(reference.stdout, /^staging: no changes$/m);
        for (const [name, flags] of [
            ["skip-serial", ["--jobs", "1"]],
            ["cold-cache-parallel", ["--cache", cache(), "--jobs", "2"]],
        ] as const) {
            const run = planDiff(name, [...flags]);
            assert.deepEqual(run.files, reference.files, name);
            assert.equal(run.stdout, reference.stdout, name);
        }
    });

    it("the next push: the base from the cache, the head previewed under the cache's key; then all from it", async () => {
        edit((text) => text.replace("storefront:1.14.2", "storefront:1.15.0"));
        const reference = planDiff("skip-parallel", ["--jobs", "2"]);
        assert.match(
            reference.files["dev.md"],
            /image ghcr\.io\/acme\/storefront:1\.14\.2→ghcr\.io\/acme\/storefront:1\.15\.0/,
        );
        for (const name of ["half-cached-serial", "warm-cache-parallel"]) {
            const run = planDiff(name, ["--cache", cache(), "--jobs", name.endsWith("serial") ? "1" : "2"]);
            assert.deepEqual(run.files, reference.files, name);
            assert.equal(run.stdout, reference.stdout, name);
        }
        // How the last run got its plans: dev's both from the cache, the others unchanged unpreviewed.
        const workDir = fs.mkdtempSync(path.join(scratch, "work-"));
        const sides = await planStacks({
            projectRoot: copy.root,
            baseCommit: resolveBase(copy.root, "HEAD"),
            workDir,
            jobs: 1,
            cache: new PlanCache(cache()),
        });
        assert.deepEqual(
            sides.map((s) => [s.stack, s.unchanged, s.before.cached ?? false, s.after.cached ?? false]),
            [
                ["dev", false, true, true],
                ["prod", true, false, false],
                ["staging", true, false, false],
            ],
        );
        // The base kept since the first push, this push's head; the first push's head pruned.
        assert.equal(fs.readdirSync(cache()).filter((file) => file.endsWith(".json")).length, 2);
    });

    it("refuses a --jobs that is no whole number of 1 or more", () => {
        for (const jobs of ["0", "-1", "two", "1.5"])
            assert.throws(
                () => parseArguments(["--base", "HEAD", "--jobs", jobs]),
                (error: Error) =>
                    error instanceof UsageError &&
                    error.message === `--jobs: expected a whole number of 1 or more, found "${jobs}"`,
            );
        assert.equal(parseArguments(["--base", "HEAD", "--jobs", "3", "--preview-all"]).jobs, 3);
    });
});
