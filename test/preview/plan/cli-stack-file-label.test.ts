import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PROJECT_ROOT, runPlanCli } from "../../support/plan";
import { runPlanInProcess } from "../../support/plan-cli";
import { previewStackOnce } from "../../support/shared-preview";

function tempDir(): string {
    return fs.mkdtempSync(path.join(os.tmpdir(), "fedfleet-cli-label-"));
}

/**
 * Runs the preview with `args --out <new dir>` (as a real process, or `main()` in this one,
 * whose working directory is the project root as the real one's is); returns plan.json and
 * plan.md as written.
 */
async function planFiles(args: string[], how: "process" | "in-process"): Promise<{ json: string; md: string }> {
    const out = tempDir();
    const argv = [...args, "--out", out];
    const result = how === "process" ? runPlanCli(argv) : await runPlanInProcess(argv, 120_000);
    assert.equal(result.status, 0, `${args.join(" ")}: ${result.stderr}`);
    return {
        json: fs.readFileSync(path.join(out, "plan.json"), "utf8"),
        md: fs.readFileSync(path.join(out, "plan.md"), "utf8"),
    };
}

describe("npm run plan: the stack file is named the same however it is spelled", function () {
    this.timeout(180_000);

    it("writes byte-identical plan files for --stack and every spelling of the same file's path", async () => {
        const dev = await previewStackOnce("dev");
        assert.equal(dev.status, 0, dev.stderr);
        const expected = {
            json: fs.readFileSync(path.join(dev.out, "plan.json"), "utf8"),
            md: fs.readFileSync(path.join(dev.out, "plan.md"), "utf8"),
        };
        assert.equal(JSON.parse(expected.json).stackFile, "stacks/Pulumi.dev.yaml");
        assert.match(expected.md, /Stack file `stacks\/Pulumi\.dev\.yaml`\./);
        // The first spelling as a real process, the others in this one.
        assert.equal(process.cwd(), PROJECT_ROOT, "relative spellings resolve from the project root");
        for (const [index, spelling] of [
            "stacks/Pulumi.dev.yaml",
            "./stacks/../stacks/Pulumi.dev.yaml",
            path.join(PROJECT_ROOT, "stacks", "Pulumi.dev.yaml"),
        ].entries()) {
            const files = await planFiles(["--config", spelling], index === 0 ? "process" : "in-process");
            assert.equal(files.json, expected.json, `plan.json for --config ${spelling}`);
            assert.equal(files.md, expected.md, `plan.md for --config ${spelling}`);
        }
    });

    it("names a stack file outside the project by its resolved absolute path, also in errors", async () => {
        const real = fs.realpathSync(tempDir());
        fs.copyFileSync(path.join(PROJECT_ROOT, "stacks", "Pulumi.dev.yaml"), path.join(real, "Pulumi.dev.yaml"));
        const link = path.join(tempDir(), "linked");
        fs.symlinkSync(real, link);
        const viaLink = await planFiles(["--config", path.join(link, "..", "linked", "Pulumi.dev.yaml")], "process");
        assert.equal(JSON.parse(viaLink.json).stackFile, path.join(real, "Pulumi.dev.yaml"));
        const direct = await planFiles(["--config", path.join(real, "Pulumi.dev.yaml")], "in-process");
        assert.equal(viaLink.json, direct.json);

        fs.writeFileSync(path.join(real, "Pulumi.bad.yaml"), "config:\n  fedfleet:federation: [\n");
        const result = runPlanCli(["--config", path.join(link, "Pulumi.bad.yaml")]);
        assert.equal(result.status, 2);
        assert.ok(
            result.stderr.startsWith(`error: ${path.join(real, "Pulumi.bad.yaml")}: expected YAML`),
            result.stderr,
        );
    });
});
