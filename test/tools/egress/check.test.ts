// tools/egress/check.ts reads a stack's deployer settings as the program does (the stack file
// read and planned by src/preview/harness/checked-stack.ts), so up.yml's runner check and the
// program never disagree on them, and a stack file it cannot read is one line naming it.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as YAML from "yaml";
import { StackFileError } from "../../../src/preview/harness/stack-file";
import { deployerOf } from "../../../tools/egress/check";
import { stackFilePath } from "../../support/plan";

describe("tools/egress/check: the deployer settings it checks a runner against", () => {
    it("are prod's declared egress ranges, as the stack file gives them", () => {
        const declared = (
            YAML.parse(fs.readFileSync(stackFilePath("prod"), "utf8")) as {
                config: { "fedfleet:deployer": { egressCidrs: string[] } };
            }
        ).config["fedfleet:deployer"];
        assert.ok(declared.egressCidrs.length > 0, "prod declares its runners' egress");
        assert.deepEqual(deployerOf(stackFilePath("prod"), "prod").egressCidrs, declared.egressCidrs);
    });

    it("a stack file it cannot read is a one-line StackFileError naming it, as the preview says it", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fedfleet-egress-"));
        try {
            // A directory where the stack file should be: there, but not readable as one.
            const stackFile = path.join(dir, "Pulumi.prod.yaml");
            fs.mkdirSync(stackFile);
            assert.throws(
                () => deployerOf(stackFile, "prod"),
                (error: Error) =>
                    error instanceof StackFileError &&
                    error.message === `${stackFile}: expected a readable stack file, found none`,
            );
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
