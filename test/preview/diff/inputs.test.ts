// plan:diff skips a stack only when base and head have the same inputs. Each case changes one
// kind of file a preview reads in a copy of the project (its working tree against its one
// commit) and checks that the stacks whose previews read it are previewed, never skipped
// as unchanged; the cases after them change what no preview reads and check that the skip
// still happens, so the first ones cannot pass by skipping nothing.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { compareInputs, sameInputs, stackInputs } from "../../../src/preview/diff/inputs";
import { copyProject, ProjectCopy } from "../../../tools/bench/project-copy";
import { PROJECT_ROOT } from "../../support/plan";

const STACKS = ["dev", "prod", "staging"];

describe("plan:diff inputs: a change to what a preview reads is never skipped", function () {
    this.timeout(120_000);
    let copy: ProjectCopy;
    before(() => {
        copy = copyProject(PROJECT_ROOT);
    });
    after(() => copy.remove());
    afterEach(() => copy.reset());

    const read = (file: string) => fs.readFileSync(path.join(copy.root, file), "utf8");
    const append = (file: string, text: string) => fs.appendFileSync(path.join(copy.root, file), text);
    /** The stacks plan:diff would preview (inputs differ), by name. */
    const previewed = (leaveOut: string[] = []) =>
        compareInputs(copy.root, "HEAD", leaveOut)
            .filter((pair) => !sameInputs(pair))
            .map((pair) => pair.stack);

    it("with nothing changed, every stack is skipped", () => {
        assert.deepEqual(
            compareInputs(copy.root, "HEAD").map((pair) => pair.stack),
            STACKS,
        );
        assert.deepEqual(previewed(), []);
    });

    const changes: { kind: string; change: () => void; stacks: string[] }[] = [
        {
            kind: "a stack file (its own stack only)",
            change: () => copy.write("stacks/Pulumi.prod.yaml", read("stacks/Pulumi.prod.yaml").replace(/10/, "11")),
            stacks: ["prod"],
        },
        { kind: "a comment in a stack file", change: () => append("stacks/Pulumi.dev.yaml", "# x\n"), stacks: ["dev"] },
        {
            // Dev and prod build in one AWS account: their Elastic IPs and vCPUs add up in prod's plan.
            kind: "a stack file's node pool, which another stack of its account shares quotas with",
            change: () =>
                copy.write(
                    "stacks/Pulumi.dev.yaml",
                    read("stacks/Pulumi.dev.yaml").replace(/maxSize: (\d+)/, (_, n) => `maxSize: ${Number(n) + 1}`),
                ),
            stacks: ["dev", "prod"],
        },
        { kind: "the program's entry, index.ts", change: () => append("index.ts", "\n// x\n"), stacks: STACKS },
        {
            kind: "a planning-core source",
            change: () => append("src/plan/placement/divide-replicas.ts", "\n// x\n"),
            stacks: STACKS,
        },
        {
            kind: "a component source",
            change: () => append("src/components/federation/federated-service.ts", "\n// x\n"),
            stacks: STACKS,
        },
        {
            kind: "the preview's mocks",
            change: () => append("src/preview/harness/mocks.ts", "\n// x\n"),
            stacks: STACKS,
        },
        { kind: "a policy rule", change: () => append("policy/rules/workloads.ts", "\n// x\n"), stacks: STACKS },
        {
            kind: "the prod pack config (prod only)",
            change: () =>
                copy.write("policy/config/prod.json", read("policy/config/prod.json").replace("{", '{ "x": 1,')),
            stacks: ["prod"],
        },
        {
            kind: "the staging pack config (staging only)",
            change: () => append("policy/config/staging.json", "\n"),
            stacks: ["staging"],
        },
        {
            kind: "a pack config of a new environment, which no stack names",
            change: () => copy.write("policy/config/qa.json", "{}\n"),
            stacks: [],
        },
        { kind: "the lock file", change: () => append("package-lock.json", "\n"), stacks: STACKS },
        {
            kind: "package.json (dependencies, the build script)",
            change: () => append("package.json", "\n"),
            stacks: STACKS,
        },
        { kind: "the build, src/build.js", change: () => append("src/build.js", "\n// x\n"), stacks: STACKS },
        {
            kind: "the program's start, pulumi-main.js",
            change: () => append("pulumi-main.js", "\n// x\n"),
            stacks: STACKS,
        },
        { kind: "Pulumi.yaml", change: () => append("Pulumi.yaml", "# x\n"), stacks: STACKS },
        { kind: "tsconfig.json (esbuild reads it)", change: () => append("tsconfig.json", "\n"), stacks: STACKS },
        { kind: "the Node version, .nvmrc", change: () => append(".nvmrc", "\n"), stacks: STACKS },
        {
            kind: "a new file nobody classified (a data file the program might read)",
            change: () => copy.write("data/regions.json", "{}\n"),
            stacks: STACKS,
        },
        {
            kind: "a new source file",
            change: () => copy.write("src/plan/core/new-rule.ts", "export const x = 1;\n"),
            stacks: STACKS,
        },
        {
            kind: "a source file deleted",
            change: () => fs.rmSync(path.join(copy.root, "src/plan/core/order.ts")),
            stacks: STACKS,
        },
        {
            kind: "a source file renamed, content unchanged",
            change: () =>
                fs.renameSync(
                    path.join(copy.root, "src/plan/core/order.ts"),
                    path.join(copy.root, "src/plan/core/o.ts"),
                ),
            stacks: STACKS,
        },
        {
            kind: "a file git ignores, under src/ (the build compiles it all the same)",
            change: () => copy.write("src/plan/core/local.log", "x\n"),
            stacks: STACKS,
        },
        {
            kind: "a source replaced by a symbolic link to the same text",
            change: () => {
                const file = path.join(copy.root, "src/plan/core/order.ts");
                fs.renameSync(file, `${file}.real`);
                fs.symlinkSync("order.ts.real", file);
            },
            stacks: STACKS,
        },
        {
            // In dev's account: dev's and prod's shared quotas now count qa's share too.
            kind: "a stack added",
            change: () => copy.write("stacks/Pulumi.qa.yaml", read("stacks/Pulumi.dev.yaml")),
            stacks: ["dev", "prod", "qa"],
        },
        {
            kind: "a stack removed",
            change: () => fs.rmSync(path.join(copy.root, "stacks/Pulumi.staging.yaml")),
            stacks: ["staging"],
        },
        // What no preview reads: the skip happens.
        { kind: "a test", change: () => append("test/plan/fleet-plan.test.ts", "\n// x\n"), stacks: [] },
        { kind: "a dev tool", change: () => append("tools/bench/cli.ts", "\n// x\n"), stacks: [] },
        { kind: "the README", change: () => append("README.md", "\nx\n"), stacks: [] },
        { kind: "a new page of docs", change: () => copy.write("docs/x.md", "x\n"), stacks: [] },
        { kind: "a workflow", change: () => append(".github/workflows/ci.yml", "\n# x\n"), stacks: [] },
        { kind: "the lint config", change: () => append("eslint.config.mjs", "\n// x\n"), stacks: [] },
    ];
    for (const { kind, change, stacks } of changes) {
        it(`${kind}: ${stacks.length > 0 ? `previews ${stacks.join(", ")}` : "every stack skipped"}`, () => {
            change();
            try {
                assert.deepEqual(previewed(), stacks);
            } finally {
                fs.rmSync(path.join(copy.root, "src/plan/core/local.log"), { force: true });
                fs.rmSync(path.join(copy.root, "src/plan/core/order.ts.real"), { force: true });
            }
        });
    }

    it("plan:diff's own --out and --cache inside the project are no inputs, whatever they hold", () => {
        copy.write("plan-diff/summary.json", "{}\n");
        copy.write(".plan-cache/digest-key", "x\n");
        assert.deepEqual(previewed([path.join(copy.root, "plan-diff"), path.join(copy.root, ".plan-cache")]), []);
        assert.deepEqual(previewed(), STACKS, "not left out, they would be inputs like any new file");
    });

    it("a stack file whose environment cannot be read makes every pack config an input of that stack", () => {
        const files = new Map([
            ["stacks/Pulumi.x.yaml", "f 1"],
            ["policy/config/dev.json", "f 2"],
            ["policy/config/prod.json", "f 3"],
        ]);
        const inputs = (text: string) => stackInputs(files, "x", () => text).files;
        assert.deepEqual(inputs("config:\n  fedfleet:federation:\n    environment: dev\n"), [
            "policy/config/dev.json",
            "stacks/Pulumi.x.yaml",
        ]);
        for (const unreadable of [
            "config:\n  fedfleet:federation:\n    environment: qa\n",
            "config:\n  fedfleet:federation: {}\n",
            "config: [",
            "config:\n  fedfleet:federation:\n    environment: { secure: abc }\n",
        ])
            assert.deepEqual(
                inputs(unreadable),
                ["policy/config/dev.json", "policy/config/prod.json", "stacks/Pulumi.x.yaml"],
                unreadable,
            );
        // The plain key is the project's own namespace, as Pulumi reads it.
        assert.deepEqual(inputs("config:\n  federation:\n    environment: prod\n"), [
            "policy/config/prod.json",
            "stacks/Pulumi.x.yaml",
        ]);
    });
});
