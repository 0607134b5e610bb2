// plan:diff along the rollout waves (issue 28): which waves a change touches, its worst case
// (each touched wave's await timeout, plus each soak the change replaces), and the clusters a
// hold keeps it from. Each case edits prod, runs the real program on both sides and reads the
// report; the expected numbers come from the head's own rollout output.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import { diffPlans, type PlanFile } from "../../../src/preview/diff/plan-diff";
import { renderReport } from "../../../src/preview/diff/report";
import { durationText, rolloutWaveLines } from "../../../src/preview/diff/rollout-waves";
import type { RolloutOutput } from "../../../src/preview/plan/service-facts";
import { planYaml, stackFilePath } from "../../support/plan";

const PROD = fs.readFileSync(stackFilePath("prod"), "utf8");
const planOf = async (text: string) => JSON.parse(JSON.stringify(await planYaml(text, "prod"))) as PlanFile;
const rolloutOf = (plan: PlanFile, service: string) =>
    (plan.outputs.services as Record<string, { rollout: RolloutOutput }>)[service].rollout;

const CHECKOUT_IMAGE = /(image: ghcr\.io\/acme\/checkout:)2\.3\.0@sha256:[0-9a-f]+/;
const bumpCheckout = (text: string) => {
    assert.match(text, CHECKOUT_IMAGE);
    return text.replace(CHECKOUT_IMAGE, `$12.4.0@sha256:${"1".repeat(64)}`);
};
const STOREFRONT_PLACEMENT = "        selector: { matchLabels: { env: prod } }\n";
/** storefront with a new image in gke-euw4 only: its last wave. */
const storefrontImageIn = (cluster: string) => (text: string) => {
    assert.equal(text.split(STOREFRONT_PLACEMENT).length, 2);
    return text.replace(
        STOREFRONT_PLACEMENT,
        `${STOREFRONT_PLACEMENT}      overrides:\n        ${cluster}: { image: "ghcr.io/acme/storefront:1.15.0@sha256:${"2".repeat(64)}" }\n`,
    );
};
const SOAK_LINE = "    soakSeconds: 300\n";
const holding = (cluster: string) => (text: string) => {
    assert.ok(text.includes(SOAK_LINE));
    return text.replace(SOAK_LINE, `${SOAK_LINE}    hold: [${cluster}]\n`);
};

/** The report's "Rollout waves" lines. */
function reportLines(base: PlanFile, head: PlanFile): string[] {
    const { head: top } = renderReport(diffPlans("prod", base, head), base, head);
    const section = top.split("#### Rollout waves\n\n")[1]?.split("\n\n")[0] ?? "";
    return section.split("\n").filter((line) => line.startsWith("- "));
}

describe("plan diff: rollout waves (src/preview/diff/rollout-waves)", function () {
    this.timeout(300_000);
    let prod: PlanFile;
    before(async () => {
        prod = await planOf(PROD);
    });

    it("a new checkout image touches both its waves and replaces the soak between them: 2 awaits + 1 soak", async () => {
        const head = await planOf(bumpCheckout(PROD));
        const diff = diffPlans("prod", prod, head);
        const soak = diff.changes.find((c) => c.name === "payments/checkout/soak-after-wave-1");
        assert.equal(soak?.op, "replace", "the soak's triggers follow wave 1's pod template");
        assert.deepEqual(diff.warnings, [], "a soak replaced is how a wave waits, no replacement warning");
        const { awaitSeconds, soakSeconds, waves } = rolloutOf(head, "checkout");
        assert.equal(waves.length, 2);
        const worst = 2 * awaitSeconds! + soakSeconds;
        assert.deepEqual(reportLines(prod, head), [
            `- checkout: waves 1 (${waves[0].join(", ")}), 2 (${waves[1].join(", ")}) of 2; at worst 2 × ${awaitSeconds} s await + 1 × ${soakSeconds} s soak = ${worst} s (${durationText(worst)}), if each rollout hangs until its timeout.`,
        ]);
    });

    it("a change in the last wave alone waits for that wave only: no soak before it is replaced", async () => {
        const head = await planOf(storefrontImageIn("gke-euw4")(PROD));
        const diff = diffPlans("prod", prod, head);
        assert.ok(!diff.changes.some((c) => /soak-after-wave/.test(c.name)), "no soak replaced");
        const { awaitSeconds, waves } = rolloutOf(head, "storefront");
        assert.deepEqual(waves.at(-1), ["gke-euw4"]);
        assert.deepEqual(rolloutWaveLines(diff, prod, head), [
            `storefront: wave 3 (gke-euw4) of 3; at worst 1 × ${awaitSeconds} s await = ${awaitSeconds} s (${durationText(awaitSeconds!)}), if each rollout hangs until its timeout.`,
        ]);
    });

    it("says a new hold even when no input changes, and that the held cluster's objects get none of the change", async () => {
        const held = await planOf(holding("aws-euw1")(PROD));
        const holdOnly = rolloutWaveLines(diffPlans("prod", prod, held), prod, held);
        assert.deepEqual(holdOnly, [
            "checkout: held in aws-euw1 (from this change on): its objects there are left as they run, and no wave waits for them.",
            "storefront: held in aws-euw1 (from this change on): its objects there are left as they run, and no wave waits for them.",
        ]);
        const bumped = await planOf(bumpCheckout(holding("aws-euw1")(PROD)));
        const diff = diffPlans("prod", held, bumped);
        assert.ok(
            !diff.changes.some((c) => c.cluster === "aws-euw1" && c.type === "kubernetes:apps/v1:Deployment"),
            "the held Deployment is not updated",
        );
        const lines = rolloutWaveLines(diff, held, bumped);
        assert.match(lines[0], /^checkout: waves 1 \(aws-use1\), 2 \(gke-usc1\) of 2;/);
        assert.equal(
            lines[1],
            "checkout: held in aws-euw1: its objects there are left as they run, and no wave waits for them.",
        );
        assert.equal(lines.length, 2, "storefront neither changes nor gets a new hold");
        const lifted = rolloutWaveLines(diffPlans("prod", held, prod), held, prod);
        assert.ok(
            lifted.includes("checkout: hold lifted in aws-euw1: every change made while held reaches it in its wave."),
        );
    });

    it("writes durations a reviewer reads at a glance", () => {
        assert.equal(durationText(45), "45 s");
        assert.equal(durationText(1620), "27 min");
        assert.equal(durationText(3841), "1 h 5 min");
    });
});
