// plan:diff runs for half a minute or more: it says on stderr what it previews as it goes, a
// line per stack and side where stderr is no terminal, before it prints that stack's result.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { copyProject } from "../../../tools/bench/project-copy";
import { PROJECT_ROOT } from "../../support/plan";

interface Output {
    stream: "stdout" | "stderr";
    line: string;
}

/** Runs plan:diff in `root` against its HEAD, keeping its lines of both streams in the order they came. */
function runPlanDiff(
    out: string,
    flags: string[] = [],
    root = PROJECT_ROOT,
): Promise<{ status: number | null; lines: Output[] }> {
    return new Promise((resolve, reject) => {
        const child = spawn(
            process.execPath,
            [path.join(root, "dist/src/preview/diff/cli.js"), "--base", "HEAD", "--out", out, ...flags],
            { cwd: root },
        );
        const lines: Output[] = [];
        const pending = { stdout: "", stderr: "" };
        for (const stream of ["stdout", "stderr"] as const) {
            child[stream].setEncoding("utf8");
            child[stream].on("data", (chunk: string) => {
                const parts = (pending[stream] + chunk).split("\n");
                pending[stream] = parts.pop() ?? "";
                for (const line of parts) lines.push({ stream, line });
            });
        }
        child.on("error", reject);
        child.on("close", (status) => resolve({ status, lines }));
    });
}

describe("npm run plan:diff: progress", function () {
    this.timeout(300_000);

    it("prints a line per stack and side on stderr as it previews it, before that stack's result, and says where the reports went", async () => {
        const out = fs.mkdtempSync(path.join(os.tmpdir(), "fedfleet-plan-diff-progress-"));
        // --preview-all: against HEAD every stack's inputs are the same, and would not be previewed.
        const { status, lines } = await runPlanDiff(out, ["--preview-all"]);
        const text = lines.map((l) => `${l.stream}: ${l.line}`).join("\n");
        assert.equal(status, 0, text);
        assert.ok(!text.includes("\x1b"), "no terminal escapes on a pipe");
        const stacks = fs
            .readdirSync(path.join(PROJECT_ROOT, "stacks"))
            .map((file) => /^Pulumi\.(.+)\.yaml$/.exec(file)?.[1])
            .filter((stack): stack is string => stack !== undefined)
            .sort();
        assert.ok(stacks.length > 0);
        const at = (stream: Output["stream"], test: (line: string) => boolean) =>
            lines.findIndex((l) => l.stream === stream && test(l.line));
        for (const stack of stacks) {
            const base = at("stderr", (line) => line.includes(`${stack}: previewing the base`));
            const head = at("stderr", (line) => line.includes(`${stack}: previewing the head`));
            const result = at("stdout", (line) => line.startsWith(`${stack}: `));
            assert.ok(base >= 0 && head >= 0 && result >= 0, `${stack}: progress and result\n${text}`);
            // Each side's line comes before the stack's result (previews may run side by side, so no more order than that).
            assert.ok(base < result && head < result, `${stack}: progress before its result\n${text}`);
        }
        assert.ok(
            lines.some((l) => l.stream === "stdout" && l.line.includes(`summary.json to ${out}`)),
            `says where the reports went\n${text}`,
        );
    });

    it("says of each stack whose inputs are the same on both sides that there is nothing to preview", async () => {
        const out = fs.mkdtempSync(path.join(os.tmpdir(), "fedfleet-plan-diff-progress-"));
        // A committed copy: a checkout with edits would have other inputs than its HEAD.
        const copy = copyProject(PROJECT_ROOT);
        const { status, lines } = await runPlanDiff(out, [], copy.root).finally(() => copy.remove());
        const text = lines.map((l) => `${l.stream}: ${l.line}`).join("\n");
        assert.equal(status, 0, text);
        for (const stack of ["dev", "prod", "staging"]) {
            const said = lines.findIndex(
                (l) => l.stream === "stderr" && l.line.includes(`${stack}: the same inputs on both sides`),
            );
            const result = lines.findIndex((l) => l.stream === "stdout" && l.line === `${stack}: no changes`);
            assert.ok(said >= 0 && result > said, `${stack}\n${text}`);
            assert.ok(
                !lines.some((l) => l.line.includes(`${stack}: previewing`)),
                `${stack} is not previewed\n${text}`,
            );
        }
    });
});
