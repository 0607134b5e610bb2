import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PROJECT_ROOT, runPlanCli } from "../../support/plan";

function tempDir(): string {
    return fs.mkdtempSync(path.join(os.tmpdir(), "fedfleet-cli-input-"));
}

/** The dev stack with one edit, written outside the project; returns its path, as resolved. */
function devVariant(edit: (text: string) => string): string {
    const file = path.join(fs.realpathSync(tempDir()), "Pulumi.draft.yaml");
    fs.writeFileSync(file, edit(fs.readFileSync(path.join(PROJECT_ROOT, "stacks", "Pulumi.dev.yaml"), "utf8")));
    return file;
}

/**
 * Runs the CLI's `main` in a fresh process (what it prints dropped); its exit code and stderr, and whether the Pulumi
 * SDK (which every provider and the policy SDK load) was loaded by the time it answered.
 */
function runProbingPulumi(args: string[]): { code: number; stderr: string; loadedPulumi: boolean } {
    const cli = path.join(PROJECT_ROOT, "dist", "src", "preview", "plan", "cli.js");
    const probe = `require(${JSON.stringify(cli)}).main(${JSON.stringify(args)}, { stdout: { write() {} }, stderr: process.stderr }).then((code) => process.stdout.write(JSON.stringify({ code, loadedPulumi: Object.keys(require.cache).some((file) => file.includes("/node_modules/@pulumi/pulumi/")) })))`;
    const result = spawnSync(process.execPath, ["-e", probe], { cwd: PROJECT_ROOT, encoding: "utf8" });
    assert.equal(result.status, 0, result.stderr);
    return { ...(JSON.parse(result.stdout) as { code: number; loadedPulumi: boolean }), stderr: result.stderr };
}

describe("npm run plan: stack files that are not YAML, and --out paths that cannot be directories", function () {
    this.timeout(120_000);

    it("says to quote a bare * key, in one line naming the file and line, and writes nothing", () => {
        const star = "          *: { weight: 1 }";
        const file = devVariant((t) => t.replace(/^( {8}preferences:\n)/m, `$1${star}\n`));
        const line = fs.readFileSync(file, "utf8").split("\n").indexOf(star) + 1;
        assert.ok(line > 0);
        const out = path.join(tempDir(), "out");
        const result = runPlanCli(["--config", file, "--out", out]);
        assert.equal(result.status, 2);
        assert.equal(
            result.stderr,
            `error: ${file}: line ${line}: expected a quoted key, as in "*": { weight: 1 } (unquoted, * starts a YAML alias), found *: { weight: 1 }\n`,
        );
        assert.equal(result.stdout, "");
        assert.ok(!fs.existsSync(out), "no files are written");
    });

    it("reports another YAML error in one line, without the YAML library's warnings", () => {
        // An anchor ending in ":" draws a warning; the unclosed list is the error.
        const file = devVariant((t) => t.replace("    environment: dev", "    environment: &e: [dev"));
        const result = runPlanCli(["--config", file]);
        assert.equal(result.status, 2);
        assert.match(result.stderr, /^error: \S+Pulumi\.draft\.yaml: expected YAML, found a syntax error \(.+\)\n$/);
        assert.equal(result.stdout, "");
    });

    it("refuses an --out under a regular file before the preview runs, in one line", () => {
        const file = path.join(tempDir(), "somefile");
        fs.writeFileSync(file, "not a directory\n");
        const out = path.join(file, "out");
        const result = runPlanCli(["--stack", "dev", "--out", out]);
        assert.equal(result.status, 2);
        assert.equal(
            result.stderr,
            `error: --out ${out}: expected a directory to write the plan files in, found a file at ${file}\n`,
        );
        assert.equal(result.stdout, "", "the preview does not run");
        assert.equal(fs.readFileSync(file, "utf8"), "not a directory\n");
    });

    it("refuses an --out that is a regular file before the preview runs, in one line", () => {
        const file = path.join(tempDir(), "somefile");
        fs.writeFileSync(file, "not a directory\n");
        const result = runPlanCli(["--stack", "dev", "--out", file]);
        assert.equal(result.status, 2);
        assert.equal(
            result.stderr,
            `error: --out ${file}: expected a directory to write the plan files in, found a file\n`,
        );
        assert.equal(result.stdout, "", "the preview does not run");
        assert.equal(fs.readFileSync(file, "utf8"), "not a directory\n");
    });

    it("answers a stack file or pack config mistake without loading the Pulumi SDK (about a second); a preview loads it", () => {
        const refusals = [
            ...[
                devVariant((t) => t.replace("    environment: dev", "    environment: [dev")),
                devVariant((t) => t.replace("    environment: dev", "    environment: 7")),
                devVariant((t) => t.replace(/^ {4}- name: storefront$/m, "    - name: Storefront")),
            ].map((file) => ["--config", file]),
            ["--stack", "dev", "--policy-config", path.join(tempDir(), "none.json")],
        ];
        for (const args of refusals) {
            const refused = runProbingPulumi(args);
            assert.equal(refused.code, 2, refused.stderr);
            assert.match(refused.stderr, /^error: \S+(Pulumi\.draft\.yaml|none\.json): /);
            assert.equal(refused.loadedPulumi, false, `${refused.stderr}: answered after loading Pulumi`);
        }
        // What the probe sees once the CLI goes past the checks.
        const preview = runProbingPulumi(["--stack", "dev"]);
        assert.equal(preview.code, 0, preview.stderr);
        assert.equal(preview.loadedPulumi, true);
    });
});
