// At most N jobs at a time: plan:diff's previews are worker processes of their own, each
// busy on one core for a few seconds, so running more of them than there are cores only
// makes every one slower and raises the peak memory.
import * as os from "node:os";

/** How many jobs run at once unless told otherwise: the cores this process may use. */
export function defaultJobs(): number {
    return os.availableParallelism();
}

/** Runs jobs as they are given, at most `limit` at once; each job's promise settles with its own result. */
export class JobPool {
    private running = 0;
    private readonly waiting: (() => void)[] = [];

    constructor(readonly limit: number) {
        if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`a pool runs 1 or more jobs, not ${limit}`);
    }

    /** Starts `job` once a slot is free (in the order jobs were given); resolves or rejects as it does. */
    async run<T>(job: () => Promise<T>): Promise<T> {
        if (this.running >= this.limit) await new Promise<void>((start) => this.waiting.push(start));
        else this.running += 1;
        try {
            return await job();
        } finally {
            // The slot passes straight to the next waiting job, so `running` never drops in between.
            const next = this.waiting.shift();
            if (next) next();
            else this.running -= 1;
        }
    }
}
