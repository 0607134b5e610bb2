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

    it("prints a lint warning and passes, as eslint does", () => {
        // Two more files for the next test: user.ts reads a string from dep.ts, which is clean.
        write("dep.ts", '/** A value. */\nexport const value: string = "text";\n');
        write("user.ts", 'import { value } from "./dep";\n/** Shown. */\nexport const shown = `value ${value}`;\n');
        const result = check(
            '/* eslint no-console: "warn" */\n/** A probe. */\nexport const probe = (): void => console.log("probe");\n',
        );
        assert.equal(result.status, 0, result.stdout + result.stderr);
        assert.match(result.stdout, /3:\d+\s+warning\s+.*no-console/);
        assert.doesNotMatch(result.stdout, /--- tsc ---/);
    });

    it("lints a file again when only a file it imports changed, though ESLint's cache keys on its content", () => {
        // user.ts never changes. ESLint's cache keys a file on its content and its config; only the
        // digest of its type inputs in that config tells it that dep.ts now exports an Output.
        const cache = path.join(dir, "dist", ".cache", "eslint");
        assert.match(
            fs.readFileSync(cache, "utf8"),
            /src\/user\.ts/,
            "the run before left user.ts clean in ESLint's cache",
        );
        write(
            "dep.ts",
            'import * as pulumi from "@pulumi/pulumi";\n/** A value. */\nexport const value: pulumi.Output<string> = pulumi.output("text");\n',
        );
        const result = run();
        assert.equal(result.status, 1, result.stdout + result.stderr);
        assert.match(result.stdout, /src\/user\.ts\n\s+3:\d+\s+error\s+.*@pulumi\/no-output-in-template-literal/);
    });
});
