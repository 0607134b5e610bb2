// What a preview reads, traced while it runs, against what plan:diff takes for its inputs
// (inputs.ts): every file the offline preview of a checked-in stack opens, reads or loads as
// a module must be an input of that stack, or the skip could call a changed stack unchanged.
// tools/ and test/ in particular are never read (the build only looks at their dates).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { stackInputs, workingTreeFiles, workingTreeText } from "../../../src/preview/diff/inputs";
import { PROJECT_ROOT } from "../../support/plan";

const TRACER = path.join(PROJECT_ROOT, "dist", "test", "support", "read-tracer.js");

/** The project files a preview of `stack` read, from the project root; a compiled file as its source. */
function filesRead(stack: string): string[] {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fedfleet-read-trace-"));
    try {
        const trace = path.join(dir, "trace.json");
        const result = spawnSync(
            process.execPath,
            ["--require", TRACER, "dist/src/preview/plan/cli.js", "--stack", stack, "--out", path.join(dir, "out")],
            { cwd: PROJECT_ROOT, encoding: "utf8", env: { ...process.env, FEDFLEET_READ_TRACE: trace } },
        );
        assert.equal(result.status, 0, result.stderr);
        const root = fs.realpathSync(PROJECT_ROOT);
        return (JSON.parse(fs.readFileSync(trace, "utf8")) as string[])
            .filter((file) => file !== TRACER)
            .map((file) => path.relative(root, file).split(path.sep).join("/"))
            .filter((file) => !file.startsWith("../") && !path.isAbsolute(file))
            .filter((file) => !file.startsWith("node_modules/"))
            .map((file) => file.replace(/^dist\/(.*)\.js$/, "$1.ts"));
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

describe("plan:diff inputs: everything a preview reads is an input", function () {
    this.timeout(180_000);
    const files = workingTreeFiles(PROJECT_ROOT);

    for (const [stack, environment] of [
        ["dev", "dev"],
        ["staging", "staging"],
        ["prod", "prod"],
    ]) {
        it(`${stack}: each file its preview read is among its inputs`, () => {
            const read = filesRead(stack);
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
