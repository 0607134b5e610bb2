// One `npm run plan --stack <stack>` per checked-in stack and set of flags, shared by every
// test file of a mocha run that only reads what it printed and wrote: the policy, contracts,
// placement and DNS sections, the plan files. A dozen files need the same few. The run is the
// CLI's `main` in the process of the first file that asks (test/support/plan-cli.ts): what only
// a real process shows (its exit status, flushed output, byte-identical files from a fresh
// process) is checked by the tests that start their own (cli.test.ts, first-preview.test.ts,
// side-workers.test.ts), comparing with these.
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
import { runPlanInProcess } from "./plan-cli";

/** A finished CLI run, and the `--out` directory it wrote plan.json and plan.md to. */
export interface SharedPreview {
    status: number | null;
    stdout: string;
    stderr: string;
    out: string;
}

const WAIT_LIMIT_MS = 10 * 60_000;
const PREVIEW_LIMIT_MS = 5 * 60_000;
const shared = new Map<string, Promise<SharedPreview>>();

/** Runs the CLI into `dir` and records the outcome in `dir/result.json` (renamed into place whole). */
async function runInto(dir: string, args: readonly string[]): Promise<SharedPreview> {
    const out = path.join(dir, "out");
    let preview: SharedPreview | { error: string };
    try {
        preview = { ...(await runPlanInProcess([...args, "--out", out], PREVIEW_LIMIT_MS)), out };
    } catch (error) {
        preview = { error: String(error) };
    }
    fs.writeFileSync(path.join(dir, "result.json.tmp"), JSON.stringify(preview));
    fs.renameSync(path.join(dir, "result.json.tmp"), path.join(dir, "result.json"));
    if ("error" in preview) throw new Error(preview.error);
    return preview;
}

/** Waits for the run another worker is making in `dir`. */
async function awaitRun(dir: string, args: readonly string[]): Promise<SharedPreview> {
    const result = path.join(dir, "result.json");
    const started = Date.now();
    while (!fs.existsSync(result)) {
        if (Date.now() - started > WAIT_LIMIT_MS)
            throw new Error(`no result for npm run plan ${args.join(" ")} in ${dir} after ${WAIT_LIMIT_MS} ms`);
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const preview = JSON.parse(fs.readFileSync(result, "utf8")) as SharedPreview | { error: string };
    if ("error" in preview)
        throw new Error(`npm run plan ${args.join(" ")} failed in another worker: ${preview.error}`);
    return preview;
}

/** Makes the run of `args`, or waits for the worker that is making it (see above). */
function share(args: readonly string[]): Promise<SharedPreview> {
    const runDir = process.env[RUN_DIR_VARIABLE];
    if (!runDir) return runInto(fs.mkdtempSync(path.join(os.tmpdir(), "fedfleet-shared-preview-")), args);
    const key = args.join(" ");
    const dir = path.join(runDir, "previews", crypto.createHash("sha256").update(key).digest("hex").slice(0, 16));
    fs.mkdirSync(path.dirname(dir), { recursive: true });
    try {
        fs.mkdirSync(dir);
    } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
        return awaitRun(dir, args);
    }
    return runInto(dir, args);
}

/** `npm run plan -- --stack <stack> <flags> --out <dir>`, run once and shared (see above). */
export function previewStackOnce(stack: string, flags: readonly string[] = []): Promise<SharedPreview> {
    const args = ["--stack", stack, ...flags];
    const key = args.join(" ");
    let preview = shared.get(key);
    if (!preview) {
        preview = share(args);
        shared.set(key, preview);
    }
    return preview;
}
