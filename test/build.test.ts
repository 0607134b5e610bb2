// The build behind `npm run build` and pulumi-main.js: esbuild, run only when a source changed.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PROJECT_ROOT } from "./support/plan";

interface BuildModule {
    build(options?: { ifStale?: boolean }): boolean;
    sourceFiles(): string[];
}

// Plain JavaScript (it is what compiles the TypeScript), so loaded from the sources.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { sourceFiles } = require(path.join(PROJECT_ROOT, "src", "build.js")) as BuildModule;

/**
 * A throwaway project holding a copy of src/build.js (which builds the tree it sits in) and
 * the project's dependencies: the test adds and deletes sources there, never in the checkout,
 * whose dist/ other test files are running from at the same time.
 */
function scratchProject(): { root: string; build: BuildModule["build"] } {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "fedfleet-build-"));
    fs.mkdirSync(path.join(root, "src"));
    fs.copyFileSync(path.join(PROJECT_ROOT, "src", "build.js"), path.join(root, "src", "build.js"));
    fs.symlinkSync(path.join(PROJECT_ROOT, "node_modules"), path.join(root, "node_modules"), "dir");
    fs.writeFileSync(path.join(root, "index.ts"), "export const program: string = 'fleet';\n");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { build } = require(path.join(root, "src", "build.js")) as BuildModule;
    return { root, build };
}

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
        const { root, build } = scratchProject();
        try {
            const source = path.join(root, "test", "probe-source.ts");
            const output = path.join(root, "dist", "test", "probe-source.js");
            assert.equal(build({ ifStale: true }), true, "a tree never built is built");
            assert.match(fs.readFileSync(path.join(root, "dist", "index.js"), "utf8"), /program = "fleet"/);
            assert.equal(build({ ifStale: true }), false, "an unchanged tree is not rebuilt");
            fs.mkdirSync(path.dirname(source));
            fs.writeFileSync(source, "export const probe: number = 1;\n");
            assert.equal(build({ ifStale: true }), true, "a new source is built");
            assert.match(fs.readFileSync(output, "utf8"), /probe = 1/);
            fs.rmSync(source);
            assert.equal(build({ ifStale: true }), true, "a deleted source is noticed");
            assert.equal(fs.existsSync(output), false, "and its output removed");
        } finally {
            fs.rmSync(root, { recursive: true, force: true });
        }
    });

    it("takes a copy of the tree with its dist/ as current by content, and an edit of the copy as not", () => {
        const { root, build } = scratchProject();
        const copy = fs.mkdtempSync(path.join(os.tmpdir(), "fedfleet-build-copy-"));
        try {
            build({ ifStale: true });
            for (const entry of ["index.ts", "src", "dist"])
                fs.cpSync(path.join(root, entry), path.join(copy, entry), { recursive: true });
            fs.symlinkSync(path.join(PROJECT_ROOT, "node_modules"), path.join(copy, "node_modules"), "dir");
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            const copied = require(path.join(copy, "src", "build.js")) as BuildModule;
            fs.utimesSync(path.join(copy, "index.ts"), new Date(2001, 0, 1), new Date(2001, 0, 1));
            assert.equal(copied.build({ ifStale: true }), false, "other dates, the same content: current");
            assert.equal(copied.build({ ifStale: true }), false, "and its stamp takes the copy's dates");
            fs.writeFileSync(path.join(copy, "index.ts"), "export const program: string = 'edited';\n");
            assert.equal(copied.build({ ifStale: true }), true, "an edit is built");
            assert.match(fs.readFileSync(path.join(copy, "dist", "index.js"), "utf8"), /program = "edited"/);
        } finally {
            fs.rmSync(root, { recursive: true, force: true });
            fs.rmSync(copy, { recursive: true, force: true });
        }
    });

    it("rebuilds when tsconfig.json changes an option esbuild reads", () => {
        const { root, build } = scratchProject();
        try {
            fs.writeFileSync(path.join(root, "index.ts"), "export class Probe {\n    x = 1;\n}\n");
            fs.writeFileSync(path.join(root, "tsconfig.json"), JSON.stringify({ compilerOptions: {} }));
            assert.equal(build({ ifStale: true }), true);
            assert.doesNotMatch(fs.readFileSync(path.join(root, "dist", "index.js"), "utf8"), /this\.x = 1/);
            fs.writeFileSync(
                path.join(root, "tsconfig.json"),
                JSON.stringify({ compilerOptions: { useDefineForClassFields: false } }),
            );
            assert.equal(build({ ifStale: true }), true, "a changed tsconfig.json is a changed build");
            assert.match(fs.readFileSync(path.join(root, "dist", "index.js"), "utf8"), /this\.x = 1/);
        } finally {
            fs.rmSync(root, { recursive: true, force: true });
        }
    });

    it("compiles at the next build a source saved while esbuild ran (the stamp is taken before)", () => {
        const { root, build } = scratchProject();
        const source = path.join(root, "index.ts");
        // An editor saves the source just after esbuild wrote dist/: when the build lists dist/
        // to remove orphans. A spy on fs.readdirSync, this process only, for this one build (on
        // the module object build.js requires, not this file's import of it).
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const nodeFs = require("node:fs") as { readdirSync: typeof fs.readdirSync };
        const readdirSync = nodeFs.readdirSync;
        let saved = false;
        const spy = ((dir: fs.PathLike, ...rest: unknown[]) => {
            if (!saved && String(dir).startsWith(path.join(root, "dist"))) {
                saved = true;
                fs.writeFileSync(source, "export const program: string = 'saved during the build';\n");
            }
            return (readdirSync as (...args: unknown[]) => unknown)(dir, ...rest);
        }) as typeof fs.readdirSync;
        try {
            nodeFs.readdirSync = spy;
            try {
                assert.equal(build({}), true);
            } finally {
                nodeFs.readdirSync = readdirSync;
            }
            assert.ok(saved, "the save happened during the build");
            assert.equal(build({ ifStale: true }), true, "the next build compiles the saved source");
            assert.match(fs.readFileSync(path.join(root, "dist", "index.js"), "utf8"), /saved during the build/);
        } finally {
            fs.rmSync(root, { recursive: true, force: true });
        }
    });

    it("follows symbolic links to sources and to directories, and skips a broken one", () => {
        const root = fs.mkdtempSync(path.join(os.tmpdir(), "fedfleet-build-links-"));
        try {
            fs.mkdirSync(path.join(root, "src"));
            fs.copyFileSync(path.join(PROJECT_ROOT, "src", "build.js"), path.join(root, "src", "build.js"));
            fs.mkdirSync(path.join(root, "elsewhere", "deep"), { recursive: true });
            fs.writeFileSync(path.join(root, "elsewhere", "deep", "a.ts"), "export const a = 1;\n");
            fs.writeFileSync(path.join(root, "elsewhere", "b.ts"), "export const b = 1;\n");
            fs.mkdirSync(path.join(root, "policy"));
            // A source root that is a link to a directory, a linked directory and a linked file
            // inside a root, a link to nothing, a link to itself, and a dependency folder that is
            // never walked.
            fs.symlinkSync(path.join(root, "elsewhere", "deep"), path.join(root, "tools"), "dir");
            fs.symlinkSync(path.join(root, "elsewhere", "deep"), path.join(root, "policy", "linked"), "dir");
            fs.symlinkSync(path.join(root, "elsewhere", "b.ts"), path.join(root, "policy", "b.ts"));
            fs.symlinkSync(path.join(root, "gone.ts"), path.join(root, "policy", "gone.ts"));
            fs.symlinkSync(path.join(root, "policy", "loop.ts"), path.join(root, "policy", "loop.ts"));
            fs.symlinkSync(path.join(PROJECT_ROOT, "node_modules"), path.join(root, "policy", "node_modules"), "dir");
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            const scratch = require(path.join(root, "src", "build.js")) as BuildModule;
            assert.deepEqual(scratch.sourceFiles(), ["policy/b.ts", "policy/linked/a.ts", "tools/a.ts"]);
        } finally {
            fs.rmSync(root, { recursive: true, force: true });
        }
    });
});
