// planFleet is where the program decides; these tests count that it decides once.
import assert from "node:assert/strict";
import Module from "node:module";
import * as path from "node:path";
import { runProgram } from "../../src/preview/harness/run-program";
import { stackFilePath } from "../support/plan";

type Load = (request: string, parent: unknown, isMain: boolean) => unknown;
const loader = Module as unknown as { _load: Load; _resolveFilename(request: string, parent: unknown): string };

const DIST = path.resolve(__dirname, "..", "..");
const PLACEMENT_MODULE = path.join(DIST, "src", "plan", "placement", "place-service.js");

/** Forgets the program's compiled modules, so the next run loads them (and their imports) afresh. */
function forgetProgramModules(): void {
    for (const file of Object.keys(require.cache)) {
        if (
            file.startsWith(path.join(DIST, "src", "plan")) ||
            file.startsWith(path.join(DIST, "src", "components")) ||
            file === path.join(DIST, "index.js")
        )
            delete require.cache[file];
    }
}

describe("planFleet: each service is placed exactly once per program run", () => {
    for (const stack of ["dev", "staging", "prod"]) {
        it(stack, async () => {
            const placed: string[] = [];
            const load = loader._load;
            // Every module that imports placeService gets a copy of its exports that counts the calls.
            loader._load = function (request, parent, isMain) {
                const exports = load.call(this, request, parent, isMain);
                if (loader._resolveFilename(request, parent) !== PLACEMENT_MODULE) return exports;
                const real = exports as { placeService(service: { name: string }, fleet: unknown): unknown };
                return {
                    ...real,
                    placeService: (service: { name: string }, fleet: unknown) => {
                        placed.push(service.name);
                        return real.placeService(service, fleet);
                    },
                };
            };
            forgetProgramModules();
            try {
                const run = await runProgram({
                    stackFile: stackFilePath(stack),
                    stackFileLabel: `stacks/Pulumi.${stack}.yaml`,
                });
                const services = Object.keys(run.outputs.services as object).sort();
                assert.ok(services.length >= 2, `${stack} has services`);
                assert.deepEqual([...placed].sort(), services);
            } finally {
                loader._load = load;
                forgetProgramModules();
            }
        });
    }
});
