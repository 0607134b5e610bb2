import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as v8 from "node:v8";
import * as vm from "node:vm";
import { pulumiMain, runProgram } from "../../../src/preview/harness/run-program";
import { FleetMocks } from "../../../src/preview/harness/mocks";
import { planJson } from "../../../src/preview/plan/render";
import { planStack, stackYaml, stackFilePath, EXISTING_CLUSTER, PROJECT_ROOT } from "../../support/plan";
import { SECURE_PLACEHOLDER } from "../../../src/preview/harness/stack-file";
import { nonEmpty } from "../../support/non-empty";

const STACKS = ["dev", "staging", "prod"];

describe("runProgram over the checked-in stacks", () => {
    for (const stack of STACKS) {
        describe(stack, () => {
            it("previews cleanly with clusters on both AWS and Google Cloud in at least two regions", async () => {
                const run = await planStack(stack);
                const clusters = run.outputs.clusters as Record<
                    string,
                    { cloud: string; region: string; zones: string[]; labels: Record<string, string> }
                >;
                const clouds = new Set(Object.values(clusters).map((c) => c.cloud));
                assert.ok(clouds.has("aws") && clouds.has("gcp"), `clouds: ${[...clouds]}`);
                assert.ok(new Set(Object.values(clusters).map((c) => c.region)).size >= 2);
                for (const [name, cluster] of Object.entries(clusters)) {
                    assert.ok(cluster.zones.length >= 2, `${name} zones`);
                    assert.equal(cluster.labels.cluster, name);
                    assert.equal(cluster.labels.env, stack);
                }
                assert.ok(run.resources.length > 50);
            });

            it("records every resource with a parent (except the top-level cluster, service, DNS and project-API components) and every Kubernetes provider's kubeconfig as secret", async () => {
                const run = await planStack(stack);
                const topLevel = /^fedfleet:(cluster|service|dns|gcp:ProjectServices)/;
                for (const resource of nonEmpty(
                    run.resources.filter((r) => !topLevel.test(r.type)),
                    "resource below a top-level component",
                ))
                    assert.ok(resource.parent, `${resource.urn} has no parent`);
                for (const provider of nonEmpty(
                    run.resources.filter((r) => r.type === "pulumi:providers:kubernetes"),
                    "Kubernetes provider",
                )) {
                    assert.equal(provider.inputs.kubeconfig, "[secret]");
                }
            });
        });
    }

    it("protects stateful resources in prod and nothing elsewhere", async () => {
        const prod = await planStack("prod");
        const protectedTypes = new Set(prod.resources.filter((r) => r.protect).map((r) => r.type));
        assert.deepEqual([...protectedTypes].sort(), [
            "aws:eks/cluster:Cluster",
            "aws:kms/key:Key",
            "aws:route53/zone:Zone",
            "gcp:container/cluster:Cluster",
            "gcp:container/nodePool:NodePool",
            "gcp:kms/cryptoKey:CryptoKey",
            "gcp:kms/keyRing:KeyRing",
            "random:index/randomId:RandomId",
        ]);
        for (const stack of ["dev", "staging"]) {
            assert.deepEqual(
                (await planStack(stack)).resources.filter((r) => r.protect),
                [],
            );
        }
    });

    it("gives byte-identical plans for the same stack file, run after run", async () => {
        // Two runs of the program, not planYaml: that shares one run per text (test/support/plan.ts).
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fedfleet-same-plan-"));
        const file = path.join(dir, "Pulumi.test.yaml");
        fs.writeFileSync(file, stackYaml(EXISTING_CLUSTER));
        try {
            const run = () => runProgram({ stackFile: file, stackFileLabel: "stacks/Pulumi.test.yaml" });
            const first = planJson(await run());
            const second = planJson(await run());
            assert.equal(first, second);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("never lets a secure value or a kubeconfig body reach the plan", async () => {
        for (const stack of STACKS) {
            const text = planJson(await planStack(stack));
            assert.ok(!text.includes(SECURE_PLACEHOLDER), stack);
            assert.ok(!text.includes("v1:Mx7mLy1KeYy2ZmAs"), stack);
            assert.ok(!text.includes("get-token"), stack);
            assert.ok(!text.includes("gke-gcloud-auth-plugin"), stack);
        }
    });

    it("fails loudly on an invoke the mocks do not answer", () => {
        const mocks = new FleetMocks({ lookup: () => undefined, onRefusal: () => undefined, clusters: new Map() });
        assert.throws(
            () => mocks.call({ token: "aws:index/getCallerIdentity:getCallerIdentity", inputs: {}, provider: "" }),
            /no mock answer for invoke aws:index\/getCallerIdentity:getCallerIdentity/,
        );
    });
});

/** Writes `source` as `program.js` in `dir`; its path. */
function writeProgram(dir: string, source: string): string {
    const program = path.join(dir, "program.js");
    fs.writeFileSync(program, source);
    return program;
}

/** Runs `use` with `source` as a program in a directory of its own, removed after. */
async function withProgram(prefix: string, source: string, use: (program: string) => Promise<void>): Promise<void> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    try {
        await use(writeProgram(dir, source));
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

describe("runProgram against what the engine refuses", () => {
    it("fails, as pulumi up would, when two resources get the same URN", async () => {
        const source = `const pulumi = require(${JSON.stringify(require.resolve("@pulumi/pulumi"))});
new pulumi.ComponentResource("acme:index:Thing", "twice");
new pulumi.ComponentResource("acme:index:Thing", "twice");
`;
        await withProgram("fedfleet-dup-", source, (program) =>
            assert.rejects(
                runProgram({ stackFile: stackFilePath("dev"), programPath: program }),
                /the engine would refuse this program: Duplicate resource URN 'urn:pulumi:dev::fedfleet::acme:index:Thing::twice'/,
            ),
        );
    });

    it("runs the program through Pulumi.yaml's main, as pulumi up does", async () => {
        assert.equal(pulumiMain(), path.join(PROJECT_ROOT, "pulumi-main.js"));
        await planStack("dev");
        assert.ok(require.cache[pulumiMain()], "pulumi-main.js was loaded");
        assert.ok(require.cache[path.join(PROJECT_ROOT, "dist", "index.js")], "and it loaded the compiled program");
    });
});

describe("runProgram without the SDK's per-promise stack traces", () => {
    let dir: string;
    beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "fedfleet-stacks-"))));
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    /** A program that counts its runs in `runs.txt`, then does `body`. */
    const program = (body: string): string =>
        writeProgram(
            dir,
            `require("node:fs").appendFileSync(${JSON.stringify(path.join(dir, "runs.txt"))}, "run\\n");\n${body}\n`,
        );
    const runs = () => fs.readFileSync(path.join(dir, "runs.txt"), "utf8").split("\n").filter(Boolean).length;

    it("runs the program with none, and puts the limit back after", async () => {
        const before = Error.stackTraceLimit;
        const run = await runProgram({
            stackFile: stackFilePath("dev"),
            programPath: program("module.exports = { limit: Error.stackTraceLimit };"),
        });
        assert.equal(run.outputs.limit, 0);
        assert.equal(Error.stackTraceLimit, before);
        assert.equal(runs(), 1);
    });

    it("a failure that is not the user's still says where it was: raised by a second run with stack traces", async () => {
        const before = Error.stackTraceLimit;
        const file = program(`function deepInTheProgram() { throw new Error("a bug"); }\ndeepInTheProgram();`);
        await assert.rejects(
            runProgram({ stackFile: stackFilePath("dev"), programPath: file }),
            (error: Error) => error.message === "a bug" && error.stack!.includes(`at deepInTheProgram (${file}:`),
        );
        assert.equal(runs(), 2);
        assert.equal(Error.stackTraceLimit, before);
    });

    it("a config mistake is the user's: one run, its one line", async () => {
        const file = program(
            `const error = new Error("stacks/Pulumi.dev.yaml: fedfleet:x: expected y, found z");\nerror.isInvalidFleetConfig = true;\nthrow error;`,
        );
        await assert.rejects(runProgram({ stackFile: stackFilePath("dev"), programPath: file }), /expected y, found z/);
        assert.equal(runs(), 1);
    });
});

