// Timing helpers shared by the benchmark's tables: a child process timed from spawn to
// exit, and the median of repeated samples.
import { spawnSync } from "node:child_process";
import * as path from "node:path";

/** Runs a command to completion and returns its wall time; throws with its last lines if it fails. */
export function timedRun(
    command: string,
    args: string[],
    cwd: string,
    env: Record<string, string> = {},
): { ms: number; stdout: string } {
    const start = process.hrtime.bigint();
    const result = spawnSync(command, args, {
        cwd,
        encoding: "utf8",
        env: { ...process.env, ...env },
        maxBuffer: 64 * 1024 * 1024,
    });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (result.status !== 0) {
        throw new Error(
            `${path.basename(command)} ${args.slice(0, 3).join(" ")} exited ${result.status}: ${(result.stderr || result.stdout).trim().split("\n").slice(-3).join(" | ")}`,
        );
    }
    return { ms, stdout: result.stdout };
}

/** The median of the samples: the mean of the middle two for an even count. */
export function median(values: number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
