// How plan:diff builds the base: its own build script, run directly when it is a plain
// `node <file>` (what npm would run, without npm's start), through npm otherwise.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { buildCommand } from "../../../src/preview/diff/base-worktree";

describe("plan:diff base build command", () => {
    const withScripts = (packageJson: string | undefined) => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fedfleet-build-command-"));
        if (packageJson !== undefined) fs.writeFileSync(path.join(dir, "package.json"), packageJson);
        try {
            return buildCommand(dir);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    };

    it("runs a plain `node <file> [args]` build with this Node, without npm", () => {
        assert.deepEqual(withScripts('{"scripts":{"build":"node src/build.js"}}'), [
            process.execPath,
            ["src/build.js"],
        ]);
        assert.deepEqual(withScripts('{"scripts":{"build":"node src/build.js --force"}}'), [
            process.execPath,
            ["src/build.js", "--force"],
        ]);
    });

    it("runs anything else through npm, as the base's own script", () => {
        for (const packageJson of [
            '{"scripts":{"build":"tsc -p tsconfig.json"}}',
            '{"scripts":{"build":"node src/build.js && tsc"}}',
            '{"scripts":{"build":"node \\"$DIR/x.js\\""}}',
            '{"scripts":{}}',
            "not json",
            undefined,
        ])
            assert.deepEqual(withScripts(packageJson), ["npm", ["run", "--silent", "build"]], packageJson);
    });
});
