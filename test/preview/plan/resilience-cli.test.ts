// `npm run plan` and resilience, as a user runs it: prod survives every loss; prod with
// checkout as shipped on 2026-11-29, or with storefront autoscaled to at most its minimum,
// fails naming the service; dev only advises.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { ResilienceEntry } from "../../../src/plan/resilience/analysis";
import { runPlanCli, stackFilePath } from "../../support/plan";
import { runPlanInProcess } from "../../support/plan-cli";
import { previewStackOnce } from "../../support/shared-preview";
import { checkoutAsShipped, storefrontAtMostTwelve } from "../../support/resilience-edits";

interface Preview {
    status: number | null;
    stdout: string;
    stderr: string;
    plan: {
        resilience: ResilienceEntry[];
        outputs: {
            services: Record<string, { clusters: Record<string, { replicas: number }> }>;
            clusters: Record<string, { region: string }>;
            resilience: Record<string, string>;
        };
    };
}

/** A checked-in stack's preview with flags, shared with the other files that read the same one. */
async function shipped(stack: string, flags: string[] = []): Promise<Preview> {
    const result = await previewStackOnce(stack, flags);
    const plan = JSON.parse(fs.readFileSync(path.join(result.out, "plan.json"), "utf8")) as Preview["plan"];
    return { ...result, plan };
}

/**
 * The CLI over an edited stack file's text (written as `Pulumi.<stack>.yaml`), with its
 * plan.json: as a real process, or `main()` in this one.
 */
async function edited(stack: string, text: string, how: "process" | "in-process"): Promise<Preview> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fedfleet-resilience-"));
    try {
        const file = path.join(dir, `Pulumi.${stack}.yaml`);
        fs.writeFileSync(file, text);
        const out = path.join(dir, "out");
        const argv = ["--config", file, "--out", out];
        const result = how === "process" ? runPlanCli(argv) : await runPlanInProcess(argv, 120_000);
        const plan = JSON.parse(fs.readFileSync(path.join(out, "plan.json"), "utf8")) as Preview["plan"];
        return { ...result, plan };
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

const prodText = () => fs.readFileSync(stackFilePath("prod"), "utf8");

describe("npm run plan: resilience", function () {
    this.timeout(180_000);

    it("prod: exit 0, an ok entry for every service and every cluster it runs on, and for every region", async () => {
        const result = await shipped("prod");
        assert.equal(result.status, 0, result.stdout + result.stderr);
        const { resilience, outputs } = result.plan;
        const expected = Object.entries(outputs.services).flatMap(([service, { clusters }]) => {
            const running = Object.keys(clusters).filter((c) => clusters[c].replicas > 0);
            const regions = [...new Set(running.map((c) => outputs.clusters[c].region))];
            return [
                ...running.map((cluster) => JSON.stringify({ service, loss: { cluster } })),
                ...regions.map((region) => JSON.stringify({ service, loss: { region } })),
            ];
        });
        assert.ok(expected.length >= 14, `${expected.length} losses`);
        assert.deepEqual(
            resilience.map((e) => JSON.stringify({ service: e.service, loss: e.loss })).sort(),
            expected.sort(),
        );
        const failed = resilience.filter((e) => !e.ok);
        assert.deepEqual(failed, []);
        for (const service of Object.keys(outputs.services))
            assert.match(outputs.resilience[service], /^survives losing any one of its \d+ clusters/, service);
    });

    it("prod with checkout as shipped on 2026-11-29: exit 1; losing aws-use1 leaves aws-euw1 with 3 for 10", async () => {
        const result = await edited("prod", checkoutAsShipped(prodText()), "process");
        assert.equal(result.status, 1, result.stderr);
        const entry = result.plan.resilience.find(
            (e) => e.service === "checkout" && "cluster" in e.loss && e.loss.cluster === "aws-use1",
        );
        assert.ok(entry, "an entry for checkout losing aws-use1");
        assert.deepEqual(
            { servedBy: entry.servedBy, demand: entry.demand, capacity: entry.capacity, ok: entry.ok },
            { servedBy: ["aws-euw1"], demand: 10, capacity: 3, ok: false },
        );
        assert.match(
            result.stdout,
            /mandatory {2}survives-cluster-loss {2}payments\/checkout: Federated service checkout/,
        );
        // The opening's line for checkout says which losses it does not survive.
        assert.match(
            result.stdout,
            /\n {2}checkout\n(?: {4}.*\n)*? {4}resilience +does not survive losing .*aws-use1 \(capacity 3 for demand 10\)/,
        );
    });

    it("prod with storefront autoscaled to at most its 12 replicas: exit 1 naming storefront (in-process)", async () => {
        const result = await edited("prod", storefrontAtMostTwelve(prodText()), "in-process");
        assert.equal(result.status, 1, result.stderr);
        assert.match(
            result.stdout,
            /mandatory {2}survives-cluster-loss {2}shop\/storefront: Federated service storefront/,
        );
        const storefront = result.plan.resilience.filter((e) => e.service === "storefront");
        assert.ok(storefront.length > 0 && storefront.every((e) => !e.ok && e.capacity === 9 && e.demand === 12));
        assert.ok(result.plan.resilience.filter((e) => e.service === "checkout").every((e) => e.ok));
    });

    it("dev: exit 0, the losses it does not survive reported as advisory (each listed with --details)", async () => {
        const result = await shipped("dev", ["--details"]);
        assert.equal(result.status, 0, result.stdout + result.stderr);
        assert.ok(
            result.plan.resilience.some((e) => !e.ok),
            "dev's services do not survive every loss",
        );
        assert.match(result.stdout, /advisory {3}survives-cluster-loss {2}shop\/checkout: /);
    });
});
