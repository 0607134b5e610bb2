// `npm run plan:diff -- --base <git-ref> [--out <dir>]`: the offline preview of every stack
// at the base ref (in a temporary git worktree) and in the working tree, compared.
// Writes <stack>.md (the report), <stack>.comment.md (the pull-request comment) and
// summary.json. Exit codes: 0 done; 1 a stack's check fails (its head does not preview, a
// new mandatory policy violation, a protected resource deleted or replaced) or anything
// else went wrong; 2 bad arguments or base ref.
import { randomBytes } from "node:crypto";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PROJECT_ROOT } from "../harness/project-root";
import { renderComment, unchangedComment } from "./comment";
import { diffPlans, failedDiff, failureReasons, PlanFile, StackDiff } from "./plan-diff";
import { checkedInStacks } from "../harness/stack-file";
import { exitWhenFlushed } from "../harness/exit";
import { UsageError } from "../harness/user-mistake";
import { isUnchanged, renderReport } from "./report";
import { progressOn } from "../terminal/progress";

const USAGE = "usage: npm run plan:diff -- --base <git-ref> [--out <dir>]";

function sh(command: string, args: string[], cwd: string, env?: NodeJS.ProcessEnv) {
    const result = spawnSync(command, args, {
        cwd,
        encoding: "utf8",
        env: { ...process.env, ...env },
        maxBuffer: 256 * 1024 * 1024,
    });
    return { status: result.status ?? 1, stdout: result.stdout ?? "", stderr: result.stderr ?? "" };
}

function parseArguments(argv: readonly string[]): { base: string; out: string } {
    const values = new Map<string, string>();
    for (let i = 0; i < argv.length; i += 2) {
        if (!["--base", "--out"].includes(argv[i]) || argv[i + 1] === undefined)
            throw new UsageError(`unexpected "${argv[i]}"; ${USAGE}`);
        values.set(argv[i], argv[i + 1]);
    }
    const base = values.get("--base");
    if (!base) throw new UsageError(`--base is required; ${USAGE}`);
    return { base, out: values.get("--out") ?? "plan-diff" };
}

interface SideResult {
    plan?: PlanFile;
    error?: string;
}

/** Where a side's compiled offline preview is: today's layout, then the one before src/ (a base may predate it). */
const PLAN_CLI_PLACES = ["dist/src/preview/plan/cli.js", "dist/tools/plan/cli.js"];

/** Runs one side's own offline preview of a stack (its program, harness and policies). */
function planSide(projectDir: string, stack: string, outDir: string, secretKey: string): SideResult {
    if (!fs.existsSync(path.join(projectDir, "stacks", `Pulumi.${stack}.yaml`))) return {};
    const cli = PLAN_CLI_PLACES.map((place) => path.join(projectDir, place)).find((file) => fs.existsSync(file));
    if (!cli) return { error: `this side has no offline preview (${PLAN_CLI_PLACES.join(" or ")})` };
    const result = sh(process.execPath, [cli, "--stack", stack, "--out", outDir], projectDir, {
        FEDFLEET_SECRET_DIGEST_KEY: secretKey,
    });
    const planFile = path.join(outDir, "plan.json");
    // Exit 1 with a plan file is a policy verdict, not a failure to plan.
    if (fs.existsSync(planFile)) return { plan: JSON.parse(fs.readFileSync(planFile, "utf8")) as PlanFile };
    return {
        error: (result.stderr.trim().split("\n")[0] || `the preview exited ${result.status}`).replace(/^error: /, ""),
    };
}

