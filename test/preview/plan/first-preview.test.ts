// `npm run plan -- --first-preview`: the program as the first `pulumi preview` of a new stack
// runs it, outputs of resources not yet created unknown. Every checked-in stack is run through
// the CLI in both modes; neither may give a mandatory violation.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PROJECT_ROOT, runPlanCli } from "../../support/plan";
import { previewStackOnce } from "../../support/shared-preview";
import { runPlanInProcess } from "../../support/plan-cli";
import { nonEmpty } from "../../support/non-empty";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const STACKS = ["dev", "staging", "prod"];
const MODES = [
    { mode: "known-outputs", flags: [] as string[] },
    { mode: "first-preview", flags: ["--first-preview"] },
];

function tempDir(): string {
    return fs.mkdtempSync(path.join(os.tmpdir(), "fedfleet-first-preview-"));
}

/** One CLI run per stack and mode, shared by the assertions on it (and other files): each costs seconds. */
const planOnce = previewStackOnce;

const readPlan = (out: string): Json => JSON.parse(fs.readFileSync(path.join(out, "plan.json"), "utf8"));

/** Every value of a JSON tree, with its path, for finding marks such as "[unknown]". */
function* leaves(node: Json, at = ""): Generator<[string, unknown]> {
    if (Array.isArray(node)) for (const [i, item] of node.entries()) yield* leaves(item, `${at}[${i}]`);
    else if (node !== null && typeof node === "object")
        for (const key of Object.keys(node)) yield* leaves(node[key], at ? `${at}.${key}` : key);
    else yield [at, node];
}

const ofType = (plan: Json, type: string): Json[] => plan.resources.filter((r: Json) => r.type === type);

describe("npm run plan --first-preview", function () {
    this.timeout(180_000);

    for (const stack of STACKS) {
        for (const { mode, flags } of MODES) {
            it(`${stack}, ${mode}: exits 0 with no mandatory violation and plan.json records the mode`, async () => {
                const run = await planOnce(stack, flags);
                assert.equal(run.status, 0, run.stdout + run.stderr);
                assert.match(run.stdout, new RegExp(`\\nPolicy \\(policy/config/${stack}\\.json\\): 0 mandatory, `));
                const plan = readPlan(run.out);
                assert.equal(plan.mode, mode);
                assert.deepEqual(
                    plan.policy.violations.filter((v: Json) => v.level === "mandatory"),
                    [],
                );
                // Every rule decides from what is known in this mode (a health check's presence, not
                // its id): none falls back to Pulumi's advisory "can't run during preview".
                assert.deepEqual(
                    plan.policy.violations.filter((v: Json) => /can't run|unknown/i.test(v.message)),
                    [],
                );
            });
        }
    }

    it("known-outputs leaves nothing unknown; first-preview leaves computed outputs unknown where inputs use them", async () => {
        const known = readPlan((await planOnce("prod", [])).out);
        assert.deepEqual(
            [...leaves(known)].filter(([, value]) => value === "[unknown]"),
            [],
        );
        const first = readPlan((await planOnce("prod", ["--first-preview"])).out);
        // The KMS key's ARN is computed by AWS: the cluster's encryption config cannot know it yet.
        const eksClusters = nonEmpty(ofType(first, "aws:eks/cluster:Cluster"), "EKS cluster in prod");
        for (const eks of eksClusters) assert.equal(eks.inputs.encryptionConfig.provider.keyArn, "[unknown]", eks.urn);
        // ... while what the program knows from config stays known.
        for (const eks of eksClusters) assert.match(eks.inputs.version, /^1\.\d+$/);
        // A Route53 alias to an EKS load balancer: the NLB's name is not known before the Service exists...
        const aliases = ofType(first, "aws:route53/record:Record").filter((r: Json) => r.inputs.aliases?.length);
        assert.ok(aliases.length > 0, "prod has Route53 alias records");
        for (const record of aliases) assert.equal(record.inputs.aliases[0].name, "[unknown]", record.urn);
        // ... but its hosted zone comes from an invoke, and invokes answer in a preview.
        for (const record of aliases) assert.match(record.inputs.aliases[0].zoneId, /^Z[0-9A-Z]+$/, record.urn);
        // Stack outputs computed from unknowns are unknown too; the ones from config are not.
        assert.equal(first.outputs.federation.environment, "prod");
        assert.ok(
            [...leaves(first.outputs)].some(([, value]) => value === "[unknown]"),
            "some stack output is unknown",
        );
    });

    it("gives byte-identical plan files for the same stack file and mode", async () => {
        const again = tempDir();
        const second = runPlanCli(["--first-preview", "--stack", "staging", "--out", again]);
        assert.equal(second.status, 0, second.stderr);
        const first = await planOnce("staging", ["--first-preview"]);
        for (const file of ["plan.json", "plan.md"])
            assert.equal(
                fs.readFileSync(path.join(again, file), "utf8"),
                fs.readFileSync(path.join(first.out, file), "utf8"),
                file,
            );
        assert.equal(second.stdout.replace(again, "<out>"), first.stdout.replace(first.out, "<out>"));
    });

    it("reports a mandatory violation and exits 1 in first-preview mode too, plan files still written", async () => {
        const dir = tempDir();
        const file = path.join(dir, "Pulumi.risky.yaml");
        fs.writeFileSync(
            file,
            fs
                .readFileSync(path.join(PROJECT_ROOT, "stacks/Pulumi.dev.yaml"), "utf8")
                .replace("publicAccessCidrs: [198.51.100.0/24]", "publicAccessCidrs: [0.0.0.0/0]"),
        );
        const out = path.join(dir, "out");
        const result = await runPlanInProcess(["--config", file, "--first-preview", "--out", out], 120_000);
        assert.equal(result.status, 1, result.stderr);
        assert.match(
            result.stdout,
            /mandatory {2}cluster-endpoint-restricted {2}aws-use1-eks: EKS cluster aws-use1-eks has a public API endpoint open to 0\.0\.0\.0\/0/,
        );
        const plan = readPlan(out);
        assert.equal(plan.mode, "first-preview");
        assert.ok(plan.policy.violations.some((v: Json) => v.level === "mandatory"));
    });

    it("says which mode it ran in, and the usage names the flag", async () => {
        assert.match(
            (await planOnce("dev", ["--first-preview"])).stdout,
            /^fedfleet offline preview: stack dev .*first preview/,
        );
        assert.doesNotMatch((await planOnce("dev", [])).stdout, /first preview/);
        const refused = runPlanCli(["--stack", "dev", "--first-preview", "yes"]);
        assert.equal(refused.status, 2);
        assert.match(refused.stderr, /^error: unknown argument "yes"; usage: .*\[--first-preview\]/);
    });
});
