// plan.md and the preview's opening show each service's waves and held clusters (issue 28), as
// the program planned them: every expectation is read from the service's `rollout` output.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import type { ProgramRun } from "../../../src/preview/harness/run-program";
import { renderMarkdown } from "../../../src/preview/plan/render";
import { RolloutOutput, rolloutOf, serviceBlocks, wavesText } from "../../../src/preview/plan/service-facts";
import { planStack, planYaml, stackFilePath } from "../../support/plan";

const ROLLOUT = / {2}fedfleet:rollout:\n(?: {4}.*\n)+/;
const PROD = fs.readFileSync(stackFilePath("prod"), "utf8");

/** The rows plan.md's "Rollout waves" table has for one service, split into cells. */
function tableRows(markdown: string, service: string): string[][] {
    const section = markdown.split("## Rollout waves")[1]?.split("\n## ")[0] ?? "";
    return section
        .split("\n")
        .filter((line) => line.startsWith(`| ${service} |`))
        .map((line) =>
            line
                .split("|")
                .slice(1, -1)
                .map((cell) => cell.trim()),
        );
}

function services(run: ProgramRun): string[] {
    return Object.keys(run.outputs.services as Record<string, unknown>).sort();
}

describe("plan.md and the opening show the rollout waves (src/preview/plan/render, service-facts)", function () {
    this.timeout(300_000);
    let prod: ProgramRun;
    let held: ProgramRun;
    before(async () => {
        prod = await planStack("prod");
        assert.match(PROD, ROLLOUT);
        held = await planYaml(
            PROD.replace(
                ROLLOUT,
                "  fedfleet:rollout:\n    waves:\n      - clusters: [aws-use1]\n    soakSeconds: 60\n    hold: [gke-usc1]\n",
            ),
            "prod",
        );
    });

    for (const [title, run] of [
        ["prod as shipped", () => prod],
        ["gke-usc1 held", () => held],
    ] as const)
        it(`lists each service's waves in order, then its held clusters: ${title}`, () => {
            const markdown = renderMarkdown(run());
            for (const service of services(run())) {
                const rollout = rolloutOf(run(), service) as RolloutOutput;
                assert.ok(rollout, service);
                const rows = tableRows(markdown, service);
                const waves = rows.filter((row) => row[1] !== "held");
                assert.deepEqual(
                    waves.map((row) => [row[1], row[2]]),
                    rollout.waves.map((wave, index) => [String(index + 1), wave.join(", ")]),
                );
                waves.slice(0, -1).forEach((row) => assert.equal(row[3], `soak ${rollout.soakSeconds} s`));
                assert.equal(waves.at(-1)?.[3], "", "nothing follows the last wave");
                assert.deepEqual(
                    rows.filter((row) => row[1] === "held").map((row) => row[2]),
                    rollout.held ?? [],
                );
                const block = serviceBlocks(run()).find((b) => b.service === service)!;
                assert.equal(block.facts.find((fact) => fact.label === "waves")?.value, wavesText(rollout));
            }
        });

    it("says prod rolls out in at least two waves and that a held cluster is held", () => {
        for (const service of services(prod)) assert.ok(rolloutOf(prod, service)!.waves.length >= 2, service);
        for (const service of services(held)) {
            assert.deepEqual(rolloutOf(held, service)!.held, ["gke-usc1"]);
            assert.match(wavesText(rolloutOf(held, service)!), /held, left as they run: gke-usc1$/);
        }
    });

    it("writes the waves in rollout order with the soak between them", () => {
        const text = wavesText({ waves: [["b"], ["a", "c"]], soakSeconds: 300, held: ["d"] });
        assert.equal(text, "b → soak 300 s → a, c; held, left as they run: d");
        assert.equal(wavesText({ waves: [["a", "b"]], soakSeconds: 300 }), "a, b at once (no waves)");
        assert.equal(wavesText({ waves: [["a"], ["b"]], soakSeconds: 0 }), "a → b");
    });
});
