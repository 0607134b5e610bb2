// planFleet is where the program decides; these tests count that a program run decides each
// service's placement once. placeService announces every call on a diagnostics channel, so the
// count covers every path to it (planFleet, or a component placing on its own) with no hook
// into how Node loads modules.
import assert from "node:assert/strict";
import { placementChannel } from "../../src/plan/placement/place-service";
import { runProgram } from "../../src/preview/harness/run-program";
import { stackFilePath } from "../support/plan";

describe("planFleet: each service is placed exactly once per program run", () => {
    for (const stack of ["dev", "staging", "prod"]) {
        it(stack, async () => {
            const placed: string[] = [];
            const count = (name: unknown) => placed.push(String(name));
            placementChannel.subscribe(count);
            try {
                const run = await runProgram({
                    stackFile: stackFilePath(stack),
                    stackFileLabel: `stacks/Pulumi.${stack}.yaml`,
                });
                const services = Object.keys(run.outputs.services as object).sort();
                assert.ok(services.length >= 2, `${stack} has services`);
                assert.deepEqual([...placed].sort(), services);
            } finally {
                placementChannel.unsubscribe(count);
            }
        });
    }
});
