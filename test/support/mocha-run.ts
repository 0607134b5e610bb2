// Loaded by mocha (.mocharc.json `require`) in its main process: one directory per mocha run,
// named in the environment the worker processes inherit, for what test files share within
// the run (test/support/shared-preview.ts). Removed when the run ends.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** The environment variable naming the run's directory. */
export const RUN_DIR_VARIABLE = "FEDFLEET_TEST_RUN_DIR";

let made: string | undefined;

/** Makes the run's directory, unless an enclosing run already named one. */
export function mochaGlobalSetup(): void {
    if (process.env[RUN_DIR_VARIABLE]) return;
    made = fs.mkdtempSync(path.join(os.tmpdir(), "fedfleet-test-run-"));
    process.env[RUN_DIR_VARIABLE] = made;
}

/** Removes the directory this run made. */
export function mochaGlobalTeardown(): void {
    if (made) fs.rmSync(made, { recursive: true, force: true });
}
