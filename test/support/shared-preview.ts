// One real `npm run plan --stack <stack>` per checked-in stack and set of flags, shared by every
// test file of a mocha run that only reads what it printed and wrote: the policy, contracts,
// placement and DNS sections, the plan files. Each costs seconds; a dozen files need the same
// few. A test that compares two runs (determinism) still makes its own second run.
//
// mocha runs test files in worker processes (.mocharc.json), so the runs are shared through a
// directory: test/support/mocha-run.ts makes one per mocha run and names it in
// FEDFLEET_TEST_RUN_DIR. The first worker to ask for a run makes it; the others wait for its
// result. Without that variable (one file run by hand) a run is shared within the process.
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { RUN_DIR_VARIABLE } from "./mocha-run";
import { runPlanCli } from "./plan";

/** A finished CLI run, and the `--out` directory it wrote plan.json and plan.md to. */
export interface SharedPreview {
    status: number | null;
    stdout: string;
    stderr: string;
    out: string;
}

// Synchronous, so mocha's own timeout cannot end the wait: bounded here.
const WAIT_LIMIT_MS = 10 * 60_000;
const inProcess = new Map<string, SharedPreview>();

/** Blocks this thread (the tests that read a run are synchronous) for `ms`. */
function sleep(ms: number): void {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Runs the CLI into `dir` and records the outcome in `dir/result.json` (renamed into place whole). */
function runInto(dir: string, args: readonly string[]): SharedPreview {
    const out = path.join(dir, "out");
    let preview: SharedPreview | { error: string };
    try {
        preview = { ...runPlanCli([...args, "--out", out]), out };
    } catch (error) {
        preview = { error: String(error) };
    }
    fs.writeFileSync(path.join(dir, "result.json.tmp"), JSON.stringify(preview));
    fs.renameSync(path.join(dir, "result.json.tmp"), path.join(dir, "result.json"));
    if ("error" in preview) throw new Error(preview.error);
    return preview;
}

/** Waits for the run another worker is making in `dir`. */
function awaitRun(dir: string, args: readonly string[]): SharedPreview {
    const result = path.join(dir, "result.json");
    const started = Date.now();
    while (!fs.existsSync(result)) {
        if (Date.now() - started > WAIT_LIMIT_MS)
            throw new Error(`no result for npm run plan ${args.join(" ")} in ${dir} after ${WAIT_LIMIT_MS} ms`);
        sleep(100);
    }
    const preview = JSON.parse(fs.readFileSync(result, "utf8")) as SharedPreview | { error: string };
    if ("error" in preview)
        throw new Error(`npm run plan ${args.join(" ")} failed in another worker: ${preview.error}`);
    return preview;
}

/** `npm run plan -- --stack <stack> <flags> --out <dir>`, run once and shared (see above). */
export function previewStackOnce(stack: string, flags: readonly string[] = []): SharedPreview {
    const args = ["--stack", stack, ...flags];
    const key = args.join(" ");
    let preview = inProcess.get(key);
    if (preview) return preview;
    const runDir = process.env[RUN_DIR_VARIABLE];
    if (runDir) {
        const dir = path.join(runDir, "previews", crypto.createHash("sha256").update(key).digest("hex").slice(0, 16));
        fs.mkdirSync(path.dirname(dir), { recursive: true });
        let mine = true;
        try {
            fs.mkdirSync(dir);
        } catch (error) {
            if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
            mine = false;
        }
        preview = mine ? runInto(dir, args) : awaitRun(dir, args);
    } else {
        preview = runInto(fs.mkdtempSync(path.join(os.tmpdir(), "fedfleet-shared-preview-")), args);
    }
    inProcess.set(key, preview);
    return preview;
}
