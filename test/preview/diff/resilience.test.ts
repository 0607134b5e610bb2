// plan:diff and resilience: a change that makes a service stop surviving a loss is a finding
// read first. Pure cases on hand-made plan files, then pull requests on the prod stack through
// the real program and policy pack on both sides.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import type { ResilienceEntry } from "../../../src/plan/resilience/analysis";
import { diffPlans, failureReasons, PlanFile } from "../../../src/preview/diff/plan-diff";
import { renderReport } from "../../../src/preview/diff/report";
import { resilienceWarnings } from "../../../src/preview/diff/resilience";
import { stackFilePath } from "../../support/plan";
import { planOfText } from "../../support/pull-request";
import { checkoutAsShipped, storefrontAtMostTwelve } from "../../support/resilience-edits";

const entry = (loss: ResilienceEntry["loss"], ok: boolean, capacity = ok ? 10 : 3): ResilienceEntry => ({
    service: "checkout",
    loss,
    servedBy: ["aws-euw1"],
    demand: 10,
    capacity,
    ok,
    why: "",
});

const planWith = (resilience?: ResilienceEntry[]): PlanFile => ({
    project: "fedfleet",
    stack: "prod",
    stackFile: "stacks/Pulumi.prod.yaml",
    resources: [],
    outputs: {},
    ...(resilience ? { resilience } : {}),
});

/** The offline preview of a prod stack file's text, as plan.json holds it, with prod's pack verdict. */
const prodPlan = (text: string): Promise<PlanFile> => planOfText(text, "prod");

describe("plan diff: resilience", function () {
    this.timeout(300_000);

    describe("resilienceWarnings", () => {
        it("names each loss survived before and not after, with its shortfall", () => {
            const base = planWith([entry({ cluster: "aws-use1" }, true), entry({ region: "us-east-1" }, true)]);
            const head = planWith([entry({ cluster: "aws-use1" }, false), entry({ region: "us-east-1" }, false)]);
            assert.deepEqual(resilienceWarnings(base, head), [
                "checkout no longer survives losing aws-use1: capacity 3 for demand 10.",
                "checkout no longer survives losing region us-east-1: capacity 3 for demand 10.",
            ]);
        });

        it("says nothing of a loss already not survived, a new loss, or a base without entries", () => {
            const head = planWith([entry({ cluster: "aws-use1" }, false), entry({ cluster: "gke-usc1" }, false)]);
            assert.deepEqual(resilienceWarnings(planWith([entry({ cluster: "aws-use1" }, false)]), head), []);
            assert.deepEqual(resilienceWarnings(planWith(), head), []);
            assert.deepEqual(resilienceWarnings(undefined, head), []);
        });

        it("names what is missing when capacity is not the reason", () => {
            const head = planWith([{ ...entry({ cluster: "aws-use1" }, false, 12), servedBy: ["aws-euw1"] }]);
            assert.deepEqual(resilienceWarnings(planWith([entry({ cluster: "aws-use1" }, true)]), head), [
                "checkout no longer survives losing aws-use1: DNS still sends clients to a lost cluster.",
            ]);
        });
    });

    describe("pull requests on prod", () => {
        const prod = fs.readFileSync(stackFilePath("prod"), "utf8");
        let base: Promise<PlanFile>;
        before(() => {
            base = prodPlan(prod);
        });

        it("setting checkout back as shipped: a finding read first, and the check fails", async () => {
            const head = await prodPlan(checkoutAsShipped(prod));
            const diff = diffPlans("prod", await base, head);
            assert.ok(
                diff.traffic.includes("checkout no longer survives losing aws-use1: capacity 3 for demand 10."),
                diff.traffic.join("\n"),
            );
            assert.ok(
                diff.traffic.includes("checkout no longer survives losing region us-east-1: capacity 3 for demand 10."),
            );
            assert.match(failureReasons(diff).join("; "), /new mandatory policy violation/);
            const report = renderReport(diff, await base, head).head;
            assert.match(report, /#### Traffic and availability[\s\S]*checkout no longer survives losing aws-use1/);
        });

        it("capping storefront's autoscalers at its minimum: every loss it survived is named", async () => {
            const diff = diffPlans("prod", await base, await prodPlan(storefrontAtMostTwelve(prod)));
            const lines = diff.traffic.filter((line) => line.startsWith("storefront no longer survives"));
            assert.equal(lines.length, 8, lines.join("\n"));
            assert.ok(lines.includes("storefront no longer survives losing aws-euw1: capacity 9 for demand 12."));
        });

        it("raising an autoscaler's maximum says nothing about resilience", async () => {
            const raised = storefrontAtMostTwelve(prod).replace(
                "autoscaling: { maxReplicas: 12 }",
                "autoscaling: { maxReplicas: 48 }",
            );
            const diff = diffPlans("prod", await base, await prodPlan(raised));
            assert.deepEqual(
                diff.traffic.filter((line) => /survives/.test(line)),
                [],
            );
        });
    });
});
