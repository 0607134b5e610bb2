// `npm test`: lint, format check, type check, build and every mocha test, all of them on
// every run. The checks (tsc and eslint, prettier) run beside the build and mocha instead of
// before them, and mocha runs its files in parallel (.mocharc.json), so the suite takes about
// as long as its longest part on a 2-core machine rather than the sum of all parts.
//
// Output stays readable: mocha's report streams as it comes; each check's output is held
// and printed whole once mocha is done (a check that fails is also printed then), followed
// by one summary line per step. Exits non-zero if any step failed, so CI (`.ci/run`) counts
// a lint or type error, a failed build or a crashed mocha as a failure even when every test
// that ran passed. Arguments are passed to mocha (`npm test -- --grep placement`).
//
// Plain JavaScript, like src/build.js: it runs before anything is compiled.
"use strict";
const { spawn } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..", "..");
/** Caches that only ever skip work whose inputs are unchanged; a fresh clone has none. */
const CACHE_DIR = path.join(ROOT, "dist", ".cache");

/** The JavaScript file behind a dependency's command, run with this Node rather than a shell shim. */
function binOf(pkg, command) {
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "node_modules", pkg, "package.json"), "utf8"));
    const bin = typeof manifest.bin === "string" ? manifest.bin : manifest.bin[command];
    return path.join(ROOT, "node_modules", pkg, bin);
}

// The type check and ESLint run in one process over one TypeScript program
// (lint-and-typecheck.js): tsc's incremental state and ESLint's results are kept in the cache,
// ESLint's keyed on each file and every file its types come from (the Pulumi rules read types
// from other files). Prettier's cache tracks files by content, so a cached run reports what a fresh one would.
const CHECKS = [
    { name: "tsc+eslint", args: [path.join(__dirname, "lint-and-typecheck.js")] },
    {
        name: "prettier",
        args: [
            binOf("prettier", "prettier"),
            "--check",
            ".",
            "--cache",
            "--cache-strategy",
            "content",
            "--cache-location",
            path.join(CACHE_DIR, "prettier"),
        ],
    },
];

/** Linux's statfs type of a tmpfs (linux/magic.h TMPFS_MAGIC). */
const TMPFS_MAGIC = 0x01021994;
/** Room to leave a run's temporary files (project copies, worktrees, plan files), with plenty to spare. */
const SCRATCH_ROOM = 2 * 1024 ** 3;

/**
 * Where the tests' temporary files go when no temporary directory is chosen (TMPDIR, TMP or
 * TEMP, which os.tmpdir() reads): a directory of this run's own on /dev/shm when that is a tmpfs
 * with room and the machine has the memory free, else undefined (os.tmpdir(), as before). The
 * tests copy the project, add git worktrees and write plan files by the thousand, then delete
 * them; on a disk that is kernel time and waits (the plan:diff tests and the config fuzz, three
 * runs each way on this machine's ext4 /tmp: 3-4% less CPU, 5% less wall time on tmpfs).
 * Removed when the run ends.
 */
function ramScratch() {
    if (process.env.TMPDIR || process.env.TMP || process.env.TEMP || process.platform !== "linux") return undefined;
    try {
        const stats = fs.statfsSync("/dev/shm");
        const room = Math.min(stats.bavail * stats.bsize, os.freemem());
        if (stats.type !== TMPFS_MAGIC || room < SCRATCH_ROOM) return undefined;
        // Resolved: git and the tests compare real paths.
        return fs.realpathSync(fs.mkdtempSync(path.join("/dev/shm", "fedfleet-test-")));
    } catch {
        return undefined;
    }
}

const children = new Set();
/** This run's directory on tmpfs, if it has one (ramScratch). */
let scratch;

/** Runs `node <args>` from the project root; resolves with its exit code and, if captured, its output. */
function run(args, { capture, env } = {}) {
    return new Promise((resolve) => {
        const child = spawn(process.execPath, args, {
            cwd: ROOT,
            env: env ?? process.env,
            stdio: capture ? ["ignore", "pipe", "pipe"] : "inherit",
        });
        children.add(child);
        let output = "";
        if (capture) {
            child.stdout.on("data", (chunk) => (output += chunk));
            child.stderr.on("data", (chunk) => (output += chunk));
        }
        child.on("error", (error) => {
            output += `${error.message}\n`;
        });
        child.on("close", (code, signal) => {
            children.delete(child);
            resolve({ code: code ?? 1, signal, output });
        });
    });
}

