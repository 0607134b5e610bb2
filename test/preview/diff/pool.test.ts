// The job pool plan:diff runs its previews in: never more at once than its limit, each
// waiting job started in the order given, every result to its own caller. No timing here:
// jobs finish when the test says so.
import assert from "node:assert/strict";
import { defaultJobs, JobPool } from "../../../src/preview/diff/pool";

/** A job the test finishes by hand, and whether it has started. */
function manualJob<T>(value: T) {
    let finish: () => void = () => {};
    const state = { started: false };
    const job = () => {
        state.started = true;
        return new Promise<T>((resolve) => {
            finish = () => resolve(value);
        });
    };
    return { job, state, finish: () => finish() };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("plan:diff job pool", () => {
    it("runs at most its limit at once, starts the rest in order as slots free, and gives each caller its result", async () => {
        const pool = new JobPool(2);
        const jobs = ["a", "b", "c", "d"].map(manualJob);
        const results = jobs.map((j) => pool.run(j.job));
        await settle();
        assert.deepEqual(
            jobs.map((j) => j.state.started),
            [true, true, false, false],
        );
        jobs[1].finish();
        await settle();
        assert.deepEqual(
            jobs.map((j) => j.state.started),
            [true, true, true, false],
        );
        jobs[0].finish();
        await settle();
        assert.ok(jobs[3].state.started);
        jobs[3].finish();
        jobs[2].finish();
        assert.deepEqual(await Promise.all(results), ["a", "b", "c", "d"]);
    });

    it("a failed job frees its slot and fails only its own caller", async () => {
        const pool = new JobPool(1);
        const failing = pool.run(() => Promise.reject(new Error("no")));
        const next = pool.run(() => Promise.resolve("yes"));
        await assert.rejects(failing, /no/);
        assert.equal(await next, "yes");
    });

    it("with a limit of 1, jobs run one after the other", async () => {
        const pool = new JobPool(1);
        let running = 0;
        let most = 0;
        const job = async () => {
            running += 1;
            most = Math.max(most, running);
            await settle();
            running -= 1;
        };
        await Promise.all([pool.run(job), pool.run(job), pool.run(job)]);
        assert.equal(most, 1);
    });

    it("refuses a limit below 1, and defaults to the cores this process may use", () => {
        assert.throws(() => new JobPool(0), RangeError);
        assert.ok(Number.isInteger(defaultJobs()) && defaultJobs() >= 1);
    });
});
