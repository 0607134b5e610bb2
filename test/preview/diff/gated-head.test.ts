// The gated head (src/preview/diff/gated-head.ts) starts from the head's own build: kept as it
// is when the gated head's sources are the ones it was compiled from (no gate file changed),
// compiled again when they are not (the head built a gate file of its own, which the gated
// head takes from the base; or a source changed since the head's build); never taken when
// the pull request commits a dist/ or dist/ is a link. A marker written into the head's
// compiled index.js after its build tells which happened.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { resolveBase } from "../../../src/preview/diff/base-worktree";
import { prepareGatedHead } from "../../../src/preview/diff/gated-head";
import { projectSides } from "../../../src/preview/diff/inputs";
import { copyProject, ProjectCopy } from "../../../tools/bench/project-copy";
import { PROJECT_ROOT } from "../../support/plan";

const MARKER = "// the head's own build\n";

describe("plan:diff's gated head: the head's build, kept or compiled again", function () {
    this.timeout(120_000);
    let copy: ProjectCopy;
    let pristine: string;
    let scratch: string;
    before(() => {
        // The copy's dist/ is the checkout's build of the copy's committed sources.
        copy = copyProject(PROJECT_ROOT);
        pristine = fs.mkdtempSync(path.join(os.tmpdir(), "fedfleet-gated-head-dist-"));
        fs.cpSync(path.join(copy.root, "dist"), pristine, { recursive: true });
    });
    beforeEach(() => {
        scratch = fs.mkdtempSync(path.join(os.tmpdir(), "fedfleet-gated-head-"));
        fs.rmSync(path.join(copy.root, "dist"), { recursive: true, force: true });
        fs.cpSync(pristine, path.join(copy.root, "dist"), { recursive: true });
        // The lint's caches, as a checkout that ran npm test has them.
        fs.mkdirSync(path.join(copy.root, "dist", ".cache"), { recursive: true });
        fs.writeFileSync(path.join(copy.root, "dist", ".cache", "eslint"), "{}");
        mark();
    });
    afterEach(() => {
        copy.reset();
        fs.rmSync(scratch, { recursive: true, force: true });
    });
    after(() => {
        copy.remove();
        fs.rmSync(pristine, { recursive: true, force: true });
    });

    const index = (root: string) => path.join(root, "dist", "index.js");
    /** Marks the head's build as its own (esbuild never writes the marker). */
    const mark = () => {
        if (!fs.readFileSync(index(copy.root), "utf8").endsWith(MARKER)) fs.appendFileSync(index(copy.root), MARKER);
    };
    /** The head's build, as `npm run plan:diff` runs it before comparing, then marked. */
    const buildHead = () => {
        const result = spawnSync(process.execPath, ["src/build.js"], { cwd: copy.root, encoding: "utf8" });
        assert.equal(result.status, 0, result.stderr);
        mark();
    };
    const edit = (file: string, change: (text: string) => string) => {
        const text = fs.readFileSync(path.join(copy.root, file), "utf8");
        copy.write(file, change(text));
        assert.notEqual(fs.readFileSync(path.join(copy.root, file), "utf8"), text, `the edit of ${file} applies`);
    };

    /** The gated head of the copy's working tree against its commit: its directory, and whether it kept the head's build. */
    async function gatedHead(): Promise<{ dir: string; kept: boolean }> {
        const base = resolveBase(copy.root, "HEAD");
        const sides = projectSides(copy.root, base);
        const head = await prepareGatedHead(copy.root, sides.head.files, base, sides.base.files, scratch);
        assert.equal(head.buildError, undefined);
        return { dir: head.projectDir, kept: fs.readFileSync(index(head.projectDir), "utf8").endsWith(MARKER) };
    }

    it("keeps the head's build when only a stack file changed: its sources are the gated head's", async () => {
        edit("stacks/Pulumi.dev.yaml", (text) => text.replace("      replicas: 4\n", "      replicas: 6\n"));
        buildHead();
        const { dir, kept } = await gatedHead();
        assert.equal(kept, true);
        assert.equal(fs.existsSync(path.join(dir, "dist", ".cache")), false, "the lint's caches are not copied");
    });

    it("compiles again when the head built a gate file of its own: the gated head runs the base's", async () => {
        const gateFile = "src/preview/diff/plan-diff.ts";
        edit(gateFile, (text) => `${text}\n/** The head's own. */\nexport const headsOwn = "the head's edit";\n`);
        buildHead();
        assert.match(
            fs.readFileSync(path.join(copy.root, "dist", "src", "preview", "diff", "plan-diff.js"), "utf8"),
            /the head's edit/,
        );
        const { dir, kept } = await gatedHead();
        assert.equal(kept, false);
        assert.doesNotMatch(
            fs.readFileSync(path.join(dir, "dist", "src", "preview", "diff", "plan-diff.js"), "utf8"),
            /the head's edit/,
        );
    });

    it("compiles again when a source changed since the head's build", async () => {
        copy.write("src/plan/probe.ts", "/** A source the head's build never saw. */\nexport const probe = 1;\n");
        const { dir, kept } = await gatedHead();
        assert.equal(kept, false);
        assert.ok(fs.existsSync(path.join(dir, "dist", "src", "plan", "probe.js")));
    });

    it("never takes a dist/ that is a link, and leaves the build it links to as it was", async () => {
        const elsewhere = path.join(scratch, "elsewhere-dist");
        fs.renameSync(path.join(copy.root, "dist"), elsewhere);
        fs.symlinkSync(elsewhere, path.join(copy.root, "dist"), "dir");
        try {
            edit("stacks/Pulumi.dev.yaml", (text) => text.replace("      replicas: 4\n", "      replicas: 6\n"));
            const { dir, kept } = await gatedHead();
            assert.equal(kept, false);
            assert.equal(fs.lstatSync(path.join(dir, "dist")).isSymbolicLink(), false);
            assert.ok(
                fs.readFileSync(path.join(elsewhere, "index.js"), "utf8").endsWith(MARKER),
                "the linked build untouched",
            );
        } finally {
            fs.rmSync(path.join(copy.root, "dist"), { force: true });
        }
    });

    // Last: it commits dist/ to the copy.
    it("never takes a dist/ the pull request commits: its compiled gate files would stand in for the base's", async () => {
        copy.git("add", "--force", "dist");
        copy.git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "--quiet", "-m", "dist");
        edit("stacks/Pulumi.dev.yaml", (text) => text.replace("      replicas: 4\n", "      replicas: 6\n"));
        const { kept } = await gatedHead();
        assert.equal(kept, false);
    });
});
