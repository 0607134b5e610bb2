// A Node script as a process of its own, with its output kept whole and line by line in the
// order the lines came from both streams, and killed if it runs past a limit: how tests run
// `npm run plan:diff` (reading its reports and its progress) and a fresh preview CLI.
import { spawn } from "node:child_process";
import * as path from "node:path";

/**
 * The Node flags of the preview CLI and plan:diff processes the tests start: V8's optimizing
 * compiler (TurboFan) off. The suite starts about fifty of them on a 2-core machine, each on a
 * small stack, and is bound by CPU: in such a process TurboFan's background compiles cost a
 * fifth of its CPU and end with it (`npm run plan -- --stack prod`: 2.08 → 1.56 CPU-s, means of
 * 4 runs; plan:diff's own process 1.2 → 1.0). plan:diff hands it on to the preview workers it
 * starts (src/preview/diff/engine-flags.ts). Users' processes keep Node's defaults: on a big
 * fleet the compiler pays off in wall time (12 clusters × 100 services: 16.9 s with it, 21.5 s
 * without), which is what users wait on. The output is the same either way.
 */
export const TEST_PROCESS_FLAGS: readonly string[] = ["--no-opt"];

/** The `node` arguments that start one of the offline preview's scripts (its CLI, plan:diff's) for a test. */
export function previewProcessArgs(script: string, args: readonly string[] = []): string[] {
    return [...TEST_PROCESS_FLAGS, script, ...args];
}

/** The `node` arguments that start `root`'s compiled plan:diff with `args`, for a test. */
export function planDiffProcessArgs(root: string, args: readonly string[]): string[] {
    return previewProcessArgs(path.join(root, "dist/src/preview/diff/cli.js"), args);
}

/** One line of output, and the stream it came on. */
export interface OutputLine {
    stream: "stdout" | "stderr";
    line: string;
}

/** A finished process: its exit status, each stream whole, and every line in order. */
export interface NodeRun {
    status: number | null;
    stdout: string;
    stderr: string;
    lines: OutputLine[];
}

/** How to run it: where, with what environment, and for how long at most. */
export interface NodeRunOptions {
    cwd: string;
    env?: NodeJS.ProcessEnv;
    /** Killed past this, and the run fails saying so (what a caller's waiters then hear). */
    limitMs?: number;
}

/** Runs `node <args>` to its end. */
export function runNode(args: readonly string[], { cwd, env, limitMs }: NodeRunOptions): Promise<NodeRun> {
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, args, { cwd, env: env ?? process.env });
        const lines: OutputLine[] = [];
        const whole = { stdout: "", stderr: "" };
        const pending = { stdout: "", stderr: "" };
        for (const stream of ["stdout", "stderr"] as const) {
            child[stream].setEncoding("utf8");
            child[stream].on("data", (chunk: string) => {
                whole[stream] += chunk;
                const parts = (pending[stream] + chunk).split("\n");
                pending[stream] = parts.pop() ?? "";
                for (const line of parts) lines.push({ stream, line });
            });
        }
        const limit =
            limitMs === undefined
                ? undefined
                : setTimeout(() => {
                      child.kill("SIGKILL");
                      reject(new Error(`node ${args.join(" ")} ran past ${limitMs} ms`));
                  }, limitMs);
        child.on("error", reject);
        child.on("close", (status) => {
            clearTimeout(limit);
            for (const stream of ["stdout", "stderr"] as const)
                if (pending[stream]) lines.push({ stream, line: pending[stream] });
            resolve({ status, ...whole, lines });
        });
    });
}

/** Runs `root`'s plan:diff in `root` against its HEAD, writing to `out`. */
export function runPlanDiff(root: string, out: string, flags: readonly string[] = []): Promise<NodeRun> {
    return runNode(planDiffProcessArgs(root, ["--base", "HEAD", "--out", out, ...flags]), { cwd: root });
}
