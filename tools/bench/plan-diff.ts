// The plan:diff rows of `npm run bench`: what a pull request waits for, as a ratio to one
// offline preview of the largest checked-in stack timed in the same run. Measured in a copy
// of the project (project-copy.ts) whose one commit is the base and whose working tree is
// the head: a no-op diff, a change to the largest stack's file, a change to the program
// (every stack), and the largest stack's change again with the base's plans already cached
// (a second push). Each run is a process of its own, the cases interleaved so drift in the
// machine's load falls on all of them; the spread (min-max) and the load average say how
// noisy the run was.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Progress } from "../../src/preview/terminal/progress";
import { median, timedRun } from "./measure";
import { copyProject } from "./project-copy";

/** Which change a case diffs. */
export type PlanDiffCaseId = "no-op" | "one-stack" | "all-stacks" | "second-push";

/** A case's timings, median first. */
export interface PlanDiffCase {
    id: PlanDiffCaseId;
    name: string;
    medianMs: number;
    minMs: number;
    maxMs: number;
    /** Median over the largest stack's preview median. */
    ratio: number;
}

/** What the plan:diff rows measured. */
export interface PlanDiffMeasurement {
    largestStack: string;
    resources: number;
    jobs: number;
    preview: { medianMs: number; minMs: number; maxMs: number };
    cases: PlanDiffCase[];
    loadBefore: number;
    loadAfter: number;
}

const PLAN_CLI = "dist/src/preview/plan/cli.js";
const DIFF_CLI = "dist/src/preview/diff/cli.js";

/** Times every case `repeats` times in a fresh project copy; see the top of this file. */
export function measurePlanDiff(root: string, repeats: number, progress?: Progress): PlanDiffMeasurement {
    const loadBefore = os.loadavg()[0];
    const copy = copyProject(root);
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "fedfleet-bench-plan-diff-"));
    try {
        const at = (name: string) => path.join(scratch, name);
        // Which stack is largest: by what its preview registers. These runs also warm the copy (its first build).
        const stacks = fs
            .readdirSync(path.join(copy.root, "stacks"))
            .flatMap((file) => /^Pulumi\.([^.]+)\.yaml$/.exec(file)?.[1] ?? []);
        const sizes = stacks.map((stack) => {
            timedRun(process.execPath, [PLAN_CLI, "--stack", stack, "--out", at(`size-${stack}`)], copy.root);
            const plan = JSON.parse(fs.readFileSync(at(`size-${stack}/plan.json`), "utf8")) as { resources: unknown[] };
            return { stack, resources: plan.resources.length };
        });
        const { stack: largest, resources } = sizes.reduce((a, b) => (b.resources > a.resources ? b : a));
        const stackFile = path.join(copy.root, "stacks", `Pulumi.${largest}.yaml`);
        const stackText = fs.readFileSync(stackFile, "utf8");
        const program = path.join(copy.root, "index.ts");
        const programText = fs.readFileSync(program, "utf8");
        const diff = (out: string, flags: string[] = []) =>
            timedRun(process.execPath, [DIFF_CLI, "--base", "HEAD", "--out", at(out), ...flags], copy.root).ms;
        const cache = at("cache");
        // The base's plans in the cache, as the first push of a pull request leaves them.
        fs.writeFileSync(stackFile, `${stackText}# bench: warm-up\n`);
        diff("warm", ["--cache", cache]);
        fs.writeFileSync(stackFile, stackText);

        const cases: { id: PlanDiffCaseId | "preview"; name: string; run: (i: number) => number }[] = [
            {
                id: "preview",
                name: "preview",
                run: () =>
                    timedRun(process.execPath, [PLAN_CLI, "--stack", largest, "--out", at("preview")], copy.root).ms,
            },
            { id: "no-op", name: "no-op diff", run: () => diff("no-op") },
            {
                id: "one-stack",
                name: `one stack file changed (${largest})`,
                run: () => {
                    fs.writeFileSync(stackFile, `${stackText}# bench: a one-stack change\n`);
                    return diff("one-stack");
                },
            },
            {
                id: "all-stacks",
                name: "all stacks changed (index.ts)",
                run: () => {
                    fs.writeFileSync(program, `${programText}// bench: a change to the program\n`);
                    return diff("all-stacks");
                },
            },
            {
                id: "second-push",
                name: "one stack file changed, base plans cached (a second push)",
                run: (i) => {
                    // A head no run has seen, each time: only the base can come from the cache.
                    fs.writeFileSync(stackFile, `${stackText}# bench: push ${i}\n`);
                    return diff("second-push", ["--cache", cache]);
                },
            },
        ];
        const samples = new Map<string, number[]>(cases.map((c) => [c.name, []]));
        for (let i = 0; i < repeats; i += 1) {
            for (const c of i % 2 === 0 ? cases : [...cases].reverse()) {
                progress?.step(`bench: plan:diff, ${c.name}, run ${i + 1} of ${repeats}`);
                try {
                    samples.get(c.name)!.push(c.run(i));
                } finally {
                    fs.writeFileSync(stackFile, stackText);
                    fs.writeFileSync(program, programText);
                }
            }
        }
        const summary = (values: number[]) => ({
            medianMs: median(values),
            minMs: Math.min(...values),
            maxMs: Math.max(...values),
        });
        const preview = summary(samples.get("preview")!);
        return {
            largestStack: largest,
            resources,
            jobs: os.availableParallelism(),
            preview,
            cases: cases.flatMap(({ id, name }) => {
                if (id === "preview") return [];
                const measured = summary(samples.get(name)!);
                return [{ id, name, ...measured, ratio: measured.medianMs / preview.medianMs }];
            }),
            loadBefore,
            loadAfter: os.loadavg()[0],
        };
    } finally {
        copy.remove();
        fs.rmSync(scratch, { recursive: true, force: true });
    }
}

/** The plan:diff rows as printed: one line per case, then what the run's noise was. */
export function planDiffLines(measured: PlanDiffMeasurement, repeats: number): string[] {
    const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    const spread = (c: { minMs: number; maxMs: number }) => `${seconds(c.minMs)}-${seconds(c.maxMs)}`;
    return [
        `plan:diff, median of ${repeats}, as a ratio to one preview of ${measured.largestStack} (the largest stack, ${measured.resources} resources): ` +
            `${seconds(measured.preview.medianMs)} (spread ${spread(measured.preview)}); previews ${measured.jobs} at once`,
        ...measured.cases.map(
            (c) =>
                `  ${c.name.padEnd(58)} ${seconds(c.medianMs).padStart(8)}  ${c.ratio.toFixed(2)}x  (spread ${spread(c)})`,
        ),
        `  load average (1 min) ${measured.loadBefore.toFixed(2)} before, ${measured.loadAfter.toFixed(2)} after, on ${os.cpus().length} cores`,
    ];
}