describe("runProgram reads the stack file as the program does, and refuses before running it", () => {
    let dir: string;
    beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "fedfleet-reading-"))));
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
    const write = (text: string) => {
        const file = path.join(dir, "Pulumi.dev.yaml");
        fs.writeFileSync(file, text);
        return file;
    };
    const dev = () => fs.readFileSync(stackFilePath("dev"), "utf8");
    const deployerBlock = / {2}fedfleet:deployer:\n(?: {4}.*\n)+/;

    it("a map written as JSON text is the map the program reads (Pulumi hands every value to it as text)", async () => {
        const block = deployerBlock.exec(dev())![0];
        const json = JSON.stringify({
            egressCidrs: ["192.0.2.0/28"],
            aws: {
                deployRoleArn: "arn:aws:iam::123456789012:role/fedfleet-deploy-dev",
                previewRoleArn: "arn:aws:iam::123456789012:role/fedfleet-preview",
            },
        });
        assert.match(block, /deployRoleArn: arn:aws:iam::123456789012:role\/fedfleet-deploy-dev/);
        const asText = write(dev().replace(block, `  fedfleet:deployer: '${json}'\n`));
        const written = await runProgram({ stackFile: asText, stackFileLabel: "stacks/Pulumi.dev.yaml" });
        const asMap = await planStack("dev");
        assert.deepEqual(
            written.resources.map((r) => [r.urn, r.inputs]),
            asMap.resources.map((r) => [r.urn, r.inputs]),
        );
    });

    it("a fleet the program would refuse is refused without starting the program", async () => {
        const marker = path.join(dir, "ran");
        const program = writeProgram(dir, `require("node:fs").writeFileSync(${JSON.stringify(marker)}, "ran");\n`);
        const file = write(dev().replace("      replicas: 4\n", "      replicas: -4\n"));
        await assert.rejects(
            runProgram({ stackFile: file, stackFileLabel: "stacks/Pulumi.dev.yaml", programPath: program }),
            (error: Error) =>
                error.message.startsWith("stacks/Pulumi.dev.yaml: fedfleet:services[0].replicas: expected ") &&
                !fs.existsSync(marker),
        );
    });
});

