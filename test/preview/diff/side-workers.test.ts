// plan:diff's preview workers (src/preview/diff/side-workers.ts, src/preview/plan/worker.ts):
// one process previews stack after stack and writes what a process of its own per stack
// writes, byte for byte; a worker that dies fails only the preview it was running.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { engineFlags } from "../../../src/preview/diff/engine-flags";
import { previewSide, secretDigestEnv } from "../../../src/preview/diff/side-preview";
import { SideWorkers, WORKER_PLACE } from "../../../src/preview/diff/side-workers";
import { PROJECT_ROOT } from "../../support/plan";
import { freshProcessPreviewOnce, sharedDigestKey } from "../../support/shared-preview";

describe("plan:diff's preview workers", function () {
    this.timeout(300_000);
    let scratch: string;
    beforeEach(() => (scratch = fs.mkdtempSync(path.join(os.tmpdir(), "fedfleet-side-workers-"))));
    afterEach(() => fs.rmSync(scratch, { recursive: true, force: true }));

    it("previews stack after stack in few processes, each plan byte for byte a fresh process's", async () => {
        // As plan:diff runs them, with a digest key: the mocha run's, which its fresh process of
        // each stack ran with (test/support/shared-preview.ts).
        const workers = new SideWorkers(PROJECT_ROOT, secretDigestEnv(sharedDigestKey()));
        const out = (stack: string) => path.join(scratch, stack);
        try {
            // Two at once take two workers; the third reuses one that has already previewed another stack.
            const [prod, staging] = await Promise.all([
                workers.preview("prod", out("prod")),
                workers.preview("staging", out("staging")),
            ]);
            const dev = await workers.preview("dev", out("dev"));
            assert.equal(workers.started, 2);
            for (const [stack, answer] of Object.entries({ prod, staging, dev })) {
                const fresh = await freshProcessPreviewOnce(stack);
                assert.equal(answer.status, fresh.status, `${stack}: ${answer.stderr}`);
                for (const file of ["plan.json", "plan.md"])
                    assert.equal(
                        fs.readFileSync(path.join(out(stack), file), "utf8"),
                        fs.readFileSync(path.join(fresh.out, file), "utf8"),
                        `${stack} ${file}`,
                    );
            }
        } finally {
            workers.close();
        }
    });

    /** A side whose worker runs `body` on each request. */
    const sideWithWorker = (body: string): string => {
        const dir = path.join(scratch, "side");
        fs.mkdirSync(path.dirname(path.join(dir, WORKER_PLACE)), { recursive: true });
        fs.writeFileSync(path.join(dir, WORKER_PLACE), `process.on("message", () => { ${body} });\n`);
        return dir;
    };

    /** A side from before the workers: its CLI writes `plan` (a JavaScript expression) as its plan.json. */
    const sideWithOldCli = (plan: string): string => {
        const dir = path.join(scratch, "old");
        const cli = path.join(dir, "dist", "src", "preview", "plan", "cli.js");
        fs.mkdirSync(path.dirname(cli), { recursive: true });
        fs.writeFileSync(
            cli,
            `const fs = require("node:fs"); const out = process.argv[process.argv.indexOf("--out") + 1];
fs.mkdirSync(out, { recursive: true }); fs.writeFileSync(out + "/plan.json", JSON.stringify(${plan}));\n`,
        );
        return dir;
    };

    it("a worker that dies fails the preview it ran with what it printed, and the next preview starts another", async () => {
        const workers = new SideWorkers(
            sideWithWorker(`process.stderr.write("out of memory\\n"); process.exit(3);`),
            {},
        );
        try {
            assert.deepEqual(await workers.preview("dev", path.join(scratch, "a")), {
                status: 1,
                stdout: "",
                stderr: "out of memory\n",
            });
            assert.equal((await workers.preview("dev", path.join(scratch, "b"))).status, 1);
            assert.equal(workers.started, 2);
        } finally {
            workers.close();
        }
    });

    it("one that dies silently says how it ended, and plan:diff gets that line as the side's error", async () => {
        const dir = sideWithWorker("process.exit(3);");
        const workers = new SideWorkers(dir, {});
        try {
            const result = await previewSide(dir, "dev", path.join(scratch, "out"), "key", workers);
            assert.deepEqual(result, { error: "the preview worker exited 3" });
        } finally {
            workers.close();
        }
    });

    it("a side from before the workers is previewed by its CLI, a process per stack", async () => {
        const dir = sideWithOldCli("{ stack: process.argv[3] }");
        const workers = new SideWorkers(dir, {});
        assert.equal(workers.available(), false);
        const result = await previewSide(dir, "dev", path.join(scratch, "out"), "key", workers);
        assert.deepEqual(result.plan, { stack: "dev" });
        assert.equal(workers.started, 0);
    });

    it("a side's preview processes start with plan:diff's engine flags, not with what it was told to run", () => {
        // A worker, and a side from before the workers (its CLI per stack), each say how they were started.
        const withWorker = sideWithWorker(`process.send({ status: 0, stderr: JSON.stringify(process.execArgv) });`);
        const old = sideWithOldCli("process.execArgv");
        // plan:diff's code run by -e, with a module required first: neither may reach its previews
        // (a worker given -e would run plan:diff's code again instead of its own).
        const probe = `
            const { SideWorkers } = require(${JSON.stringify(path.join(PROJECT_ROOT, "dist/src/preview/diff/side-workers.js"))});
            const { previewSide } = require(${JSON.stringify(path.join(PROJECT_ROOT, "dist/src/preview/diff/side-preview.js"))});
            (async () => {
                const workers = new SideWorkers(${JSON.stringify(withWorker)}, {});
                const worker = await workers.preview("dev", ${JSON.stringify(path.join(scratch, "a"))});
                workers.close();
                const perStack = await previewSide(${JSON.stringify(old)}, "dev", ${JSON.stringify(path.join(scratch, "b"))}, "key");
                process.stdout.write(JSON.stringify({ worker: JSON.parse(worker.stderr), cli: perStack.plan }));
            })();`;
        const hook = path.join(scratch, "hook.js");
        fs.writeFileSync(hook, "");
        const result = spawnSync(
            process.execPath,
            ["--no-opt", "--max-old-space-size=3072", "--require", hook, "-e", probe],
            { encoding: "utf8", timeout: 60_000 },
        );
        assert.equal(result.status, 0, result.stderr);
        const flags = ["--no-opt", "--max-old-space-size=3072"];
        assert.deepEqual(JSON.parse(result.stdout), { worker: flags, cli: flags });
    });

    it("engine flags: V8's compiler tiers and heap limit, written whole; not GC tuning, the stack, what runs, what loads first, or a debugger", () => {
        assert.deepEqual(
            engineFlags([
                "--no-opt",
                "--single-threaded-gc",
                "--max-old-space-size=8192",
                "--max-semi-space-size=64",
                "--stack-size=2000",
                "-e",
                "require('./cli')",
                "--eval=1",
                "-r",
                "./hook.js",
                "--require=./hook.js",
                "--import=./hook.mjs",
                "--inspect",
                "--inspect-brk=9229",
                "--max-old-space-size",
                "--no-opt-in",
                "--max_old_space_size=8192",
                "--cpu-prof",
            ]),
            ["--no-opt", "--max-old-space-size=8192"],
        );
    });
});
