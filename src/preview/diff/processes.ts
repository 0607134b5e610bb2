// The child processes plan:diff starts (git, npm, each side's offline preview): run to the
// end, with their exit status and output, either blocking (quick git plumbing) or not (what
// runs alongside other work).
import { spawn, spawnSync } from "node:child_process";

/** How a child process ended: its exit status (1 when killed or never started) and what it printed. */
export interface Finished {
    status: number;
    stdout: string;
    stderr: string;
}

/** Runs a command to its end, blocking; for git plumbing that takes milliseconds. */
export function runSync(command: string, args: readonly string[], cwd: string, env?: NodeJS.ProcessEnv): Finished {
    const result = spawnSync(command, args, {
        cwd,
        encoding: "utf8",
        env: { ...process.env, ...env },
        maxBuffer: 256 * 1024 * 1024,
    });
    return { status: result.status ?? 1, stdout: result.stdout ?? "", stderr: result.stderr ?? "" };
}

/**
 * Runs a command to its end without blocking, so other processes run meanwhile. With
 * `keepStdout: false` its standard output is discarded (an offline preview prints its whole tree).
 */
export function runAsync(
    command: string,
    args: readonly string[],
    cwd: string,
    options: { env?: NodeJS.ProcessEnv; keepStdout?: boolean } = {},
): Promise<Finished> {
    return new Promise((resolve) => {
        const child = spawn(command, args, {
            cwd,
            env: { ...process.env, ...options.env },
            stdio: ["ignore", options.keepStdout === false ? "ignore" : "pipe", "pipe"],
        });
        const stdout: Buffer[] = [];
        const stderr: Buffer[] = [];
        child.stdout?.on("data", (chunk: Buffer) => stdout.push(chunk));
        child.stderr?.on("data", (chunk: Buffer) => stderr.push(chunk));
        const finish = (status: number) =>
            resolve({
                status,
                stdout: Buffer.concat(stdout).toString("utf8"),
                stderr: Buffer.concat(stderr).toString("utf8"),
            });
        child.on("error", (error) => {
            stderr.push(Buffer.from(`${error.message}\n`));
            finish(1);
        });
        child.on("close", (code) => finish(code ?? 1));
    });
}
