// `npm run plan:diff -- --base <git-ref> [--head <dir>] [--out <dir>] [--cache <dir>] [--jobs <n>] [--preview-all]`:
// the offline preview of every stack at the base ref (in a temporary git worktree) and in the
// working tree, compared; plan-stacks.ts decides which previews a change needs. The head is
// judged by the base's gate (gate.ts): its previews run under the base's policy pack and pack
// configs, and the workflow runs this comparison from a checkout of the base, naming the
// pull request's checkout with --head, so a pull request never runs the code that grades it.
// What the head changes of the gate opens every report. Writes
// <stack>.md (the report), <stack>.comment.md (the pull-request comment) and summary.json,
// byte-identical whatever the cache, the jobs and --preview-all. Exit codes: 0 done; 1 a
// stack's check fails (its head does not preview, a new mandatory policy violation, a
// protected resource deleted or replaced) or anything else went wrong; 2 bad arguments or base ref.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PROJECT_ROOT } from "../harness/project-root";
import { renderComment, unchangedComment } from "./comment";
import { diffPlans, failedDiff, failureReasons, StackDiff, unchangedDiff } from "./plan-diff";
import { exitWhenFlushed } from "../harness/exit";
import { UsageError } from "../harness/usage-error";
import { isUnchanged, renderReport } from "./report";
import { rolloutWaveLines } from "./rollout-waves";
import { resolveBase } from "./base-worktree";
import { PlanCache } from "./cache";
import { planComparison } from "./plan-stacks";
import { gateNotice, withGateNotice } from "./gate";
import { defaultJobs } from "./pool";
import { progressOn } from "../terminal/progress";

const USAGE =
    "usage: npm run plan:diff -- --base <git-ref> [--head <dir>] [--out <dir>] [--cache <dir>] [--jobs <n>] [--preview-all]";

/** What the command line asks for. */
export interface DiffArguments {
    base: string;
    /** The checkout whose working tree is the head; this project's own by default. */
    head?: string;
    out: string;
    /** Where plans are kept between runs, by their inputs (cache.ts); none unless given. */
    cache?: string;
    /** Previews at once; the cores by default. */
    jobs: number;
    /** Preview every stack on both sides, even one whose inputs are the same. */
    previewAll: boolean;
}

/** Reads the command line; throws UsageError for anything it does not take. */
export function parseArguments(argv: readonly string[]): DiffArguments {
    const values = new Map<string, string>();
    let previewAll = false;
    for (let i = 0; i < argv.length; i += 1) {
        if (argv[i] === "--preview-all") {
            previewAll = true;
            continue;
        }
        if (!["--base", "--head", "--out", "--cache", "--jobs"].includes(argv[i]) || argv[i + 1] === undefined)
            throw new UsageError(`unexpected "${argv[i]}"; ${USAGE}`);
        values.set(argv[i], argv[i + 1]);
        i += 1;
    }
    const base = values.get("--base");
    if (!base) throw new UsageError(`--base is required; ${USAGE}`);
    const jobs = values.get("--jobs");
    if (jobs !== undefined && !/^[1-9][0-9]{0,3}$/.test(jobs))
        throw new UsageError(`--jobs: expected a whole number of 1 or more, found "${jobs}"`);
    return {
        base,
        head: values.get("--head"),
        out: values.get("--out") ?? "plan-diff",
        cache: values.get("--cache"),
        jobs: jobs === undefined ? defaultJobs() : Number(jobs),
        previewAll,
    };
}

/** Runs `npm run plan:diff` with the arguments after it; resolves to the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
    let args: DiffArguments;
    let baseCommit: string;
    let headRoot: string;
    try {
        args = parseArguments(argv);
        headRoot = args.head === undefined ? PROJECT_ROOT : path.resolve(args.head);
        if (!fs.existsSync(path.join(headRoot, "Pulumi.yaml")))
            throw new UsageError(`--head: expected a fedfleet checkout (with a Pulumi.yaml), found "${args.head}"`);
        baseCommit = resolveBase(headRoot, args.base);
    } catch (error) {
        process.stderr.write(`error: ${(error as Error).message}\n`);
        return 2;
    }
    const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "fedfleet-plan-diff-"));
    // Each step on stderr as it starts: previews take seconds each, and stdout keeps the results.
    const progress = progressOn(process.stderr);
    try {
        const comparison = await planComparison({
            onStep: (text) => progress.step(`plan:diff: ${text}`),
            projectRoot: headRoot,
            baseCommit,
            workDir,
            jobs: args.jobs,
            cache: args.cache === undefined ? undefined : new PlanCache(path.resolve(args.cache)),
            previewAll: args.previewAll,
            leaveOut: [args.out, ...(args.cache === undefined ? [] : [args.cache])],
        });
        const sides = comparison.stacks;
        const stacks = sides.map((side) => side.stack);
        // With --head, this code is the gate's checkout, not the head's (the workflow makes it the base's).
        const notice = gateNotice(comparison.gate, comparison.environments, args.head !== undefined);
        fs.mkdirSync(args.out, { recursive: true });
        const summary: Record<string, unknown> = {};
        const failures: string[] = [];
        for (const { stack, unchanged, before, after } of sides) {
            // Fail closed: a side that does not preview is reported as that error alone, never
            // as a stack whose resources all go.
            const diff: StackDiff = unchanged
                ? unchangedDiff(stack)
                : after.error
                  ? failedDiff(stack, "head", after.error)
                  : before.error
                    ? failedDiff(stack, "base", before.error)
                    : diffPlans(stack, before.plan, after.plan);
            const rendered = renderReport(diff, before.plan, after.plan);
            const report = { ...rendered, head: withGateNotice(rendered.head, notice) };
            fs.writeFileSync(path.join(args.out, `${stack}.md`), `${report.head}\n${report.body}`);
            // A hold set or lifted changes no input, yet the reviewer must see it (rollout-waves.ts).
            const rollout = rolloutWaveLines(diff, before.plan, after.plan);
            const comment =
                isUnchanged(diff) && rollout.length === 0 && notice.length === 0
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
                summaryWarnings: diff.summaryWarnings,
                traffic: diff.traffic,
                warnings: diff.warnings,
                rollout,
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
                      ? `${stack}: no changes${notice.length > 0 ? " to its resources (the gate changes)" : ""}\n`
                      : `${stack}: ${c.create} to create, ${c.update} to update, ${c.delete} to delete, ${c.replace} to replace, ${diff.summaryWarnings.length} to read before merging, ${diff.traffic.length} traffic finding(s), ${diff.warnings.length} warning(s)\n`,
            );
        }
        fs.writeFileSync(
            path.join(args.out, "summary.json"),
            `${JSON.stringify({ base: args.base, gateChanges: comparison.gate, environmentChanges: comparison.environments, stacks: summary }, null, 2)}\n`,
        );
        if (comparison.gate.length > 0)
            process.stdout.write(
                `gate: this pull request changes ${comparison.gate.length} file(s) of the gate; the verdict is the base's\n`,
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
        fs.rmSync(workDir, { recursive: true, force: true });
    }
}

if (require.main === module) {
    main(process.argv.slice(2)).then(exitWhenFlushed);
}
