// The offline preview's CLI (`npm run plan`) run in this process: `main(argv)` with stdout and
// stderr captured. A real process costs about a second of start-up (the Pulumi SDK and three
// providers) before the first line of fedfleet runs; tables of refusals run here, and keep one
// row as a real process for what only a process shows (its exit status, flushed output).
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { main } from "../../src/preview/plan/cli";
import { runPlanCli } from "./plan";

/** What a CLI run gave: its exit code (a real process's status), stdout and stderr. */
export interface CliOutcome {
    status: number | null;
    stdout: string;
    stderr: string;
}

/**
 * Runs `main(argv)` with stdout and stderr captured (what it writes to its output, and anything
 * written to the process's streams meanwhile), failing if it takes longer than `timeoutMs`.
 */
export async function runPlanInProcess(argv: readonly string[], timeoutMs = 10_000): Promise<CliOutcome> {
    let stdout = "";
    let stderr = "";
    const capture = (append: (text: string) => void) =>
        ((chunk: string | Uint8Array, ...rest: unknown[]) => {
            append(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
            const callback = rest.find((arg) => typeof arg === "function") as (() => void) | undefined;
            callback?.();
            return true;
        }) as typeof process.stdout.write;
    const original = { out: process.stdout.write, err: process.stderr.write };
    process.stdout.write = capture((text) => {
        stdout += text;
    });
    process.stderr.write = capture((text) => {
        stderr += text;
    });
    let timer: NodeJS.Timeout | undefined;
    try {
        const timeout = new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
        });
        // As a process whose output is piped sees it (spawnSync, CI): no terminal, so no colour,
        // even when the test runner's own output is a terminal.
        const output = {
            stdout: { isTTY: false, write: (text: string) => (stdout += text) },
            stderr: { write: (text: string) => (stderr += text) },
        };
        const status = await Promise.race([main(argv, output), timeout]);
        return { status, stdout, stderr };
    } finally {
        clearTimeout(timer);
        process.stdout.write = original.out;
        process.stderr.write = original.err;
    }
}

/**
 * The offline preview of a stack file's text that must refuse it: writes the text to a
 * temporary `<fileName>`, runs the CLI with `--out` (in this process, or as a real one), and
 * asserts exit 2 with exactly one stderr line, nothing on stdout and nothing written.
 * Returns that line.
 */
export async function refusal(fileName: string, text: string, how: "in-process" | "process"): Promise<string> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fedfleet-refusal-"));
    const file = path.join(dir, fileName);
    fs.writeFileSync(file, text);
    const out = path.join(dir, "out");
    const argv = ["--config", file, "--out", out];
    const result = how === "process" ? runPlanCli(argv) : await runPlanInProcess(argv);
    const written = fs.existsSync(out);
    fs.rmSync(dir, { recursive: true, force: true });
    assert.equal(result.status, 2, result.stdout + result.stderr);
    assert.equal(result.stdout, "", "nothing on stdout");
    const lines = result.stderr.trimEnd().split("\n");
    assert.equal(lines.length, 1, result.stderr);
    assert.ok(!written, "nothing written");
    return lines[0];
}
