// A side's preview worker processes (src/preview/plan/worker.ts of that side's own tree), kept
// for the whole comparison: a stack is previewed by an idle worker of its side, or by a new
// one when all are busy, so a comparison starts a process per side and job slot rather than
// one per stack and side. The pool (pool.ts) still decides how many previews run at once.
import { ChildProcess, fork } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { engineFlags } from "./engine-flags";
import type { Finished } from "./processes";

/** Where a side's compiled worker is; a side from before it has none (side-preview.ts then starts the CLI). */
export const WORKER_PLACE = "dist/src/preview/plan/worker.js";

/** What a worker answers: the exit code `npm run plan` would give, and its stderr. */
interface Answer {
    status: number;
    stderr: string;
}

/** One worker: its process, and what it printed to its own stderr (the SDK's warnings, a crash). */
interface Worker {
    child: ChildProcess;
    ownStderr: string;
    /** Settles the request in flight when the process ends before answering. */
    pending?: (answer: Answer) => void;
}

/** The preview workers of one side's tree; `close` ends them. */
export class SideWorkers {
    private readonly idle: Worker[] = [];
    private readonly all = new Set<Worker>();
    /** How many worker processes this side has started. */
    started = 0;

    constructor(
        readonly projectDir: string,
        private readonly env: NodeJS.ProcessEnv,
    ) {}

    /** Whether the side has a worker to run (a base from before it has not). */
    available(): boolean {
        return fs.existsSync(path.join(this.projectDir, WORKER_PLACE));
    }

    /** Previews `stack` into `outDir` as `npm run plan -- --stack <stack> --out <outDir>` would. */
    preview(stack: string, outDir: string): Promise<Finished> {
        const worker = this.idle.pop() ?? this.start();
        return new Promise<Answer>((resolve) => {
            worker.pending = resolve;
            worker.child.send({ stack, out: outDir });
        }).then((answer) => {
            worker.pending = undefined;
            if (this.all.has(worker)) this.idle.push(worker);
            return { status: answer.status, stdout: "", stderr: answer.stderr };
        });
    }

    /** Lets every worker go; each exits once its request in flight, if any, is answered. */
    close(): void {
        for (const worker of this.all) if (worker.child.connected) worker.child.disconnect();
        this.all.clear();
        this.idle.length = 0;
    }

    private start(): Worker {
        const child = fork(path.join(this.projectDir, WORKER_PLACE), [], {
            cwd: this.projectDir,
            env: { ...process.env, ...this.env },
            // Not all of this process's own Node flags (fork's default): its engine flags only.
            execArgv: engineFlags(process.execArgv),
            stdio: ["ignore", "ignore", "pipe", "ipc"],
        });
        this.started += 1;
        const worker: Worker = { child, ownStderr: "" };
        child.stderr?.on("data", (chunk: Buffer) => (worker.ownStderr += chunk.toString("utf8")));
        child.on("message", (answer: Answer) => worker.pending?.(answer));
        const ended = (why: string) => {
            this.all.delete(worker);
            const index = this.idle.indexOf(worker);
            if (index >= 0) this.idle.splice(index, 1);
            // A request in flight fails as a preview that crashed would: its stderr, or why it ended.
            worker.pending?.({ status: 1, stderr: worker.ownStderr || `${why}\n` });
        };
        child.on("error", (error) => ended(error.message));
        child.on("exit", (code, signal) => ended(`the preview worker exited ${signal ?? code}`));
        this.all.add(worker);
        return worker;
    }
}
