import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArguments } from "../../../src/preview/plan/cli";
import { UsageError } from "../../../src/preview/harness/user-mistake";
import { PROJECT_ROOT, runPlanCli } from "../../support/plan";
import { previewStackOnce } from "../../support/shared-preview";
import { runPlanInProcess } from "../../support/plan-cli";

function tempDir(): string {
    return fs.mkdtempSync(path.join(os.tmpdir(), "fedfleet-cli-"));
}

/** The dev stack with one edit, written where a new user would keep a draft. */
function devVariant(edit: (text: string) => string): string {
    const file = path.join(tempDir(), "Pulumi.draft.yaml");
    fs.writeFileSync(file, edit(fs.readFileSync(path.join(PROJECT_ROOT, "stacks", "Pulumi.dev.yaml"), "utf8")));
    return file;
}

describe("npm run plan (src/preview/plan/cli)", function () {
    this.timeout(120_000);

    it("previews the dev stack, prints the fleet on both clouds (types with --details) and writes identical plan files twice", async () => {
        // The dev preview other files read too, and a second run of its own, without --details,
        // to compare with: the details change what is printed, never the plan files.
        const first = await previewStackOnce("dev", ["--details"]);
        const [outA, outB] = [first.out, tempDir()];
        assert.equal(first.status, 0, first.stderr);
        assert.match(first.stdout, /aws-use1 {2}aws us-east-1/);
        assert.match(first.stdout, /gke-euw1 {2}gcp europe-west1/);
        assert.match(first.stdout, /Resources by type \(\d+ in all\)/);
        assert.equal(runPlanCli(["--stack", "dev", "--out", outB]).status, 0);
        for (const file of ["plan.json", "plan.md"]) {
            assert.equal(
                fs.readFileSync(path.join(outA, file), "utf8"),
                fs.readFileSync(path.join(outB, file), "utf8"),
                file,
            );
        }
        const plan = JSON.parse(fs.readFileSync(path.join(outA, "plan.json"), "utf8"));
        assert.equal(plan.stack, "dev");
        assert.equal(plan.project, "fedfleet");
        assert.ok(plan.resources.length > 50, `${plan.resources.length} resources in plan.json`);
        assert.ok(
            plan.resources.every((r: Record<string, unknown>) =>
                ["urn", "type", "name", "dependencies", "protect", "aliases", "inputs"].every((k) => k in r),
            ),
        );
        assert.deepEqual(Object.keys(plan.outputs.clusters).sort(), ["aws-use1", "gke-euw1"]);
    });

    const mistakes: [string, (text: string) => string, RegExp][] = [
        [
            "a mistyped key",
            (t) => t.replace("      nodePools:", "      nodepools:"),
            /^error: \S+Pulumi\.draft\.yaml: fedfleet:clusters\[0\]\.nodepools: expected a key from the config reference in docs\/config-reference\.md, found unknown key "nodepools" \(did you mean "nodePools"\?\)\n$/,
        ],
        [
            "two clusters of the same name",
            (t) => t.replace("name: gke-euw1", "name: aws-use1"),
            /^error: \S+Pulumi\.draft\.yaml: fedfleet:clusters\[1\]\.name: expected a cluster name unique in the stack \(already used by clusters\[0\]\), found "aws-use1"\n$/,
        ],
    ];
    for (const [what, edit, expected] of mistakes) {
        it(`exits 2 on ${what} with one line, no stack trace and no files`, () => {
            const out = path.join(tempDir(), "out");
            const result = runPlanCli(["--config", devVariant(edit), "--out", out]);
            assert.equal(result.status, 2);
            assert.match(result.stderr, expected);
            assert.equal(result.stdout, "");
            assert.ok(!fs.existsSync(out), "no files are written");
        });
    }

    it("exits 2 on bad arguments", () => {
        assert.throws(() => parseArguments([]), UsageError);
        assert.throws(() => parseArguments(["--stack", "dev", "--config", "x.yaml"]), UsageError);
        assert.throws(() => parseArguments(["--stak", "dev"]), /unknown argument "--stak"/);
        const result = runPlanCli(["--stack", "nonesuch"]);
        assert.equal(result.status, 2);
        assert.equal(result.stderr, "error: stacks/Pulumi.nonesuch.yaml: expected a readable stack file, found none\n");
    });
});

describe("npm run plan in the test process (test/support/plan-cli.ts)", () => {
    it("prints as to a pipe, without colour, even when the test runner's own stdout is a terminal", async function () {
        this.timeout(120_000);
        // `npm test` in a terminal: mocha's workers inherit it. The shared previews and the docs'
        // excerpts compare this output with what a piped process prints.
        const isTTY = Object.getOwnPropertyDescriptor(process.stdout, "isTTY");
        const noColor = process.env.NO_COLOR;
        Object.defineProperty(process.stdout, "isTTY", { value: true, configurable: true });
        delete process.env.NO_COLOR;
        try {
            const result = await runPlanInProcess(["--stack", "dev"], 120_000);
            assert.equal(result.status, 0, result.stderr);
            assert.match(result.stdout, /^Verdict: exit 0/m);
            assert.ok(!result.stdout.includes("\x1b"), "no terminal escapes");
        } finally {
            if (isTTY) Object.defineProperty(process.stdout, "isTTY", isTTY);
            else delete (process.stdout as { isTTY?: boolean }).isTTY;
            if (noColor !== undefined) process.env.NO_COLOR = noColor;
        }
    });
});
