// plan:diff runs for half a minute or more: it says on stderr what it previews as it goes, a
// line per stack and side where stderr is no terminal, before it prints that stack's result.
// Those lines are checked on the run that previews every stack in speed-equivalence.test.ts
// (a run of its own here would preview the same six plans again); this file checks a run
// that previews nothing.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { copyProject } from "../../../tools/bench/project-copy";
import { PROJECT_ROOT } from "../../support/plan";
import { runPlanDiff } from "../../support/node-process";

describe("npm run plan:diff: progress", function () {
    this.timeout(300_000);

    it("says of each stack whose inputs are the same on both sides that there is nothing to preview", async () => {
        const out = fs.mkdtempSync(path.join(os.tmpdir(), "fedfleet-plan-diff-progress-"));
        // A committed copy: a checkout with edits would have other inputs than its HEAD.
        const copy = copyProject(PROJECT_ROOT);
        const { status, lines } = await runPlanDiff(copy.root, out).finally(() => copy.remove());
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
        fs.rmSync(out, { recursive: true, force: true });
    });
});
