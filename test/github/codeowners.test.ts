// CODEOWNERS guards the gate (issue 24): every path gate.ts lists as deciding the verdict has a
// code owner, so a pull request that changes it needs that owner's review (once branch protection
// requires it; docs/plan-diff-gate.md). Patterns are read as GitHub reads them for these plain
// paths: a leading "/" anchors at the root, a trailing "/" matches a directory and all below it,
// and the last matching line wins (GitHub docs, About code owners, CODEOWNERS syntax).
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { GATE_LISTED } from "../../src/preview/diff/gate";
import { PROJECT_ROOT } from "../support/plan";

const rules = fs
    .readFileSync(path.join(PROJECT_ROOT, ".github", "CODEOWNERS"), "utf8")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith("#"))
    .map((line) => {
        const [pattern, ...owners] = line.split(/\s+/);
        return { pattern, owners };
    });

/** The owners of a file: the last rule whose anchored plain pattern matches it. */
function ownersOf(file: string): string[] {
    const matching = rules.filter(({ pattern }) => {
        assert.match(pattern, /^\/[^*?[\]]+$/, `${pattern}: only anchored plain paths are read here`);
        const anchored = pattern.slice(1);
        return anchored.endsWith("/") ? file.startsWith(anchored) : file === anchored;
    });
    return matching.at(-1)?.owners ?? [];
}

describe(".github/CODEOWNERS", () => {
    it("names an owner (a team) on every line", () => {
        assert.ok(rules.length > 0);
        for (const { pattern, owners } of rules) assert.match(owners.join(" "), /^@[\w-]+\/[\w-]+/, pattern);
    });

    for (const gate of GATE_LISTED.filter((entry) => fs.existsSync(path.join(PROJECT_ROOT, entry)))) {
        it(`guards ${gate}, a path that decides the verdict`, () => {
            const stat = fs.statSync(path.join(PROJECT_ROOT, gate));
            const sample = stat.isDirectory() ? `${gate}/some-new-file.ts` : gate;
            assert.notDeepEqual(ownersOf(sample), [], `${sample} has no code owner`);
        });
    }

    it("guards the policy pack config of prod and the diff code the check runs", () => {
        assert.notDeepEqual(ownersOf("policy/config/prod.json"), []);
        assert.notDeepEqual(ownersOf("src/preview/diff/plan-diff.ts"), []);
        assert.notDeepEqual(ownersOf(".github/workflows/plan-diff.yml"), []);
    });
});