/** Checks out the base in a temporary worktree, with dependencies and a build. */
function prepareBase(ref: string, workDir: string): { projectDir: string; cleanup: () => void } {
    const top = sh("git", ["rev-parse", "--show-toplevel"], PROJECT_ROOT).stdout.trim();
    if (!top) throw new UsageError("plan:diff needs a git checkout");
    if (sh("git", ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`], top).status !== 0)
        throw new UsageError(`--base: expected a git commit, branch or tag, found "${ref}"`);
    const worktree = path.join(workDir, "base");
    const added = sh("git", ["worktree", "add", "--detach", worktree, ref], top);
    if (added.status !== 0) throw new Error(`git worktree add failed: ${added.stderr.trim()}`);
    const cleanup = () => {
        sh("git", ["worktree", "remove", "--force", worktree], top);
        sh("git", ["worktree", "prune"], top);
    };
    const projectDir = path.join(worktree, path.relative(top, PROJECT_ROOT));
    try {
        const lock = (dir: string) =>
            fs.existsSync(path.join(dir, "package-lock.json"))
                ? fs.readFileSync(path.join(dir, "package-lock.json"), "utf8")
                : "";
        if (lock(projectDir) === lock(PROJECT_ROOT)) {
            // Same dependencies: share the installed tree instead of installing again.
            fs.symlinkSync(path.join(PROJECT_ROOT, "node_modules"), path.join(projectDir, "node_modules"), "dir");
        } else if (fs.existsSync(path.join(projectDir, "package-lock.json"))) {
            const install = sh("npm", ["ci", "--ignore-scripts", "--no-audit", "--no-fund"], projectDir);
            if (install.status !== 0)
                throw new Error(`npm ci at the base failed: ${install.stderr.trim().split("\n").pop()}`);
        }
        // The base's own build, whichever it is (tsc at first, esbuild since).
        const build = sh("npm", ["run", "--silent", "build"], projectDir);
        if (build.status !== 0)
            throw new Error(`building the base failed: ${(build.stderr.trim() || build.stdout.trim()).split("\n")[0]}`);
    } catch (error) {
        cleanup();
        throw error;
    }
    return { projectDir, cleanup };
}

/** Runs `npm run plan:diff` with the arguments after it; resolves to the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
    let args: { base: string; out: string };
    try {
        args = parseArguments(argv);
    } catch (error) {
        process.stderr.write(`error: ${(error as Error).message}\n`);
        return 2;
    }
    const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "fedfleet-plan-diff-"));
    let cleanup = () => {};
    // Each step on stderr as it starts: previews take seconds each, and stdout keeps the results.
    const progress = progressOn(process.stderr);
    try {
        progress.step(`plan:diff: checking out and building the base (${args.base})`);
        const base = prepareBase(args.base, workDir);
        cleanup = base.cleanup;
        // Random per comparison, never stored: lets the two sides tell a changed secret apart.
        const secretKey = randomBytes(32).toString("hex");
        const stacks = [
            ...new Set([...checkedInStacks(base.projectDir), ...checkedInStacks(PROJECT_ROOT)].map((s) => s.stack)),
        ].sort();
        fs.mkdirSync(args.out, { recursive: true });
        const summary: Record<string, unknown> = {};
        const failures: string[] = [];
        for (const stack of stacks) {
            progress.step(`plan:diff: ${stack}: previewing the base (${args.base})`);
            const before = planSide(base.projectDir, stack, path.join(workDir, "plans", "base", stack), secretKey);
            progress.step(`plan:diff: ${stack}: previewing the head (working tree)`);
            const after = planSide(PROJECT_ROOT, stack, path.join(workDir, "plans", "head", stack), secretKey);
            // Fail closed: a side that does not preview is reported as that error alone, never
            // as a stack whose resources all go.
            const diff: StackDiff = after.error
                ? failedDiff(stack, "head", after.error)
                : before.error
                  ? failedDiff(stack, "base", before.error)
                  : diffPlans(stack, before.plan, after.plan);
            const report = renderReport(diff, before.plan, after.plan);
            fs.writeFileSync(path.join(args.out, `${stack}.md`), `${report.head}\n${report.body}`);
            const comment = isUnchanged(diff)
                ? { text: unchangedComment(stack), trimmed: false }
                : renderComment(stack, report);
            fs.writeFileSync(path.join(args.out, `${stack}.comment.md`), comment.text);
            const failing = failureReasons(diff);
            if (failing.length > 0) failures.push(`${stack}: ${failing.join("; ")}`);
            summary[stack] = {
                presence: diff.presence,
                previewError: diff.previewError ?? null,
                unchanged: isUnchanged(diff),
                failing,
                counts: diff.counts,
                traffic: diff.traffic,
                warnings: diff.warnings,
                urnChanges: diff.urnChanges,
                newViolations: diff.newViolations,
                placementChanged: diff.placement.some((r) => r.before !== r.after),
                dnsChanged: diff.dns.added.length + diff.dns.removed.length + diff.dns.changed.length > 0,
                commentTrimmed: comment.trimmed,
            };
            const c = diff.counts;
            progress.clear();
            process.stdout.write(
                diff.previewError
                    ? `${stack}: the ${diff.previewError.side} could not be previewed: ${diff.previewError.message}\n`
                    : isUnchanged(diff)
                      ? `${stack}: no changes\n`
                      : `${stack}: ${c.create} to create, ${c.update} to update, ${c.delete} to delete, ${c.replace} to replace, ${diff.traffic.length} traffic finding(s), ${diff.warnings.length} warning(s)\n`,
            );
        }
        fs.writeFileSync(
            path.join(args.out, "summary.json"),
            `${JSON.stringify({ base: args.base, stacks: summary }, null, 2)}\n`,
        );
        process.stdout.write(`wrote ${stacks.length} report(s) and summary.json to ${args.out}\n`);
        // The reports are written either way; the check fails on what must not merge unseen.
        for (const failure of failures) process.stderr.write(`fails: ${failure}\n`);
        return failures.length > 0 ? 1 : 0;
    } catch (error) {
        progress.clear();
        process.stderr.write(`error: ${(error as Error).message}\n`);
        return error instanceof UsageError ? 2 : 1;
    } finally {
        cleanup();
        fs.rmSync(workDir, { recursive: true, force: true });
    }
}

if (require.main === module) {
    main(process.argv.slice(2)).then(exitWhenFlushed);
}
