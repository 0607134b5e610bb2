// plan:diff's reports are the same, byte for byte, however it gets its plans: every stack
// previewed on both sides in series or in parallel (--preview-all, the way it always worked),
// unchanged stacks skipped, plans from a cold cache, a warm one, or half from it (the base
// kept by an earlier run, the head previewed now, under the cache's digest key). Runs the
// real command in a copy of the project whose working tree changes dev's stack file.
// The run that previews everything is also where its progress lines are checked (the other
// progress test, a run that previews nothing, is progress.test.ts).
import assert from "node:assert/strict";
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
import { OutputLine, runPlanDiff } from "../../support/node-process";

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
    /** A run of the copy's plan:diff against its commit: every file it wrote, its standard output and its lines. */
    interface Run {
        files: Record<string, string>;
        stdout: string;
        lines: OutputLine[];
        out: string;
    }
    async function planDiff(name: string, flags: string[]): Promise<Run> {
        const out = path.join(scratch, name);
        const result = await runPlanDiff(copy.root, out, flags);
        assert.equal(result.status, 0, `${name}: ${result.stderr}`);
        const files = Object.fromEntries(
            fs
                .readdirSync(out)
                .sort()
                .map((file) => [file, fs.readFileSync(path.join(out, file), "utf8")]),
        );
        return { files, stdout: result.stdout.replaceAll(out, "<out>"), lines: result.lines, out };
    }
    const edit = (change: (text: string) => string) => {
        const file = path.join(copy.root, "stacks", "Pulumi.dev.yaml");
        const text = fs.readFileSync(file, "utf8");
        fs.writeFileSync(file, change(text));
        assert.notEqual(fs.readFileSync(file, "utf8"), text, "the edit applies");
    };

    describe("a change to one stack", () => {
        let reference: Run;
        before(async () => {
            edit((text) => text.replace("      replicas: 4\n", "      replicas: 6\n"));
            reference = await planDiff("all-parallel", ["--preview-all", "--jobs", "2"]);
        });

        it("previewed everything, skipped, cold cache; parallel and serial: the same reports", async () => {
            // The reference says what the change does, and that the others do not change.
            assert.match(reference.files["dev.md"], /storefront: replicas 4→6/);
            assert.match(reference.stdout, /^prod: no changes$/m);
            assert.match(reference.stdout, /^staging: no changes$/m);
            for (const [name, flags] of [
                ["skip-serial", ["--jobs", "1"]],
                ["cold-cache-parallel", ["--cache", cache(), "--jobs", "2"]],
            ] as const) {
                const run = await planDiff(name, [...flags]);
                assert.deepEqual(run.files, reference.files, name);
                assert.equal(run.stdout, reference.stdout, name);
            }
        });

        it("progress: a line per stack and side on stderr as it previews it, before that stack's result; where the reports went", () => {
            const { lines, out } = reference;
            const text = lines.map((l) => `${l.stream}: ${l.line}`).join("\n");
            assert.ok(!text.includes("\x1b"), "no terminal escapes on a pipe");
            const stacks = fs
                .readdirSync(path.join(copy.root, "stacks"))
                .map((file) => /^Pulumi\.(.+)\.yaml$/.exec(file)?.[1])
                .filter((stack): stack is string => stack !== undefined)
                .sort();
            assert.deepEqual(stacks, ["dev", "prod", "staging"]);
            const at = (stream: OutputLine["stream"], test: (line: string) => boolean) =>
                lines.findIndex((l) => l.stream === stream && test(l.line));
            for (const stack of stacks) {
                const base = at("stderr", (line) => line.includes(`${stack}: previewing the base`));
                const head = at("stderr", (line) => line.includes(`${stack}: previewing the head`));
                const result = at("stdout", (line) => line.startsWith(`${stack}: `));
                assert.ok(base >= 0 && head >= 0 && result >= 0, `${stack}: progress and result\n${text}`);
                // Each side's line comes before the stack's result (previews may run side by side, so no more order than that).
                assert.ok(base < result && head < result, `${stack}: progress before its result\n${text}`);
            }
            assert.ok(
                lines.some((l) => l.stream === "stdout" && l.line.includes(`summary.json to ${out}`)),
                `says where the reports went\n${text}`,
            );
        });
    });

    // After the change above (mocha runs a suite's own tests before its nested suites, so both are nested, in order).
    describe("the next push", () => {
        it("the base from the cache, the head previewed under the cache's key; then all from it", async () => {
            edit((text) => text.replace("storefront:1.14.2", "storefront:1.15.0"));
            const reference = await planDiff("skip-parallel", ["--jobs", "2"]);
            assert.match(
                reference.files["dev.md"],
                /image ghcr\.io\/acme\/storefront:1\.14\.2→ghcr\.io\/acme\/storefront:1\.15\.0/,
            );
            for (const name of ["half-cached-serial", "warm-cache-parallel"]) {
                const run = await planDiff(name, ["--cache", cache(), "--jobs", name.endsWith("serial") ? "1" : "2"]);
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
