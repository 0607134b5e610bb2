// The preview harness defers the TypeScript compiler the Pulumi SDK loads at start
// (src/preview/harness/lazy-typescript.ts): a preview never loads it, and the SDK's function
// serializer, the one part of the SDK that uses it, still works. In a fresh process: a mocha
// worker may have loaded the SDK before this file runs.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { PROJECT_ROOT } from "../../support/plan";

const PROBE = `
const path = require("node:path");
const root = process.argv[1];
const { runProgram } = require(path.join(root, "dist/src/preview/harness/run-program.js"));
const { typescriptDeferred } = require(path.join(root, "dist/src/preview/harness/lazy-typescript.js"));
const compiler = require.resolve("typescript");
(async () => {
    const run = await runProgram({ stackFile: path.join(root, "stacks/Pulumi.dev.yaml"), stack: "dev" });
    const afterPreview = { resources: run.resources.length, compilerLoaded: compiler in require.cache, deferred: typescriptDeferred() };
    const pulumi = require("@pulumi/pulumi");
    const serialized = await pulumi.runtime.serializeFunction(() => 6 * 7);
    console.log(JSON.stringify({
        afterPreview,
        serializedText: serialized.text.includes("6 * 7"),
        compilerAfterSerializing: compiler in require.cache,
        deferredAfterSerializing: typescriptDeferred(),
    }));
})().catch((error) => { console.error(error); process.exit(1); });
`;

describe("the preview harness defers the SDK's TypeScript compiler", function () {
    this.timeout(120_000);

    it("a dev preview never loads it; serializing a function loads it and works", () => {
        const result = spawnSync(process.execPath, ["-e", PROBE, path.resolve(PROJECT_ROOT)], {
            cwd: PROJECT_ROOT,
            encoding: "utf8",
        });
        assert.equal(result.status, 0, result.stderr);
        const seen = JSON.parse(result.stdout.trim().split("\n").pop()!);
        assert.ok(seen.afterPreview.resources > 0, "the preview registered resources");
        assert.equal(seen.afterPreview.compilerLoaded, false, "the compiler is not loaded by a preview");
        assert.equal(seen.afterPreview.deferred, true);
        assert.equal(seen.serializedText, true, "the SDK serialized the function");
        assert.equal(seen.compilerAfterSerializing, true, "serializing loaded the real compiler");
        assert.equal(seen.deferredAfterSerializing, false, "the real shim replaced the stand-in");
    });
});
