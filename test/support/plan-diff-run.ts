// `npm run plan:diff` as a process of its own, keeping its output line by line in the order
// the lines came from both streams: what tests of its reports and of its progress read.
import { spawn } from "node:child_process";
import * as path from "node:path";

/** One line of output, and the stream it came on. */
export interface OutputLine {
    stream: "stdout" | "stderr";
    line: string;
}

/** A finished plan:diff run: its exit status, each stream whole, and every line in order. */
export interface PlanDiffRun {
    status: number | null;
    stdout: string;
    stderr: string;
    lines: OutputLine[];
}

/** Runs `root`'s plan:diff in `root` against its HEAD, writing to `out`. */
export function runPlanDiff(root: string, out: string, flags: readonly string[] = []): Promise<PlanDiffRun> {
    return new Promise((resolve, reject) => {
        const child = spawn(
            process.execPath,
            [path.join(root, "dist/src/preview/diff/cli.js"), "--base", "HEAD", "--out", out, ...flags],
            { cwd: root },
        );
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
        child.on("error", reject);
        child.on("close", (status) => {
            for (const stream of ["stdout", "stderr"] as const)
                if (pending[stream]) lines.push({ stream, line: pending[stream] });
            resolve({ status, ...whole, lines });
        });
    });
}
