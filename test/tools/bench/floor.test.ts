// The benchmark's floor must register what the program registers, with the provider SDKs'
// own classes, or its ratios would compare fedfleet with something else.
import assert from "node:assert/strict";
import { registerFloor, resourceClass } from "../../../tools/bench/floor";
import { syntheticStack } from "../../../tools/bench/fleets";
import { startMockEngine, waitForRPCs } from "../../../src/preview/harness/mock-engine";
import { readStackFile } from "../../../src/preview/harness/stack-file";
import { validateFleetConfig } from "../../../src/plan/config/validate";
import { planStack, planYaml, stackFilePath } from "../../support/plan";
import { byKey } from "../../../src/plan/core/order";
import { nonEmpty } from "../../support/non-empty";

const PROVIDER_PREFIX = "pulumi:providers:";

describe("benchmark floor (tools/bench/floor)", function () {
    this.timeout(120_000);

    it("maps every type the stacks register to the provider SDK class of that type", async () => {
        const types = new Set<string>();
        for (const stack of ["dev", "staging", "prod"]) {
            for (const resource of (await planStack(stack)).resources) if (resource.custom) types.add(resource.type);
        }
        assert.ok(types.size > 30, `only ${types.size} types`);
        for (const type of types) {
            const declared = (resourceClass(type) as unknown as { __pulumiType: string }).__pulumiType;
            assert.equal(type.startsWith(PROVIDER_PREFIX) ? `${PROVIDER_PREFIX}${declared}` : declared, type);
        }
        assert.throws(
            () => resourceClass("acme:widgets/widget:Widget"),
            /no provider SDK class for acme:widgets\/widget:Widget/,
        );
    });

    it("registers the same URNs, parents, providers and inputs as the program, on the same engine", async () => {
        const run = await planStack("staging");
        const file = readStackFile(stackFilePath("staging"));
        const fleet = validateFleetConfig(file.fleetRaw, "staging");
        const monitor = startMockEngine({
            stack: "staging",
            config: file.config,
            secretKeys: file.secretKeys,
            clusters: fleet.clusters,
            dnsZoneName: fleet.dns?.zone.name,
        });
        assert.equal(registerFloor(run.resources), run.resources.length);
        await waitForRPCs();
        const floor = [...monitor.recorded].sort(byKey((resource) => resource.urn));
        assert.deepEqual(
            floor.map((r) => r.urn),
            run.resources.map((r) => r.urn),
        );
        for (const [index, resource] of nonEmpty(floor, "registered resource").entries()) {
            const original = run.resources[index];
            assert.equal(resource.parent, original.parent, resource.urn);
            assert.equal(resource.provider, original.provider, resource.urn);
            assert.equal(resource.protect, original.protect, resource.urn);
            // Masked values ("[secret]") go in as plain text; everything else is the same input.
            if (!JSON.stringify(original.inputs).includes("[secret]"))
                assert.deepEqual(resource.inputs, original.inputs, resource.urn);
        }
    });

    it("gets synthetic fleets the program accepts, with each service in four clusters", async () => {
        const run = await planYaml(syntheticStack({ clusters: 12, services: 6 }), "bench");
        const deployments = run.resources.filter((r) => r.type === "kubernetes:apps/v1:Deployment");
        assert.equal(deployments.length, 6 * 4);
        const clouds = new Set(
            Object.values(run.outputs.clusters as Record<string, { cloud: string }>).map((c) => c.cloud),
        );
        assert.deepEqual([...clouds].sort(), ["aws", "existing", "gcp"]);
    });
});
