// The build compiles tools/ and test/ too, though no preview reads them: a head whose test
// does not compile cannot be previewed at all, so plan:diff must not call its stacks
// unchanged because their inputs are. It builds the head first and fails every stack on it.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { resolveBase } from "../../../src/preview/diff/base-worktree";
import { PlanCache } from "../../../src/preview/diff/cache";
import { planStacks } from "../../../src/preview/diff/plan-stacks";
import { copyProject, ProjectCopy } from "../../../tools/bench/project-copy";
import { PROJECT_ROOT } from "../../support/plan";

describe("plan:diff on a head that does not build", function () {
    this.timeout(120_000);
    let copy: ProjectCopy;
    before(() => {
        copy = copyProject(PROJECT_ROOT);
    });
    after(() => copy.remove());

    it("a syntax error in a test fails every stack's head, whatever its inputs, and previews nothing", async () => {
        copy.write("test/broken.test.ts", "const = 1;\n");
        const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "fedfleet-head-build-"));
        try {
            const cache = new PlanCache(path.join(scratch, "cache"));
            const sides = await planStacks({
                projectRoot: copy.root,
                baseCommit: resolveBase(copy.root, "HEAD"),
                workDir: scratch,
                jobs: 2,
                cache,
            });
            assert.deepEqual(
                sides.map((s) => s.stack),
                ["dev", "prod", "staging"],
            );
            for (const side of sides) {
                assert.equal(side.unchanged, false, side.stack);
                assert.match(
                    side.after.error ?? "",
                    /^the head does not build: \S*test\/broken\.test\.ts:1:\d+: ERROR: /,
                );
            }
            assert.deepEqual(
                fs.readdirSync(path.join(scratch, "cache")).filter((file) => file.endsWith(".json")),
                [],
                "nothing previewed, nothing kept",
            );
        } finally {
            fs.rmSync(scratch, { recursive: true, force: true });
        }
    });
});