describe("runProgram in a process that previews one stack after another", () => {
    it("does not keep each earlier run's program alive (plan:diff's workers and the tests run many)", async () => {
        // Each run loads the program anew; a module that stays reachable keeps every resource and
        // Output the run made (about 5 MB for prod). (With the real program, a module that every
        // run shares still names the run that first loaded it as its parent: one early run can
        // stay, but no more accumulate.)
        const source = "(globalThis.__fedfleetProgramRuns ??= []).push(new WeakRef(module));\nmodule.exports = {};\n";
        const runs = () => (globalThis as { __fedfleetProgramRuns?: WeakRef<object>[] }).__fedfleetProgramRuns ?? [];
        const gc = (): void => {
            v8.setFlagsFromString("--expose-gc");
            (vm.runInNewContext("gc") as () => void)();
        };
        await withProgram("fedfleet-runs-", source, async (program) => {
            try {
                for (let i = 0; i < 3; i += 1)
                    await runProgram({ stackFile: stackFilePath("dev"), programPath: program });
                assert.equal(runs().length, 3, "the program ran three times");
                // A WeakRef is cleared by a collection after the turn that last read it.
                await new Promise((resolve) => setImmediate(resolve));
                gc();
                await new Promise((resolve) => setImmediate(resolve));
                assert.deepEqual(
                    runs().map((ref) => ref.deref() === undefined),
                    [true, true, false],
                    "only the last run's program module is still loaded (require.cache keeps it until the next run)",
                );
            } finally {
                delete (globalThis as { __fedfleetProgramRuns?: unknown }).__fedfleetProgramRuns;
            }
        });
    });
});