/** Runs one step, timing it. */
async function step(name, args, options) {
    const started = Date.now();
    const result = await run(args, options);
    return { name, ...result, seconds: (Date.now() - started) / 1000 };
}

async function main() {
    const started = Date.now();
    fs.mkdirSync(CACHE_DIR, { recursive: true });
    const checks = CHECKS.map(({ name, args }) => step(name, args, { capture: true }));

    const build = await step("build", [path.join(ROOT, "src", "build.js")]);
    let mocha;
    if (build.code === 0) {
        // V8's code cache for every Node process the tests start (the offline preview CLI loads
        // the Pulumi SDK and three providers each time): Node checks each entry against the
        // source it was made from, and the default directory is the one Node documents.
        const env = { ...process.env };
        env.NODE_COMPILE_CACHE ??= path.join(os.tmpdir(), "node-compile-cache");
        scratch = ramScratch();
        if (scratch) env.TMPDIR = scratch;
        // A larger young generation for mocha and its workers (which fork with mocha's own
        // execArgv), where previews follow one another in one process: a preview keeps thousands
        // of SDK promises alive at once, and with V8's default semi-space most of them are copied
        // scavenge after scavenge (10 prod previews in one process: 131 scavenges, a third of the
        // CPU; with 64 MiB, 42). Not through NODE_OPTIONS: the short processes the tests start
        // (one preview each) are slower with it (prod: 2.35 against 2.10 CPU-s): the preview CLI
        // and plan:diff get test/support/node-process.ts's TEST_PROCESS_FLAGS (plan:diff hands
        // them on to its preview workers), builds Node's defaults.
        // And one GC thread per worker: two workers already keep both cores busy, and V8's helper
        // threads only add their coordination (8 prod previews in one process: 10% less CPU).
        const mochaArgs = [
            "--max-semi-space-size=64",
            "--single-threaded-gc",
            binOf("mocha", "mocha"),
            ...process.argv.slice(2),
        ];
        mocha = await step("mocha", mochaArgs, { env });
    } else {
        mocha = { name: "mocha", code: 1, seconds: 0, skipped: "the build failed" };
    }

    const checked = await Promise.all(checks);
    for (const check of checked) {
        const text = check.output.trimEnd();
        if (text) process.stdout.write(`\n--- ${check.name} ---\n${text}\n`);
    }
    const steps = [...checked, build, mocha];

    process.stdout.write("\n");
    for (const { name, code, signal, seconds, skipped } of steps) {
        const verdict = skipped ? `not run: ${skipped}` : code === 0 ? "ok" : `FAILED (${signal ?? `exit ${code}`})`;
        process.stdout.write(`npm test: ${name.padEnd(10)} ${verdict.padEnd(24)} ${seconds.toFixed(1)} s\n`);
    }
    const failed = steps.filter((s) => s.code !== 0).map((s) => s.name);
    const total = ((Date.now() - started) / 1000).toFixed(1);
    process.stdout.write(
        failed.length === 0
            ? `npm test: everything passed in ${total} s\n`
            : `npm test: ${failed.join(", ")} failed (${total} s)\n`,
    );
    return failed.length === 0 ? 0 : 1;
}

/** Runs the suite: the process's handlers, then main(). */
function runSuite() {
    // Whether the run ends, fails or is interrupted.
    process.on("exit", () => {
        if (!scratch) return;
        try {
            fs.rmSync(scratch, { recursive: true, force: true });
        } catch (error) {
            // An interrupted child may still be writing into it: say where it is, exit as planned.
            process.stderr.write(`npm test: could not remove ${scratch}: ${error.message}\n`);
        }
    });

    // Interrupted: stop every step too, and exit as a shell reports a signal (128 + its number).
    for (const [signal, number] of [
        ["SIGHUP", 1],
        ["SIGINT", 2],
        ["SIGTERM", 15],
    ]) {
        process.on(signal, () => {
            for (const child of children) child.kill(signal);
            process.exit(128 + number);
        });
    }

    // exitCode rather than exit(): the summary reaches a piped stdout (CI's tee) before the process ends.
    main().then(
        (code) => {
            process.exitCode = code;
        },
        (error) => {
            process.stderr.write(`npm test: ${error.stack}\n`);
            process.exitCode = 1;
        },
    );
}

/** What tests need of this script (test/tools/test/run.test.ts); run as a script, it runs the suite. */
module.exports = { ramScratch, TMPFS_MAGIC, SCRATCH_ROOM };
if (require.main === module) runSuite();
