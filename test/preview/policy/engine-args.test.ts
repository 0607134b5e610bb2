// What the offline pack harness hands each kind of rule, as the engine does: a resource rule the
// resource's inputs (Analyze), a stack rule every resource's outputs (AnalyzeStack, "called on the
// final outputs of each resource"), and config filled from the schema's defaults.
import assert from "node:assert/strict";
import type { Policies, PolicyResource } from "@pulumi/policy";
import { runPolicies } from "../../../src/preview/policy/run-pack";
import type { RecordedResource } from "../../../src/preview/harness/recording-monitor";
import { UNKNOWN_MARK } from "../../../src/preview/harness/marks";
import { runProgram } from "../../../src/preview/harness/run-program";
import { stackFilePath } from "../../support/plan";

const URN = "urn:pulumi:test::fedfleet::acme:index:Thing::thing";

/** A registration whose engine outputs add a computed `arn` to its inputs. */
const thing: RecordedResource = {
    urn: URN,
    type: "acme:index:Thing",
    name: "thing",
    custom: true,
    dependencies: [],
    protect: false,
    aliases: [],
    ignoreChanges: [],
    inputs: { size: 1 },
};

/** Two probes: what a resource rule and a stack rule are shown of the one resource. */
function probes(seen: { resource?: unknown; stack?: unknown }): Policies {
    return [
        {
            name: "probe-resource",
            description: "records its props",
            enforcementLevel: "mandatory",
            validateResource: (args) => {
                seen.resource = { ...args.props };
            },
        },
        {
            name: "probe-stack",
            description: "records its props and asks for an ARN",
            enforcementLevel: "mandatory",
            validateStack: (args, report) => {
                const [resource] = args.resources as PolicyResource[];
                seen.stack = { ...resource.props };
                if (!resource.props.arn) report("no arn", resource.urn);
            },
        },
    ];
}

describe("runPolicies: what each kind of rule is given", () => {
    it("a resource rule gets the inputs, a stack rule the outputs", async () => {
        const seen: { resource?: unknown; stack?: unknown } = {};
        const outputs = new Map([[URN, { size: 1, arn: "arn:acme:thing/1" }]]);
        const violations = await runPolicies([thing], probes(seen), {}, outputs);
        assert.deepEqual(seen.resource, { size: 1 });
        assert.deepEqual(seen.stack, { size: 1, arn: "arn:acme:thing/1" });
        assert.deepEqual(violations, []);
    });

    it("a stack rule reading an output unknown at preview gets the advisory, not a violation", async () => {
        const outputs = new Map([[URN, { size: 1, arn: UNKNOWN_MARK }]]);
        const violations = await runPolicies([thing], probes({}), {}, outputs);
        assert.deepEqual(
            violations.map((v) => `${v.level} ${v.policy}`),
            ["advisory probe-stack"],
        );
        assert.match(violations[0].message, /^can't run during preview: /);
    });

    it("getConfig fills a property the pack config leaves out from the schema's default, as the CLI does", async () => {
        let config: unknown;
        const withDefault: Policies = [
            {
                name: "with-default",
                description: "records its config",
                enforcementLevel: "advisory",
                configSchema: { properties: { limit: { type: "integer", default: 3 }, label: { type: "string" } } },
                validateStack: (args) => {
                    config = args.getConfig();
                },
            },
        ];
        await runPolicies([thing], withDefault, { "with-default": { label: "x" } });
        assert.deepEqual(config, { limit: 3, label: "x" });
        await runPolicies([thing], withDefault, { "with-default": { enforcementLevel: "mandatory", limit: 5 } });
        assert.deepEqual(config, { limit: 5 });
    });

    it("a program run carries every resource's outputs, with unknowns in first-preview mode", async function () {
        this.timeout(120_000);
        for (const firstPreview of [false, true]) {
            const run = await runProgram({
                stackFile: stackFilePath("dev"),
                stackFileLabel: "stacks/Pulumi.dev.yaml",
                firstPreview,
            });
            assert.equal(run.mode, firstPreview ? "first-preview" : "known-outputs");
            const eks = run.resources.find((r) => r.type === "aws:eks/cluster:Cluster")!;
            const outputs = run.resourceOutputs.get(eks.urn)!;
            assert.equal(outputs.name, eks.inputs.name, "an input is an output too");
            if (firstPreview) assert.equal(outputs.arn, UNKNOWN_MARK);
            else assert.match(String(outputs.arn), /^arn:aws:eks:us-east-1:\d{12}:cluster\//);
            // A component's outputs are what it registered.
            const cluster = run.resources.find((r) => r.type === "fedfleet:cluster:EksCluster")!;
            assert.ok(run.resourceOutputs.has(cluster.urn));
            assert.equal(run.resourceOutputs.size, run.resources.length);
        }
    });
});
