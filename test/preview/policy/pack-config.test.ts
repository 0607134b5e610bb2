// Pack config files checked as the Pulumi CLI checks them (each rule's settings against its
// configSchema, with the schema's defaults filled in), plus the names the CLI would silently
// ignore: one line naming the file, the rule, the property, what was expected and what was found.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Policies } from "@pulumi/policy";
import { policies } from "../../../policy/rules";
import { PackConfigError, readPackConfig } from "../../../src/preview/policy/run-pack";
import { PROJECT_ROOT, runPlanCli } from "../../support/plan";

function write(content: unknown): string {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "fedfleet-pack-config-")), "pack.json");
    fs.writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content, null, 2));
    return file;
}

/** Asserts readPackConfig refuses the content with one line: `<file>: <detail>`. */
function refuses(content: unknown, detail: string, pack: Policies = policies): void {
    const file = write(content);
    assert.throws(
        () => readPackConfig(file, pack),
        (error: Error) => {
            assert.ok(error instanceof PackConfigError, String(error));
            assert.ok(!error.message.includes("\n"), `one line: ${error.message}`);
            assert.equal(error.message, `${file}: ${detail}`);
            return true;
        },
    );
}

const PROD = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, "policy", "config", "prod.json"), "utf8"));

describe("pack config: each rule's settings against its configSchema", () => {
    it('refuses a string where the schema says boolean ("requireDigest": "true")', () => {
        refuses(
            { ...PROD, "image-pinned": { enforcementLevel: "mandatory", requireDigest: "true" } },
            'image-pinned: requireDigest: expected boolean, found "true"',
        );
    });

    it("refuses numbers out of range or not integers, strings off the pattern, and bad array items", () => {
        refuses(
            { "node-pools-multi-zone": { minZones: 0 } },
            "node-pools-multi-zone: minZones: expected >= 1, found 0",
        );
        refuses(
            { "federation-spread": { minRegions: 1.5 } },
            "federation-spread: minRegions: expected integer, found 1.5",
        );
        refuses(
            { "kubernetes-version-supported": { minimumVersion: "1.x" } },
            'kubernetes-version-supported: minimumVersion: expected to match pattern "^1\\.\\d+$", found "1.x"',
        );
        refuses(
            { "allowed-registries": { registries: ["ghcr.io/acme/", 7] } },
            "allowed-registries: registries[1]: expected string, found 7",
        );
        refuses(
            { "cluster-endpoint-restricted": { allowedCidrs: "10.0.0.0/8" } },
            'cluster-endpoint-restricted: allowedCidrs: expected array, found "10.0.0.0/8"',
        );
    });

    it("refuses a setting the rule does not declare (the CLI would ignore it, and the rule run on its default)", () => {
        refuses(
            { "image-pinned": { requireDigests: true } },
            "image-pinned: requireDigests: expected a setting of the rule (requireDigest), found an unknown name",
        );
        refuses(
            { "container-resources": { enforcementLevel: "mandatory", limits: true } },
            "container-resources: limits: expected no settings (the rule has none), found an unknown name",
        );
        refuses(
            { all: { enforcementLevel: "mandatory", minZones: 3 } },
            "all: minZones: expected only enforcementLevel, found an unknown name",
        );
    });

    it("refuses an enforcement level that is not a string", () => {
        refuses(
            { "zone-spread": { enforcementLevel: 1 } },
            "zone-spread: expected one of advisory, mandatory, remediate, disabled, found 1",
        );
    });

    it("refuses a required setting left out, and accepts it when the schema gives a default", () => {
        const needs = (schema: Record<string, unknown>): Policies => [
            {
                name: "needs-owner",
                description: "needs an owner",
                configSchema: { properties: { owner: { type: "string", ...schema } }, required: ["owner"] },
                validateStack: () => undefined,
            },
        ];
        refuses({ all: "mandatory" }, "needs-owner: owner: expected a value (required), found none", needs({}));
        readPackConfig(write({ all: "mandatory" }), needs({ default: "platform" }));
    });

    for (const stack of ["dev", "staging", "prod"]) {
        it(`accepts the checked-in policy/config/${stack}.json`, () => {
            const file = path.join(PROJECT_ROOT, "policy", "config", `${stack}.json`);
            assert.deepEqual(readPackConfig(file, policies), JSON.parse(fs.readFileSync(file, "utf8")));
        });
    }

    it("npm run plan refuses it in one line, exit 2, no files written", function () {
        this.timeout(120_000);
        const file = write({ ...PROD, "image-pinned": { enforcementLevel: "mandatory", requireDigest: "true" } });
        const out = path.join(path.dirname(file), "out");
        const result = runPlanCli(["--stack", "prod", "--policy-config", file, "--out", out]);
        assert.equal(result.status, 2, result.stdout + result.stderr);
        assert.equal(result.stderr, `error: ${file}: image-pinned: requireDigest: expected boolean, found "true"\n`);
        assert.equal(result.stdout, "");
        assert.ok(!fs.existsSync(out), "no files written");
    });
});
