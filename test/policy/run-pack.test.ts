// The offline pack harness: enforcement levels from the pack config, unknown values,
// pack config files, and the checked-in stacks under their own configs.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { policies } from "../../policy/rules";
import { AWS_TYPES, GCP_TYPES } from "../../src/plan/core/type-tokens";
import { enforcementOf, PackConfigError, readPackConfig, runPolicies } from "../../src/preview/policy/run-pack";
import type { LooseInputs as Inputs } from "../../src/preview/harness/recording-monitor";
import { UNKNOWN_MARK } from "../../src/preview/harness/marks";
import { planStack } from "../support/plan";
import {
    assertViolations,
    check,
    find,
    packConfig,
    packConfigFile,
    resource,
    RULE_NAMES,
    stackResources,
} from "./rules/support";

const inputs = (r: { inputs: Record<string, unknown> }) => r.inputs as Inputs;

/** An EKS cluster that only violates kubernetes-version-supported (version 1.20). */
const oldEks = () => resource(AWS_TYPES.eksCluster, "old-eks", { version: "1.20" });

describe("policy: the pack and its harness", function () {
    this.timeout(120_000);

    it("lists every rule by name, each with a default enforcement level", () => {
        assert.deepEqual(
            policies.map((p) => p.name),
            [...RULE_NAMES],
        );
        for (const policy of policies)
            assert.ok(["advisory", "mandatory"].includes(policy.enforcementLevel ?? ""), policy.name);
    });

    describe("enforcementOf: policy entry > all > rule default > advisory", () => {
        it("takes the policy's own entry, as a string or an object's enforcementLevel, over all", () => {
            assert.equal(
                enforcementOf("image-pinned", "mandatory", { all: "mandatory", "image-pinned": "advisory" }),
                "advisory",
            );
            assert.equal(
                enforcementOf("image-pinned", "mandatory", {
                    all: "mandatory",
                    "image-pinned": { enforcementLevel: "disabled", requireDigest: true },
                }),
                "disabled",
            );
        });

        it("takes all over the rule's default, also when the own entry only sets properties", () => {
            assert.equal(enforcementOf("read-only-root-filesystem", "advisory", { all: "mandatory" }), "mandatory");
            assert.equal(
                enforcementOf("image-pinned", "mandatory", {
                    all: "advisory",
                    "image-pinned": { requireDigest: true },
                }),
                "advisory",
            );
        });

        it("falls back to the rule's default, then advisory", () => {
            assert.equal(enforcementOf("image-pinned", "mandatory", { "zone-spread": "disabled" }), "mandatory");
            assert.equal(enforcementOf("image-pinned", undefined, {}), "advisory");
        });

        it("runPolicies reports at the configured level: the default, all, the own entry; remediate as mandatory", async () => {
            const level = async (config: Parameters<typeof runPolicies>[2]) =>
                (await check([oldEks()], "kubernetes-version-supported", config)).map((v) => v.level);
            assert.deepEqual(await level({}), ["mandatory"]);
            assert.deepEqual(await level({ all: "advisory" }), ["advisory"]);
            assert.deepEqual(
                await level({
                    all: "advisory",
                    "kubernetes-version-supported": { enforcementLevel: "mandatory", minimumVersion: "1.31" },
                }),
                ["mandatory"],
            );
            assert.deepEqual(await level({ "kubernetes-version-supported": "remediate" }), ["mandatory"]);
        });

        it("disabled skips a rule entirely, by its own entry or by all", async () => {
            assert.deepEqual(
                await check([oldEks()], "kubernetes-version-supported", {
                    all: "mandatory",
                    "kubernetes-version-supported": "disabled",
                }),
                [],
            );
            assert.deepEqual(await runPolicies([oldEks()], policies, { all: "disabled" }), []);
            // ... and its own entry re-enables one rule under "all": "disabled".
            const violations = await runPolicies([oldEks()], policies, {
                all: "disabled",
                "kubernetes-version-supported": "advisory",
            });
            assert.deepEqual(
                violations.map((v) => `${v.level} ${v.policy}`),
                ["advisory kubernetes-version-supported"],
            );
        });

        // The engine reads an enforcementLevel from an object-form "all" too.
        it('honours "all": { enforcementLevel } as the engine does', () => {
            assert.equal(
                enforcementOf("read-only-root-filesystem", "advisory", { all: { enforcementLevel: "mandatory" } }),
                "mandatory",
            );
        });
    });

    describe("unknown values", () => {
        it('a resource rule that reads an unknown gives an advisory "can\'t run during preview", even under all: mandatory', async () => {
            const resources = await stackResources("dev");
            const eks = find(resources, AWS_TYPES.eksCluster);
            inputs(eks).version = UNKNOWN_MARK;
            const violations = await runPolicies(resources, policies, { all: "mandatory" });
            assertViolations(violations, {
                policy: "kubernetes-version-supported",
                level: "advisory",
                urn: eks.urn,
                names: [/^can't run during preview: /],
            });
        });

        it("a stack rule that reads an unknown gives one advisory for the stack, not a crash", async () => {
            const resources = await stackResources("dev");
            inputs(find(resources, GCP_TYPES.cluster)).workloadIdentityConfig.workloadPool = UNKNOWN_MARK;
            const violations = await check(resources, "cluster-workload-identity", { all: "mandatory" });
            assertViolations(violations, {
                policy: "cluster-workload-identity",
                level: "advisory",
                names: [/^can't run during preview: /],
            });
            assert.equal(violations[0].urn, undefined);
        });

        it("unknowns inside arrays are caught too (EKS publicAccessCidrs)", async () => {
            const resources = [
                resource(AWS_TYPES.eksCluster, "pending", { vpcConfig: { publicAccessCidrs: [UNKNOWN_MARK] } }),
            ];
            assertViolations(await check(resources, "cluster-endpoint-restricted"), {
                policy: "cluster-endpoint-restricted",
                level: "advisory",
                names: [/^can't run during preview/],
            });
        });
    });

    describe("readPackConfig", () => {
        const write = (content: string) => {
            const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "fedfleet-pack-")), "pack.json");
            fs.writeFileSync(file, content);
            return file;
        };
        const rejects = (content: string, detail: RegExp) => {
            const file = write(content);
            assert.throws(
                () => readPackConfig(file, policies),
                (error: Error) => {
                    assert.ok(error instanceof PackConfigError);
                    assert.ok(error.message.startsWith(`${file}: `), error.message);
                    assert.ok(!error.message.includes("\n"), "one line");
                    assert.match(error.message, detail);
                    return true;
                },
            );
        };

        it("rejects an unknown policy name, naming the file and the name", () => {
            rejects(
                JSON.stringify({ all: "mandatory", "image-pined": "mandatory" }),
                /: image-pined: expected a policy of the pack, found an unknown name$/,
            );
        });

        it("rejects a bad level, as a string or an object's enforcementLevel", () => {
            rejects(
                JSON.stringify({ "image-pinned": "strict" }),
                /: image-pinned: expected one of advisory, mandatory, remediate, disabled, found "strict"$/,
            );
            rejects(
                JSON.stringify({ "zone-spread": { enforcementLevel: "warn" } }),
                /: zone-spread: expected one of .*, found "warn"$/,
            );
            rejects(JSON.stringify({ all: "required" }), /: all: expected one of .*, found "required"$/);
        });

        it("rejects a file that is not JSON, or not an object, in one line", () => {
            rejects('{\n  "all": mandatory\n}\n', /: expected a readable JSON policy pack config, found /);
            rejects('["all"]', /: expected a JSON object of policy names$/);
        });

        for (const stack of ["dev", "staging", "prod"]) {
            it(`accepts the checked-in policy/config/${stack}.json as written`, () => {
                const file = packConfigFile(stack);
                assert.deepEqual(readPackConfig(file, policies), JSON.parse(fs.readFileSync(file, "utf8")));
            });
        }
    });

    describe("the checked-in stacks under their own pack configs", () => {
        for (const stack of ["dev", "staging", "prod"]) {
            it(`${stack}: no mandatory violations from the whole pack`, async () => {
                const violations = await runPolicies((await planStack(stack)).resources, policies, packConfig(stack));
                assert.deepEqual(
                    violations.filter((v) => v.level === "mandatory"),
                    [],
                );
                assert.ok(
                    violations.every((v) => !v.message.startsWith("can't run")),
                    JSON.stringify(violations),
                );
            });
        }
    });
});
