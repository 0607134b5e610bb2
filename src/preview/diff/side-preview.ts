// One side's offline preview of one stack, in a process of its own: the side's own compiled
// program, harness and policies, run as `npm run plan` runs them.
import * as fs from "node:fs";
import * as path from "node:path";
import { engineFlags } from "./engine-flags";
import type { PlanFile } from "./plan-diff";
import { Finished, runAsync } from "./processes";
import type { SideWorkers } from "./side-workers";

/** The environment a side's previews run with: the comparison's key for digests of secret values. */
export const secretDigestEnv = (secretKey: string): NodeJS.ProcessEnv => ({ FEDFLEET_SECRET_DIGEST_KEY: secretKey });

/** What one side's preview gave: its plan (and plan.json's text, byte for byte), or why there is none. */
export interface SideResult {
    plan?: PlanFile;
    planText?: string;
    error?: string;
    /** The plan was made by an earlier run from the same inputs (cache.ts), not previewed now. */
    cached?: boolean;
}

/** Where a side's compiled offline preview is: today's layout, then the one before src/ (a base may predate it). */
const PLAN_CLI_PLACES = ["dist/src/preview/plan/cli.js", "dist/tools/plan/cli.js"];

/**
 * Runs one side's own offline preview of a stack, writing its plan files to `outDir`: in one
 * of the side's preview workers when it has them (side-workers.ts), else as a process of its own.
 */
export async function previewSide(
    projectDir: string,
    stack: string,
    outDir: string,
    secretKey: string,
    workers?: SideWorkers,
): Promise<SideResult> {
    let result: Finished;
    if (workers?.available()) {
        result = await workers.preview(stack, outDir);
    } else {
        const cli = PLAN_CLI_PLACES.map((place) => path.join(projectDir, place)).find((file) => fs.existsSync(file));
        if (!cli) return { error: `this side has no offline preview (${PLAN_CLI_PLACES.join(" or ")})` };
        const args = [...engineFlags(process.execArgv), cli, "--stack", stack, "--out", outDir];
        result = await runAsync(process.execPath, args, projectDir, {
            env: secretDigestEnv(secretKey),
            keepStdout: false,
        });
    }
    const planFile = path.join(outDir, "plan.json");
    // Exit 1 with a plan file is a policy verdict, not a failure to plan.
    if (fs.existsSync(planFile)) {
        const planText = fs.readFileSync(planFile, "utf8");
        return { plan: JSON.parse(planText) as PlanFile, planText };
    }
    return {
        error: (result.stderr.trim().split("\n")[0] || `the preview exited ${result.status}`).replace(/^error: /, ""),
    };
}
