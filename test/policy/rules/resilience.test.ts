// survives-cluster-loss: over the entries each FederatedService registers as an output, as a
// real preview's stack policies see them (the engine hands AnalyzeStack every resource's outputs).
import assert from "node:assert/strict";
import * as fs from "node:fs";
import { TYPES } from "../../../policy/rules/support";
import type { ResilienceEntry } from "../../../src/plan/resilience/analysis";
import { runPolicies } from "../../../src/preview/policy/run-pack";
import { planStack, planYaml, stackFilePath } from "../../support/plan";
import { checkoutAsShipped } from "../../support/resilience-edits";
import { assertClean, assertViolations, check, packConfig, resource, rule } from "./support";

const RULE = "survives-cluster-loss";

/** The rule over a run, its stack policies given the outputs as the engine gives them. */
async function checkRun(stack: Promise<Awaited<ReturnType<typeof planStack>>>, config = packConfig("prod")) {
    const run = await stack;
    return runPolicies(run.resources, rule(RULE), config, run.resourceOutputs);
}

const entry = (loss: ResilienceEntry["loss"], ok: boolean): ResilienceEntry => ({
    service: "web",
    loss,
    servedBy: ok ? ["b"] : [],
    demand: 4,
    capacity: ok ? 4 : 0,
    ok,
    why: ok ? "b can run 4 >= demand 4" : "capacity 0 for demand 4",
});

/** A FederatedService whose outputs hold these entries (a hand-built resource's props are its inputs). */
const serviceWith = (entries: unknown) => resource(TYPES.federatedService, "shop/web", { resilience: entries });

describe("policy: survives-cluster-loss", function () {
    this.timeout(120_000);

    it("passes the checked-in prod stack under prod's config, which asks for regions too", async () => {
        assert.equal(
            (packConfig("prod")[RULE] as { surviveRegions?: boolean }).surviveRegions,
            true,
            "prod requires surviving a region",
        );
        assertClean(await checkRun(planStack("prod")));
    });

    it("flags checkout as shipped on 2026-11-29: its secondary alone cannot carry it", async () => {
        const shipped = checkoutAsShipped(fs.readFileSync(stackFilePath("prod"), "utf8"));
        const violations = await checkRun(planYaml(shipped, "prod"));
        assertViolations(violations, {
            policy: RULE,
            level: "mandatory",
            names: [
                "Federated service checkout",
                "losing aws-use1 (failover: the secondary takes all traffic",
                "3 < demand 10",
            ],
        });
    });

    it("reports a region it cannot survive only when surviveRegions is set", async () => {
        const resources = [serviceWith([entry({ cluster: "a" }, true), entry({ region: "r1" }, false)])];
        assertClean(await check(resources, RULE, { [RULE]: "mandatory" }));
        assertViolations(
            await check(resources, RULE, { [RULE]: { enforcementLevel: "mandatory", surviveRegions: true } }),
            {
                policy: RULE,
                level: "mandatory",
                urn: resources[0].urn,
                names: ["Federated service web does not survive losing region r1 (capacity 0 for demand 4)"],
            },
        );
    });

    it("reports every cluster it cannot survive in one violation per service; advisory by default", async () => {
        const resources = [serviceWith([entry({ cluster: "a" }, false), entry({ cluster: "b" }, false)])];
        const violations = await check(resources, RULE);
        assertViolations(violations, { policy: RULE, level: "advisory", names: ["losing a (", "; losing b ("] });
    });

    it("has nothing to judge on a component without entries", async () => {
        assertClean(await check([serviceWith(undefined), serviceWith("not a list")], RULE, { [RULE]: "mandatory" }));
    });
});
