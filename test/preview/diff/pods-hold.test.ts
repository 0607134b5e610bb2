// Removing a cluster from a service: the Deployment's pods must outlive the records that still
// send clients there. The base's holds (src/components/federation/pods-hold.ts) do it; a base
// made before them has none, and plan:diff says so instead of letting the pods go unsaid.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { diffPlans, type PlanFile } from "../../../src/preview/diff/plan-diff";
import { drainFindings } from "../../../src/preview/diff/drains";
import { PROJECT_ROOT, planYaml } from "../../support/plan";

const stackText = (stack: string) => fs.readFileSync(path.join(PROJECT_ROOT, "stacks", `Pulumi.${stack}.yaml`), "utf8");
const planOf = async (text: string, stack: string) =>
    JSON.parse(JSON.stringify(await planYaml(text, stack))) as PlanFile;

/** A side as a program without holds would have made it. */
const withoutHolds = (plan: PlanFile): PlanFile => ({
    ...plan,
    resources: plan.resources.filter((r) => !(r.type === "time:index/sleep:Sleep" && r.name.endsWith("-pods"))),
});

describe("plan diff: a leaving cluster's pods and their hold", function () {
    this.timeout(300_000);
    let base: PlanFile;
    let head: PlanFile;
    before(async () => {
        base = await planOf(stackText("prod"), "prod");
        // checkout leaves gke-usc1: placement, failover and waves name it no more.
        head = await planOf(
            stackText("prod")
                .replace("clusters: [aws-use1, aws-euw1, gke-usc1]", "clusters: [aws-use1, aws-euw1]")
                .replace(/ {10}gke-usc1: \{[^}\n]*\}\n/, "")
                // What aws-use1 and aws-euw1 (16 each) can hold between them.
                .replace(
                    /(divides 16\/16\/8.*\n\s*)autoscaling: \{ maxReplicas: 40 \}/,
                    "$1autoscaling: { maxReplicas: 32 }",
                ),
            "prod",
        );
    });

    it("with the base's holds: the drain line says how long the Deployment is held, and nothing warns of unheld pods", () => {
        const lines = drainFindings(base, head, diffPlans("prod", base, head).changes);
        const drain = lines.find((l) => l.startsWith("payments/checkout: drain in gke-usc1"));
        assert.ok(drain, lines.join("\n"));
        assert.match(
            drain,
            /its Deployment (\d+) s from the start of the removal \(wait payments\/checkout@gke-usc1-pods\)/,
        );
        const [held, service] = [/its Deployment (\d+) s/, /holds its Service (\d+) s/].map((re) =>
            Number(re.exec(drain)![1]),
        );
        assert.equal(held, service + 60);
        assert.ok(!lines.some((l) => l.includes("no hold in the stack's state")), lines.join("\n"));
    });

    it("with a base made before the holds: the removal is called out, as the Service's is", () => {
        const old = withoutHolds(base);
        const lines = drainFindings(old, head, diffPlans("prod", old, head).changes);
        assert.ok(
            lines.some((l) =>
                /^payments\/checkout: drain in gke-usc1: .*; no hold in the stack's state keeps its Deployment, whose pods go at once/.test(
                    l,
                ),
            ),
            lines.join("\n"),
        );
    });

    it("a Deployment deleted while its records stay (no DNS change) is no such finding", () => {
        const old = withoutHolds(base);
        // Only the checkout Deployment of gke-usc1 goes; its records stay in the head (a hand-made pair).
        const deployment = old.resources.find(
            (r) => r.type === "kubernetes:apps/v1:Deployment" && r.name === "payments/checkout@gke-usc1",
        )!;
        const pruned: PlanFile = { ...old, resources: old.resources.filter((r) => r.urn !== deployment.urn) };
        const lines = drainFindings(old, pruned, diffPlans("prod", old, pruned).changes);
        assert.ok(!lines.some((l) => l.includes("no hold in the stack's state")), lines.join("\n"));
    });
});
