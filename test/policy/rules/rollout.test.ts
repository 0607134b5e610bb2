// progressive-rollout: over the rollout each FederatedService registers as an output, as a real
// preview's stack policies see them. Mandatory in prod, advisory in dev and staging (issue 28).
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as fc from "fast-check";
import { FEDFLEET_TYPES } from "../../../src/plan/core/type-tokens";
import { clustersReachedAtOnce } from "../../../src/plan/rollout/waves";
import type { ProgramRun } from "../../../src/preview/harness/run-program";
import { runPolicies } from "../../../src/preview/policy/run-pack";
import { planStack, planYaml, stackFilePath } from "../../support/plan";
import { assertClean, assertViolations, check, packConfig, resource, rule } from "./support";

const RULE = "progressive-rollout";
const PROD = fs.readFileSync(stackFilePath("prod"), "utf8");
/** prod's rollout block as shipped. */
const ROLLOUT = / {2}fedfleet:rollout:\n(?: {4}.*\n)+/;

/** prod with another rollout block (or none). */
function prodWith(block: string): Promise<ProgramRun> {
    assert.match(PROD, ROLLOUT, "prod declares fedfleet:rollout");
    return planYaml(PROD.replace(ROLLOUT, block), "prod");
}

/** The rule over a run, its stack policies given the outputs as the engine gives them. */
async function checkRun(stack: Promise<ProgramRun>, config = packConfig("prod")) {
    const run = await stack;
    return runPolicies(run.resources, rule(RULE), config, run.resourceOutputs);
}

/** A FederatedService whose outputs hold this rollout (a hand-built resource's props are its inputs). */
const serviceWith = (rollout: unknown) => resource(FEDFLEET_TYPES.federatedService, "shop/web", { rollout });

describe("policy: progressive-rollout", function () {
    this.timeout(300_000);

    it("passes the checked-in prod stack under prod's config, where it is mandatory", async () => {
        assertClean(await checkRun(planStack("prod")));
    });

    it("flags, mandatory in prod, every service on several clusters once prod declares no waves", async () => {
        const violations = await checkRun(prodWith(""));
        assertViolations(violations, {
            policy: RULE,
            level: "mandatory",
            count: 2,
            names: ["at once", "fedfleet:rollout.waves"],
        });
        assert.deepEqual(violations.map((v) => v.message.split(" rolls")[0]).sort(), [
            "Federated service payments/checkout",
            "Federated service shop/storefront",
        ]);
        assert.ok(violations.some((v) => v.message.includes("aws-euw1, aws-use1, gke-euw4, gke-usc1 at once")));
    });

    // A rule that only asked whether the stack declares waves would pass this: the fleet has two
    // waves, but checkout runs on none of the first wave's clusters, so it reaches all of its
    // clusters at once. storefront, on gke-euw4 too, is staged.
    it("flags a service none of whose clusters is in the fleet's first wave (false negative of a fleet-wide check)", async () => {
        const violations = await checkRun(
            prodWith("  fedfleet:rollout:\n    waves:\n      - clusters: [gke-euw4]\n    soakSeconds: 300\n"),
        );
        assertViolations(violations, {
            policy: RULE,
            level: "mandatory",
            names: ["Federated service payments/checkout rolls a release out to aws-euw1, aws-use1, gke-usc1 at once"],
        });
    });

    // A rule that counted the clusters a service is placed on would flag checkout here: it runs on
    // three clusters, but two are held and receive no release, so nothing reaches two at once.
    it("does not count held clusters: a service left with one cluster to roll out to passes (false positive of a placement count)", async () => {
        const run = prodWith("  fedfleet:rollout:\n    waves: []\n    hold: [aws-euw1, gke-usc1]\n");
        const violations = await checkRun(run);
        assertViolations(violations, {
            policy: RULE,
            level: "mandatory",
            names: ["Federated service shop/storefront rolls a release out to aws-use1, gke-euw4 at once"],
        });
    });

    it("is advisory in dev and staging", async () => {
        assert.equal(packConfig("staging")[RULE], "advisory");
        const dev = await checkRun(planStack("dev"), packConfig("dev"));
        assert.ok(dev.length > 0, "dev's services run on two clusters in one wave");
        for (const violation of dev) assert.equal(violation.level, "advisory", violation.message);
        const staging = await checkRun(planStack("staging"), packConfig("staging"));
        for (const violation of staging) assert.equal(violation.level, "advisory", violation.message);
    });

    it("is advisory by default and has nothing to judge on a component without a rollout", async () => {
        const once = serviceWith({ waves: [["a", "b"]], soakSeconds: 0 });
        assertViolations(await check([once], RULE), {
            policy: RULE,
            level: "advisory",
            urn: once.urn,
            names: ["a, b"],
        });
        assertClean(await check([serviceWith(undefined), serviceWith("not a rollout")], RULE, { [RULE]: "mandatory" }));
        assertClean(await check([serviceWith({ waves: [["a"]], soakSeconds: 0 })], RULE, { [RULE]: "mandatory" }));
    });
});

describe("clustersReachedAtOnce (src/plan/rollout/waves)", () => {
    it("names the clusters exactly when one wave or none holds two clusters or more", () => {
        const names = ["a", "b", "c", "d"];
        fc.assert(
            fc.property(fc.array(fc.subarray(names, { minLength: 1 }), { maxLength: 3 }), (waves) => {
                const atOnce = clustersReachedAtOnce({ waves });
                const clusters = waves.flat();
                if (waves.length >= 2 || clusters.length < 2) assert.deepEqual(atOnce, []);
                else assert.deepEqual(atOnce, [...clusters].sort());
            }),
        );
    });
});
