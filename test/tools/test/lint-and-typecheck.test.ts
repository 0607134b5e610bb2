// npm test's type check and lint in one process (tools/test/lint-and-typecheck.js) report what
// tsc and ESLint report and fail the step as they would: on a scratch project with this
// project's tsconfig options and ESLint config, a type error and an Output in a template
// literal (a typed rule) are both printed and fail; a lint warning alone is printed and does
// not; and ESLint's cache replays a file's findings only while the files its types come from
// are unchanged. The clean case is npm test's own run over this project. (That the typed rules get the
// type check's program rather than a project service of their own is what makes it cheaper,
// measured in docs/testing.md, not something these outputs can show.)
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PROJECT_ROOT } from "../../support/plan";

const SCRIPT = path.join(PROJECT_ROOT, "tools", "test", "lint-and-typecheck.js");

describe("tools/test/lint-and-typecheck.js", function () {
    this.timeout(120_000);
    let dir: string;
    before(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "fedfleet-lint-types-"));
        const tsconfig = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, "tsconfig.json"), "utf8"));
        fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ ...tsconfig, include: ["src/**/*.ts"] }));
        fs.copyFileSync(path.join(PROJECT_ROOT, "eslint.config.mjs"), path.join(dir, "eslint.config.mjs"));
        fs.symlinkSync(fs.realpathSync(path.join(PROJECT_ROOT, "node_modules")), path.join(dir, "node_modules"), "dir");
        fs.mkdirSync(path.join(dir, "src"));
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    const write = (file: string, code: string) => fs.writeFileSync(path.join(dir, "src", file), code);
    const run = () => spawnSync(process.execPath, [SCRIPT, dir], { encoding: "utf8" });
    const check = (code: string) => {
        write("probe.ts", code);
        return run();
    };

    it("fails on a type error and on a typed lint rule, printing both", () => {
        const result = check(
            'import * as pulumi from "@pulumi/pulumi";\n/** A probe. */\nexport const probe = (o: pulumi.Output<string>): string => `value ${o}`;\n/** Another. */\nexport const n: number = "text";\n',
        );
        assert.equal(result.status, 1, result.stderr);
        assert.match(
            result.stdout,
            /src\/probe\.ts\(5,14\): error TS2322: Type 'string' is not assignable to type 'number'\./,
        );
        assert.match(result.stdout, /3:\d+\s+error\s+.*@pulumi\/no-output-in-template-literal/);
    });

    describe("a warning, and ESLint's cache", () => {
        // user.ts never changes, and dep.ts imports the Pulumi SDK before and after (the same
        // declaration files in the program): only user.ts's own digest, of the files its types
        // come from, tells ESLint's cache that dep.ts now exports an Output.
        const dep = (type: string, value: string) =>
            `import * as pulumi from "@pulumi/pulumi";\n/** A value. */\nexport const value: ${type} = ${value};\n`;
        let first: ReturnType<typeof run>;
        before(() => {
            write("dep.ts", dep("string", "pulumi.getStack()"));
            write("user.ts", 'import { value } from "./dep";\n/** Shown. */\nexport const shown = `value ${value}`;\n');
            first = check(
                '/* eslint no-console: "warn" */\n/** A probe. */\nexport const probe = (): void => console.log("probe");\n',
            );
        });

        it("prints a lint warning and passes, as eslint does", () => {
            assert.equal(first.status, 0, first.stdout + first.stderr);
            assert.match(first.stdout, /3:\d+\s+warning\s+.*no-console/);
            assert.doesNotMatch(first.stdout, /--- tsc ---/);
            assert.doesNotMatch(first.stdout, /user\.ts/);
        });

        it("lints a file again when only a file it imports changed, though ESLint's cache keys on its content", () => {
            assert.match(fs.readFileSync(path.join(dir, "dist", ".cache", "eslint"), "utf8"), /src\/user\.ts/);
            write("dep.ts", dep("pulumi.Output<string>", 'pulumi.output("text")'));
            const after = run();
            assert.equal(after.status, 1, after.stdout + after.stderr);
            assert.match(after.stdout, /src\/user\.ts\n\s+3:\d+\s+error\s+.*@pulumi\/no-output-in-template-literal/);
            // The probe's warning is still printed (its file and inputs are unchanged).
            assert.match(after.stdout, /3:\d+\s+warning\s+.*no-console/);
        });
    });
});

