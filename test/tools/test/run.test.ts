// npm test's scratch directory (tools/test/run.js): the tests' temporary files on tmpfs when the
// machine has room there and the user has not chosen a temporary directory.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PROJECT_ROOT } from "../../support/plan";

// eslint-disable-next-line @typescript-eslint/no-require-imports -- plain JavaScript, run before anything is compiled
const { ramScratch, TMPFS_MAGIC, SCRATCH_ROOM } = require(path.join(PROJECT_ROOT, "tools", "test", "run.js")) as {
    ramScratch: () => string | undefined;
    TMPFS_MAGIC: number;
    SCRATCH_ROOM: number;
};

/** The variables os.tmpdir() reads, any of which is the user's choice. */
const CHOICES = ["TMPDIR", "TMP", "TEMP"] as const;

describe("tools/test/run.js: where the tests' temporary files go", () => {
    let saved: Partial<Record<(typeof CHOICES)[number], string>>;
    beforeEach(() => {
        saved = {};
        for (const name of CHOICES) {
            saved[name] = process.env[name];
            delete process.env[name];
        }
    });
    afterEach(() => {
        for (const name of CHOICES) {
            if (saved[name] === undefined) delete process.env[name];
            else process.env[name] = saved[name];
        }
    });

    for (const name of CHOICES)
        it(`leaves a temporary directory chosen by ${name} alone`, () => {
            process.env[name] = "/somewhere/chosen";
            assert.equal(ramScratch(), undefined);
        });

    it("with none chosen, a directory of the run's own on /dev/shm when that is a Linux tmpfs with 2 GiB free and the memory for it", function () {
        let stats: fs.StatsFs | undefined;
        try {
            stats = fs.statfsSync("/dev/shm");
        } catch {
            stats = undefined;
        }
        const room = stats && Math.min(stats.bavail * stats.bsize, os.freemem());
        const roomy =
            process.platform === "linux" && stats?.type === TMPFS_MAGIC && room !== undefined && room >= SCRATCH_ROOM;
        const dirs = [ramScratch(), ramScratch()];
        try {
            if (!roomy) {
                assert.deepEqual(dirs, [undefined, undefined]);
                return this.skip();
            }
            for (const dir of dirs) {
                assert.ok(dir !== undefined && path.dirname(dir) === fs.realpathSync("/dev/shm"), String(dir));
                assert.ok(fs.statSync(dir).isDirectory());
            }
            assert.notEqual(dirs[0], dirs[1], "each run its own");
        } finally {
            for (const dir of dirs) if (dir) fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
