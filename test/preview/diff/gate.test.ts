// The gate's pure rules (src/preview/diff/gate.ts): which files the head's previews take from the
// base, what counts as changing the gate, how that opens a report, and what it does to the input
// hashes the cache keys plans by.
import assert from "node:assert/strict";
import { fromBase, gateChanges, gatedFiles, gateNotice, withGateNotice } from "../../../src/preview/diff/gate";
import { stackInputs } from "../../../src/preview/diff/inputs";

const STACK = "stacks/Pulumi.prod.yaml";
const stackText = "config:\n  fedfleet:federation:\n    environment: prod\n";
/** A small project: program, gate and prose, each file as `f <blob id>`. */
const base = new Map([
    ["index.ts", "f 01"],
    ["src/plan/fleet-plan.ts", "f 02"],
    ["src/preview/harness/run-program.ts", "f 03"],
    ["src/preview/diff/plan-diff.ts", "f 04"],
    ["src/preview/policy/run-pack.ts", "f 05"],
    ["policy/rules/workloads.ts", "f 06"],
    ["policy/config/prod.json", "f 07"],
    ["policy/config/dev.json", "f 08"],
    ["docs/policy.md", "f 09"],
    [STACK, "f 10"],
]);
const edit = (changes: Record<string, string | undefined>) => {
    const head = new Map(base);
    for (const [file, entry] of Object.entries(changes)) {
        if (entry === undefined) head.delete(file);
        else head.set(file, entry);
    }
    return head;
};
const hashOf = (files: Map<string, string>) =>
    stackInputs(files, "prod", (file) => (file === STACK ? stackText : undefined)).hash;

describe("the plan-diff gate", () => {
    it("takes the policy pack, its configs, the runner and the diff code from the base; the program and harness from the head", () => {
        for (const file of ["policy/config/prod.json", "policy/rules/workloads.ts", "policy/index.ts"])
            assert.ok(fromBase(file), file);
        for (const file of ["src/preview/policy/run-pack.ts", "src/preview/diff/cli.ts"])
            assert.ok(fromBase(file), file);
        for (const file of ["index.ts", "src/plan/fleet-plan.ts", "src/components/fleet.ts", "stacks/Pulumi.prod.yaml"])
            assert.ok(!fromBase(file), file);
        assert.ok(!fromBase("policyx/thing.ts"), "a path that only starts like policy/");
    });

    it("a head that relaxes prod's pack config previews with the base's: the same inputs, so the same cached plan", () => {
        const head = edit({ "policy/config/prod.json": "f 70" });
        assert.equal(gatedFiles(base, head).get("policy/config/prod.json"), "f 07");
        assert.equal(hashOf(gatedFiles(base, head)), hashOf(base));
        assert.deepEqual(gateChanges(base, head), [{ file: "policy/config/prod.json", change: "changed" }]);
    });

    it("a gate file the head adds is left out of its previews, one it removes is put back", () => {
        const head = edit({ "policy/rules/allow-all.ts": "f 99", "policy/rules/workloads.ts": undefined });
        const gated = gatedFiles(base, head);
        assert.equal(gated.has("policy/rules/allow-all.ts"), false);
        assert.equal(gated.get("policy/rules/workloads.ts"), "f 06");
        assert.deepEqual(gateChanges(base, head), [
            { file: "policy/rules/allow-all.ts", change: "added" },
            { file: "policy/rules/workloads.ts", change: "removed" },
        ]);
    });

    it("a plan judged by another gate is kept under another key: a base whose gate moved never shares the head's entry", () => {
        const head = edit({ "src/plan/fleet-plan.ts": "f 20" });
        const otherBase = new Map(base).set("policy/rules/workloads.ts", "f 60");
        assert.notEqual(hashOf(gatedFiles(base, head)), hashOf(gatedFiles(otherBase, head)));
        assert.notEqual(hashOf(gatedFiles(base, head)), hashOf(base), "a program change is a change");
    });

    it("the harness, the workflows and CODEOWNERS are gate changes to list, though the head's previews keep its harness", () => {
        const head = edit({
            "src/preview/harness/run-program.ts": "f 30",
            ".github/CODEOWNERS": "f 31",
            "docs/policy.md": "f 32",
        });
        assert.deepEqual(
            gateChanges(base, head).map((c) => c.file),
            [".github/CODEOWNERS", "src/preview/harness/run-program.ts"],
        );
        assert.equal(gatedFiles(base, head).get("src/preview/harness/run-program.ts"), "f 30");
    });

    it("opens a report under its title, and an unchanged stack is no longer 'No changes'", () => {
        const notice = gateNotice([{ file: "policy/config/prod.json", change: "changed" }]);
        const head = withGateNotice("### fedfleet plan diff: `prod`\n\n_note_\n\n**No changes.**\n", notice);
        const lines = head.split("\n");
        assert.equal(lines[0], "### fedfleet plan diff: `prod`");
        assert.match(
            lines[2],
            /^:rotating_light: \*\*This pull request changes the gate:\*\* `policy\/config\/prod\.json` \(changed\)/,
        );
        assert.doesNotMatch(head, /^\*\*No changes\.\*\*$/m);
        assert.equal(
            withGateNotice("### t\n\n**No changes.**\n", []),
            "### t\n\n**No changes.**\n",
            "no gate change, as it was",
        );
    });

    it("says when the comparison ran from the head's checkout rather than the base's", () => {
        const change = [{ file: "src/preview/diff/plan-diff.ts", change: "changed" as const }];
        assert.match(gateNotice(change, [], true)[0], /the base's \(its policy pack, pack configs and diff code\)/);
        assert.match(gateNotice(change, [], false)[0], /compared by this checkout's diff code/);
    });
});

describe("a head previewed with an older base's gate files", () => {
    it("still exports what those files import from outside the gate: the marks, from the recording monitor", async () => {
        // Bases up to ed115f9: src/preview/policy/run-pack.ts imports UNKNOWN_MARK from
        // ../harness/recording-monitor, and esbuild, building file by file, would make a missing
        // name undefined rather than fail.
        const monitor = (await import("../../../src/preview/harness/recording-monitor")) as Record<string, unknown>;
        const marks = await import("../../../src/preview/harness/marks");
        assert.equal(monitor.UNKNOWN_MARK, marks.UNKNOWN_MARK);
        assert.equal(monitor.SECRET_MARK, marks.SECRET_MARK);
        assert.equal(monitor.secretMark, marks.secretMark);
    });
});
