// What a preview reads, traced while it runs, against what plan:diff takes for its inputs
// (inputs.ts): every file the offline preview of a checked-in stack opens, reads or loads as
// a module must be an input of that stack, or the skip could call a changed stack unchanged.
// tools/ and test/ in particular are never read (the build only looks at their dates).
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { stackInputs, workingTreeFiles, workingTreeText } from "../../../src/preview/diff/inputs";
import { PROJECT_ROOT } from "../../support/plan";
import { freshProcessPreviewOnce } from "../../support/shared-preview";

/**
 * The project files a preview of `stack` read, from the project root; a compiled file as its
 * source. Traced in the mocha run's fresh process of that stack (test/support/shared-preview.ts).
 */
async function filesRead(stack: string): Promise<string[]> {
    const preview = await freshProcessPreviewOnce(stack);
    assert.equal(preview.status, 0, preview.stderr);
    assert.ok(preview.read.length > 0, "the tracer wrote what the preview read");
    const root = fs.realpathSync(PROJECT_ROOT);
    return preview.read
        .map((file) => path.relative(root, file).split(path.sep).join("/"))
        .filter((file) => !file.startsWith("../") && !path.isAbsolute(file))
        .filter((file) => !file.startsWith("node_modules/"))
        .map((file) => file.replace(/^dist\/(.*)\.js$/, "$1.ts"));
}

describe("plan:diff inputs: everything a preview reads is an input", function () {
    this.timeout(180_000);
    const files = workingTreeFiles(PROJECT_ROOT);

    for (const [stack, environment] of [
        ["dev", "dev"],
        ["staging", "staging"],
        ["prod", "prod"],
    ]) {
        it(`${stack}: each file its preview read is among its inputs`, async () => {
            const read = await filesRead(stack);
            const own = stackInputs(files, stack, workingTreeText(PROJECT_ROOT));
            // Its own inputs, and the other stacks' files: their shares of common quotas reach its plan.
            const inputs = new Set([...own.files, ...[...own.otherStackFiles.values()].map((other) => other.file)]);
            // The tracer sees what it must: the stack file, its pack config, the program and its start.
            for (const expected of [
                `stacks/Pulumi.${stack}.yaml`,
                `policy/config/${environment}.json`,
                "index.ts",
                "pulumi-main.js",
                "src/build.js",
                "Pulumi.yaml",
                "policy/rules/workloads.ts",
                "src/preview/plan/cli.ts",
            ])
                assert.ok(read.includes(expected), `${expected} read`);
            // dist/.build-stamp is the build's record of its own output, checked to skip a build.
            const outside = read.filter((file) => !inputs.has(file) && file !== "dist/.build-stamp");
            assert.deepEqual(outside, []);
            assert.deepEqual(
                read.filter((file) => /^(tools|test)\//.test(file)),
                [],
            );
        });
    }
});
