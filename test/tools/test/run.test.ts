// npm test's scratch directory (tools/test/run.js): the tests' temporary files on tmpfs when the
// machine has room there and the user has not chosen a TMPDIR.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { PROJECT_ROOT } from "../../support/plan";

// eslint-disable-next-line @typescript-eslint/no-require-imports -- plain JavaScript, run before anything is compiled
const { ramScratch } = require(path.join(PROJECT_ROOT, "tools", "test", "run.js")) as {
    ramScratch: () => string | undefined;
};

describe("tools/test/run.js: where the tests' temporary files go", () => {
    let saved: string | undefined;
    beforeEach(() => (saved = process.env.TMPDIR));
    afterEach(() => {
        if (saved === undefined) delete process.env.TMPDIR;
        else process.env.TMPDIR = saved;
    });

    it("leaves a TMPDIR the user set alone", () => {
        process.env.TMPDIR = "/somewhere/chosen";
        assert.equal(ramScratch(), undefined);
    });

    it("without one, a directory of the run's own on /dev/shm when that is a tmpfs with 2 GiB free", function () {
        delete process.env.TMPDIR;
        let stats: fs.StatsFs | undefined;
        try {
            stats = fs.statfsSync("/dev/shm");
        } catch {
            stats = undefined;
        }
        const roomy = stats !== undefined && stats.type === 0x01021994 && stats.bavail * stats.bsize >= 2 * 1024 ** 3;
        const dirs = [ramScratch(), ramScratch()];
        try {
            if (!roomy) {
                assert.deepEqual(dirs, [undefined, undefined]);
                return this.skip();
            }
            for (const dir of dirs) {
                assert.ok(dir !== undefined && path.dirname(dir) === "/dev/shm", String(dir));
                assert.ok(fs.statSync(dir).isDirectory());
            }
            assert.notEqual(dirs[0], dirs[1], "each run its own");
        } finally {
            for (const dir of dirs) if (dir) fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
