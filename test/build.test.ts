// The build behind `npm run build` and pulumi-main.js: esbuild, run only when a source changed.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { PROJECT_ROOT } from "./support/plan";

// Plain JavaScript (it is what compiles the TypeScript), so loaded from the sources.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { build, sourceFiles } = require(path.join(PROJECT_ROOT, "src", "build.js")) as {
    build(options?: { ifStale?: boolean }): boolean;
    sourceFiles(): string[];
};

describe("build (src/build.js)", () => {
    it("compiles every TypeScript source, and no declaration file or dependency", () => {
        const files = sourceFiles();
        for (const expected of [
            "index.ts",
            "src/components/index.ts",
            "src/plan/fleet-plan.ts",
            "src/preview/plan/cli.ts",
            "tools/urns/cli.ts",
            "policy/index.ts",
            "test/build.test.ts",
        ]) {
            assert.ok(files.includes(expected), expected);
        }
        assert.ok(
            files.every((file) => file.endsWith(".ts") && !file.endsWith(".d.ts") && !file.includes("node_modules")),
        );
        assert.deepEqual(files, [...files].sort());
    });

    it("builds only when a source changed, and removes what a deleted source left in dist/", () => {
        const source = path.join(PROJECT_ROOT, "test", "probe-source.ts");
        const output = path.join(PROJECT_ROOT, "dist", "test", "probe-source.js");
        build({ ifStale: true });
        assert.equal(build({ ifStale: true }), false, "an unchanged tree is not rebuilt");
        try {
            fs.writeFileSync(source, "export const probe: number = 1;\n");
            assert.equal(build({ ifStale: true }), true, "a new source is built");
            assert.match(fs.readFileSync(output, "utf8"), /probe = 1/);
        } finally {
            fs.rmSync(source, { force: true });
        }
        assert.equal(build({ ifStale: true }), true, "a deleted source is noticed");
        assert.equal(fs.existsSync(output), false, "and its output removed");
    });
});
