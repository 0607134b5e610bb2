// runProgram in first-preview mode: the SDK's mock engine in preview mode, answering each new
// resource with its inputs only, so what the cloud computes (ids, ARNs, addresses) is unknown,
// as in the first `pulumi preview` of a new stack. Invokes still answer: they run in previews.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runProgram } from "../../../src/preview/harness/run-program";
import { UNKNOWN_MARK } from "../../../src/preview/harness/marks";
import { stackFilePath } from "../../support/plan";

/** A program of one KMS key, an alias using its id, and an invoke, exporting what it saw. */
const PROGRAM = `const pulumi = require(${JSON.stringify(require.resolve("@pulumi/pulumi"))});
const aws = require(${JSON.stringify(require.resolve("@pulumi/aws"))});
const key = new aws.kms.Key("probe-key", { description: "probe" });
new aws.kms.Alias("probe-alias", { name: "alias/probe", targetKeyId: key.id });
const zone = aws.route53.getZoneOutput({ name: "example.com" });
module.exports = {
    dryRun: pulumi.runtime.isDryRun(),
    arn: key.arn,
    description: key.description,
    zoneId: zone.zoneId,
};
`;

describe("runProgram: first-preview mode", function () {
    this.timeout(120_000);
    let dir: string;
    before(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "fedfleet-first-preview-"));
        fs.writeFileSync(path.join(dir, "program.js"), PROGRAM);
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    const run = (firstPreview: boolean) =>
        runProgram({ stackFile: stackFilePath("dev"), programPath: path.join(dir, "program.js"), firstPreview });

    it("runs as a preview: computed outputs unknown, inputs known, invokes answered", async () => {
        const first = await run(true);
        assert.equal(first.mode, "first-preview");
        assert.deepEqual(first.outputs, {
            dryRun: true,
            arn: UNKNOWN_MARK,
            description: "probe",
            zoneId: first.outputs.zoneId,
        });
        assert.match(String(first.outputs.zoneId), /^Z[0-9A-F]{20}$/);
        const alias = first.resources.find((r) => r.type === "aws:kms/alias:Alias")!;
        // The key's id is the cloud's: unknown until the key exists.
        assert.deepEqual(alias.inputs, { name: "alias/probe", targetKeyId: UNKNOWN_MARK });
        const key = first.resources.find((r) => r.type === "aws:kms/key:Key")!;
        assert.deepEqual(first.resourceOutputs.get(key.urn), {
            description: "probe",
            arn: UNKNOWN_MARK,
            keyId: UNKNOWN_MARK,
        });
    });

    it("and in the default mode every output is known, as before", async () => {
        const known = await run(false);
        assert.equal(known.mode, "known-outputs");
        assert.equal(known.outputs.dryRun, false);
        assert.match(String(known.outputs.arn), /^arn:aws:kms:us-east-1:123456789012:key\//);
        const alias = known.resources.find((r) => r.type === "aws:kms/alias:Alias")!;
        assert.match(String(alias.inputs.targetKeyId), /^[0-9a-f-]{36}$/);
    });
});
