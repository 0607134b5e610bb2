// A stack-file change (the common one) leaves plan:diff's two sides the same files but their
// stacks, so the same build: the base takes the head's dist/ instead of compiling it again,
// and its own build (src/build.js, by the sources' content) decides whether that is current.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { prepareBase, resolveBase } from "../../../src/preview/diff/base-worktree";
import { sameFilesButStacks } from "../../../src/preview/diff/inputs";
import { copyProject, ProjectCopy } from "../../../tools/bench/project-copy";
import { PROJECT_ROOT } from "../../support/plan";

describe("plan:diff: the base's build from a head built from the same files", function () {
    this.timeout(120_000);

    describe("sameFilesButStacks", () => {
        const base = new Map([
            ["index.ts", "f 1"],
            ["src/plan/fleet-plan.ts", "f 2"],
            ["policy/config/prod.json", "f 3"],
            ["stacks/Pulumi.dev.yaml", "f 4"],
            ["stacks/Pulumi.prod.yaml", "f 5"],
        ]);
        const cases: { what: string; head: Map<string, string>; same: boolean }[] = [
            { what: "the same files", head: new Map(base), same: true },
            { what: "a stack file edited", head: new Map([...base, ["stacks/Pulumi.dev.yaml", "f 9"]]), same: true },
            {
                what: "a stack added and one removed",
                head: new Map(
                    [...base, ["stacks/Pulumi.qa.yaml", "f 9"] as const].filter(
                        ([file]) => file !== "stacks/Pulumi.prod.yaml",
                    ),
                ),
                same: true,
            },
            { what: "a source edited", head: new Map([...base, ["src/plan/fleet-plan.ts", "f 9"]]), same: false },
            { what: "a pack config edited", head: new Map([...base, ["policy/config/prod.json", "f 9"]]), same: false },
            { what: "a source added", head: new Map([...base, ["src/plan/new.ts", "f 9"]]), same: false },
            {
                what: "a file under stacks/ that is no stack file",
                head: new Map([...base, ["stacks/README.md", "f 9"]]),
                same: false,
            },
            {
                what: "a stack file deeper in stacks/",
                head: new Map([...base, ["stacks/old/Pulumi.dev.yaml", "f 9"]]),
                same: false,
            },
        ];
        for (const { what, head, same } of cases)
            it(`${what}: ${same ? "the same build" : "another build"}`, () => {
                assert.equal(sameFilesButStacks(base, head), same);
                assert.equal(sameFilesButStacks(head, base), same, "either way round");
            });
    });

    describe("prepareBase with a built twin", () => {
        let copy: ProjectCopy;
        let scratch: string;
        // A file no build makes: a build that runs removes it (src/build.js removes outputs without a source).
        const MARKER = "dist/twin-marker.js";
        before(() => {
            copy = copyProject(PROJECT_ROOT);
            fs.writeFileSync(path.join(copy.root, MARKER), "// copied from the twin\n");
        });
        beforeEach(() => {
            scratch = fs.mkdtempSync(path.join(os.tmpdir(), "fedfleet-base-build-"));
        });
        afterEach(() => fs.rmSync(scratch, { recursive: true, force: true }));
        after(() => copy.remove());

        it("takes the twin's dist/ and does not compile again when the twin was built from the same sources", async () => {
            const base = await prepareBase(copy.root, resolveBase(copy.root, "HEAD"), scratch, copy.root);
            try {
                assert.ok(
                    fs.existsSync(path.join(base.projectDir, MARKER)),
                    "the base took the twin's build and compiled nothing",
                );
                assert.equal(
                    fs.readFileSync(path.join(base.projectDir, "dist/index.js"), "utf8"),
                    fs.readFileSync(path.join(copy.root, "dist/index.js"), "utf8"),
                );
            } finally {
                base.cleanup();
            }
        });

        it("compiles when the twin's build is not the base's (its build stamp says other sources)", async () => {
            const twin = path.join(scratch, "twin");
            fs.cpSync(path.join(copy.root, "dist"), path.join(twin, "dist"), { recursive: true });
            fs.writeFileSync(path.join(twin, "dist/.build-stamp"), "another build");
            const base = await prepareBase(copy.root, resolveBase(copy.root, "HEAD"), scratch, twin);
            try {
                assert.ok(!fs.existsSync(path.join(base.projectDir, MARKER)), "the base compiled its own build");
                assert.ok(fs.existsSync(path.join(base.projectDir, "dist/src/preview/plan/worker.js")));
            } finally {
                base.cleanup();
            }
        });

        it("without a twin, builds as before", async () => {
            const base = await prepareBase(copy.root, resolveBase(copy.root, "HEAD"), scratch);
            try {
                assert.ok(!fs.existsSync(path.join(base.projectDir, MARKER)));
                assert.ok(fs.existsSync(path.join(base.projectDir, "dist/src/preview/plan/worker.js")));
            } finally {
                base.cleanup();
            }
        });
    });
});
