import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PROJECT_ROOT, runPlanCli } from "../../support/plan";
import { previewStackOnce } from "../../support/shared-preview";

describe("npm run plan: policy", function () {
    this.timeout(120_000);

    for (const stack of ["dev", "staging", "prod"]) {
        it(`runs the pack over the ${stack} stack with policy/config/${stack}.json and passes its mandatory rules`, async () => {
            const result = await previewStackOnce(stack);
            assert.equal(result.status, 0, result.stdout + result.stderr);
            assert.match(
                result.stdout,
                new RegExp(`\\nPolicy \\(policy/config/${stack}\\.json\\): 0 mandatory, \\d+ advisory\\n`),
            );
        });
    }

    it("exits 1 naming both violations when an EKS endpoint is open to 0.0.0.0/0 and an image is tagged latest, and still writes plan.json", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fedfleet-policy-"));
        const file = path.join(dir, "Pulumi.risky.yaml");
        fs.writeFileSync(
            file,
            fs
                .readFileSync(path.join(PROJECT_ROOT, "stacks/Pulumi.dev.yaml"), "utf8")
                .replace("publicAccessCidrs: [198.51.100.0/24]", "publicAccessCidrs: [0.0.0.0/0]")
                .replace("ghcr.io/acme/storefront:1.14.2", "ghcr.io/acme/storefront:latest"),
        );
        const out = path.join(dir, "out");
        const result = runPlanCli(["--config", file, "--out", out]);
        assert.equal(result.status, 1, result.stderr);
        assert.match(
            result.stdout,
            /mandatory {2}cluster-endpoint-restricted {2}aws-use1-eks: EKS cluster aws-use1-eks has a public API endpoint open to 0\.0\.0\.0\/0/,
        );
        assert.match(
            result.stdout,
            /mandatory {2}image-pinned {2}shop\/storefront@aws-use1: .*"ghcr\.io\/acme\/storefront:latest" is tagged latest/,
        );
        const plan = JSON.parse(fs.readFileSync(path.join(out, "plan.json"), "utf8"));
        const names = plan.policy.violations.map((v: { policy: string; level: string }) => `${v.level} ${v.policy}`);
        assert.ok(names.includes("mandatory cluster-endpoint-restricted"));
        assert.ok(names.includes("mandatory image-pinned"));
        for (const violation of plan.policy.violations)
            assert.deepEqual(Object.keys(violation).sort(), ["level", "message", "policy", "urn"]);
    });

    it("exits 2 on a pack config that names no policy of the pack", () => {
        const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "fedfleet-policy-")), "pack.json");
        fs.writeFileSync(file, JSON.stringify({ "image-pined": "mandatory" }));
        const result = runPlanCli(["--stack", "dev", "--policy-config", file]);
        assert.equal(result.status, 2);
        assert.match(result.stderr, /pack\.json: image-pined: expected a policy of the pack, found an unknown name\n$/);
    });
});
