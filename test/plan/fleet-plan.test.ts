// planFleet is where the program decides; these tests count that a program run decides each
// service's placement once. placeService announces every call on a diagnostics channel, so the
// count covers every path to it (planFleet, or a component placing on its own) with no hook
// into how Node loads modules. The preview around the program plans stacks too (every
// checked-in stack, for the quotas they share): those calls come from src/preview/ and are
// told apart by where they were made.
import assert from "node:assert/strict";
import * as path from "node:path";
import { placementChannel } from "../../src/plan/placement/place-service";
import { runProgram } from "../../src/preview/harness/run-program";
import { stackFilePath } from "../support/plan";

const DIST_SRC = path.resolve(__dirname, "..", "..", "src");
const PREVIEW = path.join(DIST_SRC, "preview") + path.sep;
const PROGRAM = [path.join(DIST_SRC, "components") + path.sep, path.resolve(DIST_SRC, "..", "index.js")];

/** The compiled files on the call stack of the current call, innermost first. */
function callers(): string[] {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = Infinity;
    try {
        const stack = new Error().stack ?? "";
        return [...stack.matchAll(/\(?(\/[^():]+\.js):\d+:\d+\)?$/gm)].map((match) => match[1]);
    } finally {
        Error.stackTraceLimit = limit;
    }
}

describe("planFleet: each service is placed exactly once per program run", () => {
    for (const stack of ["dev", "staging", "prod"]) {
        it(stack, async () => {
            const byProgram: string[] = [];
            const byPreview: string[] = [];
            const unexplained: string[] = [];
            const count = (name: unknown) => {
                const files = callers();
                if (files.some((file) => PROGRAM.some((program) => file.startsWith(program))))
                    byProgram.push(String(name));
                else if (files.some((file) => file.startsWith(PREVIEW))) byPreview.push(String(name));
                else unexplained.push(`${String(name)}: ${files.join(" < ")}`);
            };
            placementChannel.subscribe(count);
            try {
                const run = await runProgram({
                    stackFile: stackFilePath(stack),
                    stackFileLabel: `stacks/Pulumi.${stack}.yaml`,
                });
                const services = Object.keys(run.outputs.services as object).sort();
                assert.ok(services.length >= 2, `${stack} has services`);
                assert.deepEqual([...byProgram].sort(), services, "placed by the program");
                assert.deepEqual(unexplained, [], "placed by neither the program nor the preview");
                assert.ok(byPreview.length > 0, "the preview plans stacks for their shared quotas");
            } finally {
                placementChannel.unsubscribe(count);
            }
        });
    }
});
