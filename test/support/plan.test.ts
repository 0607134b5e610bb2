// The tests' shared program runs (test/support/plan.ts): one run per stack file text, stack and
// environment in a process, handed out as copies to the callers that may edit them.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import { planJson } from "../../src/preview/plan/render";
import { planStack, planYaml, sharedRunOfText, stackFilePath } from "./plan";

describe("test support: shared program runs", () => {
    const devText = () => fs.readFileSync(stackFilePath("dev"), "utf8");

    it("runs a text once: planStack and sharedRunOfText hand out the same run, planYaml a copy of it", async () => {
        const shared = await planStack("dev");
        assert.equal(await sharedRunOfText(devText(), "dev"), shared);
        const copy = await planYaml(devText(), "dev");
        assert.notEqual(copy, shared);
        assert.equal(planJson(copy), planJson(shared));
        copy.resources[0].inputs.edited = true;
        assert.equal((await planYaml(devText(), "dev")).resources[0].inputs.edited, undefined);
        assert.equal(shared.resources[0].inputs.edited, undefined);
    });

    it("runs the text again under another FEDFLEET_ variable (the program reads them)", async () => {
        const shared = await sharedRunOfText(devText(), "dev");
        const saved = process.env.FEDFLEET_SECRET_DIGEST_KEY;
        process.env.FEDFLEET_SECRET_DIGEST_KEY = "a key of this test's own";
        try {
            const other = await sharedRunOfText(devText(), "dev");
            assert.notEqual(other, shared);
            assert.equal(await sharedRunOfText(devText(), "dev"), other);
        } finally {
            if (saved === undefined) delete process.env.FEDFLEET_SECRET_DIGEST_KEY;
            else process.env.FEDFLEET_SECRET_DIGEST_KEY = saved;
        }
        assert.equal(await sharedRunOfText(devText(), "dev"), shared);
    });
});
