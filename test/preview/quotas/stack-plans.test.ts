// The other stacks' plans a preview sums shared quotas over are kept per process by stack file
// text (src/preview/quotas/stack-plans.ts): the same text gives the same frozen plan, and an
// edited file is planned again, however many previews came before.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { otherStackPlans } from "../../../src/preview/quotas/stack-plans";
import { PROJECT_ROOT } from "../../support/plan";

describe("otherStackPlans keeps plans by stack file text", () => {
    let root: string;
    const prodFile = () => path.join(root, "stacks", "Pulumi.prod.yaml");
    before(() => {
        root = fs.mkdtempSync(path.join(os.tmpdir(), "fedfleet-stack-plans-"));
        fs.mkdirSync(path.join(root, "stacks"));
        for (const stack of ["dev", "prod"])
            fs.copyFileSync(
                path.join(PROJECT_ROOT, "stacks", `Pulumi.${stack}.yaml`),
                path.join(root, "stacks", `Pulumi.${stack}.yaml`),
            );
    });
    after(() => fs.rmSync(root, { recursive: true, force: true }));

    const prodPlan = () => {
        const [prod] = otherStackPlans(root, "dev");
        assert.equal(prod.stack, "prod");
        return prod;
    };

    it("the same text: the same plan, frozen against a preview that would change it", () => {
        const first = prodPlan();
        assert.ok(first.plan, first.error);
        assert.equal(prodPlan(), first);
        assert.ok(Object.isFrozen(first.plan) && Object.isFrozen(first.plan.config.clusters));
    });

    it("an edited stack file is planned again, and a broken one gives its reason", () => {
        const before = prodPlan();
        const text = fs.readFileSync(prodFile(), "utf8");
        const edited = text.replace("      replicas: 12\n", "      replicas: 16\n");
        assert.notEqual(edited, text, "the edit applies");
        fs.writeFileSync(prodFile(), edited);
        const after = prodPlan();
        assert.notEqual(after, before);
        assert.notDeepEqual(after.plan, before.plan);
        fs.writeFileSync(prodFile(), "config: [\n");
        assert.match(prodPlan().error ?? "", /Pulumi\.prod\.yaml/);
        fs.writeFileSync(prodFile(), text);
        assert.deepEqual(prodPlan().plan, before.plan);
    });
});
