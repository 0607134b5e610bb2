// URN stability: every checked-in stack still registers (or takes over by an alias) each URN
// recorded in test/urns/<stack>.urns.txt, and records every URN it registers. A lost URN is a
// resource `pulumi up` would delete and recreate; see the hint printed for each.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { checkedInStacks } from "../../src/preview/harness/stack-file";
import { snapshotFile } from "../../tools/urns/cli";
import {
    checkUrns,
    describeAdded,
    describeMissing,
    parseSnapshot,
    renderSnapshot,
    UPDATE_COMMAND,
} from "../../tools/urns/snapshot";
import { planStack, PROJECT_ROOT } from "../support/plan";

describe("URN stability of the checked-in stacks", () => {
    const stacks = checkedInStacks(PROJECT_ROOT).map((s) => s.stack);

    it("finds the checked-in stacks", () => {
        for (const stack of ["dev", "staging", "prod"]) assert.ok(stacks.includes(stack), `stacks: ${stacks}`);
    });

    for (const stack of stacks) {
        describe(stack, () => {
            const file = snapshotFile(stack);
            const text = () => {
                const absolute = path.join(PROJECT_ROOT, file);
                assert.ok(
                    fs.existsSync(absolute),
                    `stack ${stack} has no URN snapshot (${file}). Run \`${UPDATE_COMMAND}\` and commit it.`,
                );
                return fs.readFileSync(absolute, "utf8");
            };
            const read = () => parseSnapshot(text());

            it(`keeps ${file} as the tool writes it: sorted, one URN a line (say, after a merge)`, () => {
                assert.ok(
                    text() === renderSnapshot(read()),
                    `${file} is not sorted one URN a line; run \`${UPDATE_COMMAND}\` (after checking the change loses no URN).`,
                );
            });

            it(`loses no URN recorded in ${file} (or each lost one gets an alias)`, async () => {
                const { missing } = checkUrns(read(), (await planStack(stack)).resources);
                assert.ok(missing.length === 0, describeMissing(stack, missing));
            });

            it(`records every URN it registers in ${file}`, async () => {
                const { added } = checkUrns(read(), (await planStack(stack)).resources);
                assert.ok(added.length === 0, describeAdded(stack, added, file));
            });
        });
    }
});
