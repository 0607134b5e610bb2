import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PROJECT_ROOT, runPlanCli } from "../../support/plan";
import { previewStackOnce } from "../../support/shared-preview";

function tempDir(): string {
    return fs.mkdtempSync(path.join(os.tmpdir(), "fedfleet-cli-label-"));
}

/** Runs the preview with `args --out <new dir>`; returns plan.json and plan.md as written. */
function planFiles(args: string[]): { json: string; md: string } {
    const out = tempDir();
    const result = runPlanCli([...args, "--out", out]);
    assert.equal(result.status, 0, `${args.join(" ")}: ${result.stderr}`);
    return {
        json: fs.readFileSync(path.join(out, "plan.json"), "utf8"),
        md: fs.readFileSync(path.join(out, "plan.md"), "utf8"),
    };
}

describe("npm run plan: the stack file is named the same however it is spelled", function () {
    this.timeout(180_000);

    it("writes byte-identical plan files for --stack and every spelling of the same file's path", () => {
        const dev = previewStackOnce("dev");
        assert.equal(dev.status, 0, dev.stderr);
        const expected = {
            json: fs.readFileSync(path.join(dev.out, "plan.json"), "utf8"),
            md: fs.readFileSync(path.join(dev.out, "plan.md"), "utf8"),
        };
        assert.equal(JSON.parse(expected.json).stackFile, "stacks/Pulumi.dev.yaml");
        assert.match(expected.md, /Stack file `stacks\/Pulumi\.dev\.yaml`\./);
        for (const spelling of [
            "stacks/Pulumi.dev.yaml",
            "./stacks/../stacks/Pulumi.dev.yaml",
            path.join(PROJECT_ROOT, "stacks", "Pulumi.dev.yaml"),
        ]) {
            const files = planFiles(["--config", spelling]);
            assert.equal(files.json, expected.json, `plan.json for --config ${spelling}`);
            assert.equal(files.md, expected.md, `plan.md for --config ${spelling}`);
        }
    });

    it("names a stack file outside the project by its resolved absolute path, also in errors", () => {
        const real = fs.realpathSync(tempDir());
        fs.copyFileSync(path.join(PROJECT_ROOT, "stacks", "Pulumi.dev.yaml"), path.join(real, "Pulumi.dev.yaml"));
        const link = path.join(tempDir(), "linked");
        fs.symlinkSync(real, link);
        const viaLink = planFiles(["--config", path.join(link, "..", "linked", "Pulumi.dev.yaml")]);
        assert.equal(JSON.parse(viaLink.json).stackFile, path.join(real, "Pulumi.dev.yaml"));
        assert.equal(viaLink.json, planFiles(["--config", path.join(real, "Pulumi.dev.yaml")]).json);

        fs.writeFileSync(path.join(real, "Pulumi.bad.yaml"), "config:\n  fedfleet:federation: [\n");
        const result = runPlanCli(["--config", path.join(link, "Pulumi.bad.yaml")]);
        assert.equal(result.status, 2);
        assert.ok(
            result.stderr.startsWith(`error: ${path.join(real, "Pulumi.bad.yaml")}: expected YAML`),
            result.stderr,
        );
    });
});
