// One `npm run plan --stack <stack>` per checked-in stack and set of flags, shared by every
// test file of a mocha run that only reads what it printed and wrote: the policy, contracts,
// placement and DNS sections, the plan files. A dozen files need the same few. The run is the
// CLI's `main` in the process of the first file that asks (test/support/plan-cli.ts): what only
// a real process shows (its exit status, flushed output, byte-identical files from a fresh
// process) is checked by the tests that start their own (cli.test.ts, first-preview.test.ts),
// comparing with these.
//
// And one real process per checked-in stack (freshProcessPreviewOnce): the preview CLI as a
// side of plan:diff ran before its workers, and what a worker must match, with a digest key
// for secrets made once per mocha run (plan:diff gives its sides one) and the read tracer
// (read-tracer.ts) recording every file it read. Three files read it, each for its own
// question: what it read (inputs-trace.test.ts), that no secret reaches its output
// (no-secret-leaks.test.ts), and that a preview worker writes the same bytes
// (side-workers.test.ts). The tracer only notes paths; what the process prints and writes
// is what it would print and write without it.
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
import { previewProcessArgs, runNode } from "./node-process";
import { PROJECT_ROOT } from "./plan";
import { runPlanInProcess } from "./plan-cli";

/** A finished CLI run, and the `--out` directory it wrote plan.json and plan.md to. */
export interface SharedPreview {
    status: number | null;
    stdout: string;
    stderr: string;
    out: string;
}

/** A real process's run of one checked-in stack (see the top of this file). */
export interface FreshProcessPreview extends SharedPreview {
    /** The FEDFLEET_SECRET_DIGEST_KEY it ran with: the mocha run's (sharedDigestKey). */
    digestKey: string;
    /** Every file it read, as absolute paths, sorted (read-tracer.ts). */
    read: string[];
}

const WAIT_LIMIT_MS = 10 * 60_000;
const PREVIEW_LIMIT_MS = 5 * 60_000;
const shared = new Map<string, Promise<unknown>>();

/** The error a recorded outcome holds, if it holds one instead of a run. */
const errorOf = (outcome: unknown): string | undefined =>
    outcome !== null && typeof outcome === "object" && "error" in outcome ? String(outcome.error) : undefined;

/** Makes a run into `dir` and records its outcome in `dir/result.json` (renamed into place whole). */
async function runInto<T>(dir: string, make: (dir: string) => Promise<T>): Promise<T> {
    let outcome: T | { error: string };
    try {
        outcome = await make(dir);
    } catch (error) {
        outcome = { error: String(error) };
    }
    fs.writeFileSync(path.join(dir, "result.json.tmp"), JSON.stringify(outcome));
    fs.renameSync(path.join(dir, "result.json.tmp"), path.join(dir, "result.json"));
    const error = errorOf(outcome);
    if (error !== undefined) throw new Error(error);
    return outcome as T;
}

/** Waits for the run another worker is making in `dir`. */
async function awaitRun<T>(dir: string, what: string): Promise<T> {
    const result = path.join(dir, "result.json");
    const started = Date.now();
    while (!fs.existsSync(result)) {
        if (Date.now() - started > WAIT_LIMIT_MS)
            throw new Error(`no result for ${what} in ${dir} after ${WAIT_LIMIT_MS} ms`);
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const outcome = JSON.parse(fs.readFileSync(result, "utf8")) as T | { error: string };
    const error = errorOf(outcome);
    if (error !== undefined) throw new Error(`${what} failed in another worker: ${error}`);
    return outcome as T;
}

/** Makes the run named `what` once per mocha run, or waits for the worker that is making it (see above). */
function share<T>(what: string, make: (dir: string) => Promise<T>): Promise<T> {
    let run = shared.get(what) as Promise<T> | undefined;
    if (run) return run;
    const runDir = process.env[RUN_DIR_VARIABLE];
    if (!runDir) {
        run = runInto(fs.mkdtempSync(path.join(os.tmpdir(), "fedfleet-shared-preview-")), make);
    } else {
        const dir = path.join(runDir, "previews", crypto.createHash("sha256").update(what).digest("hex").slice(0, 16));
        fs.mkdirSync(path.dirname(dir), { recursive: true });
        let mine = true;
        try {
            fs.mkdirSync(dir);
        } catch (error) {
            if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
            mine = false;
        }
        run = mine ? runInto(dir, make) : awaitRun<T>(dir, what);
    }
    shared.set(what, run);
    return run;
}

/** `npm run plan -- --stack <stack> <flags> --out <dir>`, run once in process and shared (see above). */
export function previewStackOnce(stack: string, flags: readonly string[] = []): Promise<SharedPreview> {
    const args = ["--stack", stack, ...flags];
    return share(`npm run plan ${args.join(" ")}`, async (dir) => {
        const out = path.join(dir, "out");
        return { ...(await runPlanInProcess([...args, "--out", out], PREVIEW_LIMIT_MS)), out };
    });
}

let ownDigestKey: string | undefined;

/**
 * The digest key of this mocha run's fresh-process previews: made by the first worker that
 * asks and read by the others (linked into place whole, so never read half written); this
 * process's own without a run.
 */
export function sharedDigestKey(): string {
    const runDir = process.env[RUN_DIR_VARIABLE];
    if (!runDir) return (ownDigestKey ??= crypto.randomBytes(32).toString("hex"));
    const file = path.join(runDir, "fresh-digest-key");
    if (!fs.existsSync(file)) {
        const draft = `${file}.${process.pid}`;
        fs.writeFileSync(draft, crypto.randomBytes(32).toString("hex"));
        try {
            fs.linkSync(draft, file);
        } catch (error) {
            if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
        } finally {
            fs.rmSync(draft);
        }
    }
    return fs.readFileSync(file, "utf8");
}

const TRACER = path.join(PROJECT_ROOT, "dist", "test", "support", "read-tracer.js");
const CLI = path.join(PROJECT_ROOT, "dist", "src", "preview", "plan", "cli.js");

/**
 * `npm run plan -- --stack <stack> --out <dir>` as a process of its own, from the project root,
 * with the run's digest key and the read tracer; once per mocha run (see the top of this file).
 */
export function freshProcessPreviewOnce(stack: string): Promise<FreshProcessPreview> {
    const digestKey = sharedDigestKey();
    return share(`a fresh process of npm run plan --stack ${stack}`, async (dir) => {
        const [out, trace] = [path.join(dir, "out"), path.join(dir, "read.json")];
        // Killed past the limit, so the workers waiting for it hear why rather than time out.
        const { status, stdout, stderr } = await runNode(
            ["--require", TRACER, ...previewProcessArgs(CLI, ["--stack", stack, "--out", out])],
            {
                cwd: PROJECT_ROOT,
                env: { ...process.env, FEDFLEET_SECRET_DIGEST_KEY: digestKey, FEDFLEET_READ_TRACE: trace },
                limitMs: PREVIEW_LIMIT_MS,
            },
        );
        const read = fs.existsSync(trace) ? (JSON.parse(fs.readFileSync(trace, "utf8")) as string[]) : [];
        return { status, stdout, stderr, out, digestKey, read: read.filter((file) => file !== TRACER) };
    });
}
