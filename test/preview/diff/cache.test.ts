// The plan cache: an entry is found again only by the same inputs under the same digest key;
// what cannot be read is a miss, never an error; a run's pruning keeps only what it used.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PlanCache } from "../../../src/preview/diff/cache";

const PLAN = `${JSON.stringify({ project: "fedfleet", stack: "dev", stackFile: "stacks/Pulumi.dev.yaml", resources: [], outputs: {} })}\n`;
const [INPUTS, OTHER] = ["a".repeat(64), "b".repeat(64)];

describe("plan:diff plan cache", () => {
    let dir: string;
    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "fedfleet-plan-cache-test-"));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    const entries = () => fs.readdirSync(dir).filter((name) => name.endsWith(".json"));

    it("gives back a plan by the inputs it was kept under, in a later run too, and nothing for other inputs", () => {
        new PlanCache(dir).put(INPUTS, PLAN);
        const later = new PlanCache(dir);
        assert.deepEqual(later.get(INPUTS), JSON.parse(PLAN));
        assert.equal(later.get(OTHER), undefined);
    });

    it("keeps one digest key for every run, readable by its owner only", () => {
        const first = new PlanCache(dir);
        assert.match(first.digestKey, /^[0-9a-f]{64}$/);
        assert.equal(new PlanCache(dir).digestKey, first.digestKey);
        assert.equal(fs.statSync(path.join(dir, "digest-key")).mode & 0o077, 0);
    });

    it("a damaged key starts afresh: plans digested under the old key are not found", () => {
        new PlanCache(dir).put(INPUTS, PLAN);
        fs.writeFileSync(path.join(dir, "digest-key"), "damaged\n");
        const fresh = new PlanCache(dir);
        assert.match(fresh.digestKey, /^[0-9a-f]{64}$/);
        assert.equal(fresh.get(INPUTS), undefined);
    });

    it("an entry that does not read as JSON is a miss", () => {
        const cache = new PlanCache(dir);
        cache.put(INPUTS, PLAN);
        const [entry] = entries();
        fs.writeFileSync(path.join(dir, entry), PLAN.slice(0, 20));
        assert.equal(new PlanCache(dir).get(INPUTS), undefined);
    });

    it("pruning keeps what this run read or wrote, and removes the rest", () => {
        const first = new PlanCache(dir);
        first.put(INPUTS, PLAN);
        first.put(OTHER, PLAN);
        const second = new PlanCache(dir);
        assert.ok(second.get(INPUTS));
        second.prune();
        assert.equal(entries().length, 1);
        assert.ok(new PlanCache(dir).get(INPUTS));
        assert.equal(new PlanCache(dir).get(OTHER), undefined);
        assert.ok(fs.existsSync(path.join(dir, "digest-key")), "the key stays");
    });
});