describe("typeInputsByFile (tools/test/lint-and-typecheck.js): what a file's cached findings are keyed on", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- plain JavaScript, run before anything is compiled
    const { typeInputsByFile } = require(SCRIPT) as {
        typeInputsByFile: (ts: typeof import("typescript"), builder: unknown, root: string) => Map<string, string>;
    };
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- as the script loads it
    const ts = require("typescript") as typeof import("typescript");
    let dir: string;
    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "fedfleet-type-inputs-"));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    /** The digests of a small project of these files (no dependencies: lib files only). */
    /** Files by path from `dir`; the project is `dir/<root>` (its files are the roots), the rest is outside. */
    const digests = (files: Record<string, string>, root = ".") => {
        for (const [file, text] of Object.entries(files)) {
            fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
            fs.writeFileSync(path.join(dir, file), text);
        }
        const inProject = Object.keys(files).filter((file) => !path.relative(root, file).startsWith(`..${path.sep}`));
        const builder = ts.createIncrementalProgram({
            rootNames: inProject.map((file) => path.join(dir, file)),
            options: {
                strict: true,
                noEmit: true,
                types: [],
                lib: ["lib.es2022.d.ts"],
                module: ts.ModuleKind.CommonJS,
            },
        });
        return typeInputsByFile(ts, builder, path.join(dir, root));
    };

    it("changes for a file when a file it imports, directly or not, changes; not for a file that imports neither", () => {
        const project = {
            "dep.ts": "export const value: string = 'a';\n",
            "mid.ts": "export { value } from './dep';\n",
            "user.ts": "import { value } from './mid';\nexport const shown = `${value}`;\n",
            "other.ts": "export const other = 1;\n",
        };
        const before = digests(project);
        assert.deepEqual([...before.keys()].sort(), ["dep.ts", "mid.ts", "other.ts", "user.ts"]);
        const after = digests({ ...project, "dep.ts": "export const value: number = 1;\n" });
        for (const file of ["dep.ts", "mid.ts", "user.ts"]) assert.notEqual(after.get(file), before.get(file), file);
        assert.equal(after.get("other.ts"), before.get("other.ts"), "other.ts is replayed");
    });

    it("changes for every file when a global declaration's type, taken from a file nobody imports, changes", () => {
        // user.ts reads the global without importing anything: no closure leads to dep.ts.
        const project = {
            "dep.ts": "export const value: string = 'a';\n",
            "globals.ts":
                "import type { value } from './dep';\ndeclare global {\n    var shared: typeof value;\n}\nexport {};\n",
            "user.ts": "export const shown = `${shared}`;\n",
        };
        const before = digests(project);
        const after = digests({ ...project, "dep.ts": "export const value: number = 1;\n" });
        assert.notEqual(after.get("user.ts"), before.get("user.ts"));
    });

    it("changes for every file when a global's type comes from a file outside the project", () => {
        // A sibling folder, as a linked package would be: no lock file pins it.
        const project = {
            "shared/t.ts": "export type T = string;\n",
            "proj/globals.ts":
                "import type { T } from '../shared/t';\ndeclare global {\n    var shared: T;\n}\nexport {};\n",
            "proj/user.ts": "export const shown = `${shared}`;\n",
        };
        const before = digests(project, "proj");
        assert.deepEqual([...before.keys()].sort(), ["globals.ts", "user.ts"]);
        const after = digests({ ...project, "shared/t.ts": "export type T = { then(): void };\n" }, "proj");
        assert.notEqual(after.get("user.ts"), before.get("user.ts"));
    });

    it("keys a file whose name starts with two dots: it is in the project", () => {
        assert.ok(digests({ "..odd.ts": "export const odd = 1;\n" }).has("..odd.ts"));
    });
});
