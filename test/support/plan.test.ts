// The tests' shared program runs (test/support/plan.ts): one run per stack file text, stack and
// environment in a process, handed out as copies to the callers that may edit them.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import { planJson } from "../../src/preview/plan/render";
import { isCheckedIn, planStack, planYaml, SharedValues, sharedRunOfText, stackFilePath } from "./plan";

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

describe("test support: SharedValues, the store behind the shared runs", () => {
    /** A store of `kept` recent values, and a maker that counts what it made. */
    const store = (kept: number) => {
        const made: string[] = [];
        const values = new SharedValues<string>(kept);
        const get = (key: string, pin = false) =>
            values.get(key, pin, () => {
                made.push(key);
                return Promise.resolve(`value of ${key}`);
            });
        return { get, made };
    };

    it("makes a key's value once and hands out the same promise", async () => {
        const { get, made } = store(2);
        const first = get("a");
        assert.equal(get("a"), first);
        assert.equal(await first, "value of a");
        assert.deepEqual(made, ["a"]);
    });

    it("lets the least recently asked for go beyond its bound; asking again makes a value recent", async () => {
        const { get, made } = store(2);
        get("a");
        get("b");
        get("a"); // a is now more recent than b
        get("c"); // three held: b goes
        get("a");
        get("c");
        assert.deepEqual(made, ["a", "b", "c"]);
        get("b");
        assert.deepEqual(made, ["a", "b", "c", "b"]);
    });

    it("keeps pinned values whatever else is made, without counting them against the bound", () => {
        const { get, made } = store(1);
        get("checked-in", true);
        for (const key of ["x", "y", "z"]) get(key);
        get("checked-in");
        get("z");
        assert.deepEqual(made, ["checked-in", "x", "y", "z"]);
    });

    it("drops a value that failed: the next caller makes its own", async () => {
        const values = new SharedValues<string>(2);
        let attempts = 0;
        const make = () => (++attempts === 1 ? Promise.reject(new Error("first fails")) : Promise.resolve("second"));
        await assert.rejects(values.get("k", true, make), /first fails/);
        assert.equal(await values.get("k", true, make), "second");
        assert.equal(attempts, 2);
    });

    it("pins the checked-in stack files' texts only", () => {
        const dev = fs.readFileSync(stackFilePath("dev"), "utf8");
        assert.equal(isCheckedIn(dev, "dev"), true);
        assert.equal(isCheckedIn(dev, "prod"), false, "another stack's text");
        assert.equal(isCheckedIn(dev.replace("replicas:", "replicas:  "), "dev"), false, "an edited text");
        assert.equal(isCheckedIn(dev, "no-such-stack"), false, "a stack with no file");
    });
});
