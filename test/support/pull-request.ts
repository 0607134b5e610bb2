// A pull request's plan diff without git: a stack file's text previewed as plan.json holds it
// (with the pack verdict of its environment's pack config), compared with the checked-in stack,
// and the report split where the summary ends and the detailed sections begin.
import * as fs from "node:fs";
import * as path from "node:path";
import { policies } from "../../policy/rules";
import { diffPlans, type PlanFile, type StackDiff } from "../../src/preview/diff/plan-diff";
import { renderReport } from "../../src/preview/diff/report";
import type { ProgramRun } from "../../src/preview/harness/run-program";
import { readPackConfig, runPolicies } from "../../src/preview/policy/run-pack";
import { planFileOf } from "../../src/preview/plan/render";
import { planStack, programEnvironment, PROJECT_ROOT, SharedValues, sharedRunOfText } from "./plan";

/** A checked-in stack file's text. */
export const stackText = (stack: string): string =>
    fs.readFileSync(path.join(PROJECT_ROOT, "stacks", `Pulumi.${stack}.yaml`), "utf8");

/** The pack config a plan is judged by: `packConfig`, or the stack's own. */
const packConfigOf = (stack: string, packConfig?: string): string =>
    packConfig ?? path.join(PROJECT_ROOT, "policy", "config", `${stack}.json`);

/** A program run as plan.json holds it, with the pack verdict of `packConfig` (the stack's own by default). */
async function planFileOfRun(run: ProgramRun, stack: string, packConfig?: string): Promise<PlanFile> {
    const config = packConfigOf(stack, packConfig);
    const settings = readPackConfig(config, policies);
    const violations = await runPolicies(run.resources, policies, settings, run.resourceOutputs, {
        ids: run.resourceIds,
        propertyDependencies: run.propertyDependencies,
    });
    return JSON.parse(JSON.stringify(planFileOf(run, { config, settings, violations }))) as PlanFile;
}

/**
 * plan.json's text per stack file text, stack, pack config and environment, for this process: a pull
 * request's base is the checked-in text, previewed once however many heads are compared with
 * it. Determinism is tested on fresh runs (run-program.test.ts), not through this.
 */
const plannedTexts = new SharedValues<string>(Infinity);

/** The offline preview of a stack file's text as plan.json holds it, with the pack verdict of `packConfig`. */
export async function planOfText(text: string, stack: string, packConfig?: string): Promise<PlanFile> {
    // The pack config by its path and its content (the stack's own by default): a test may rewrite it.
    const config = packConfigOf(stack, packConfig);
    const key = JSON.stringify([
        text,
        stack,
        config,
        fs.existsSync(config) ? fs.readFileSync(config, "utf8") : null,
        programEnvironment(),
    ]);
    // A failed preview is not kept: the next caller sees its own failure.
    const planned = plannedTexts.get(key, false, () =>
        sharedRunOfText(text, stack)
            .then((run) => planFileOfRun(run, stack, packConfig))
            .then((plan) => JSON.stringify(plan)),
    );
    // A fresh copy for each caller: tests edit the plans they compare.
    return JSON.parse(await planned) as PlanFile;
}

const checkedIn = new SharedValues<PlanFile>(Infinity);

/** The checked-in stack's plan, from the process's one run of it (planStack: the same file under the same label). */
export function checkedInPlan(stack: string): Promise<PlanFile> {
    // By the environment too, as the run is (sharedRunOfText).
    const key = JSON.stringify([stack, programEnvironment()]);
    return checkedIn.get(key, false, () => planStack(stack).then((run) => planFileOfRun(run, stack)));
}

/** A report split as a reviewer reads it: the summary (before any detailed section) and the rest. */
export interface SplitReport {
    summary: string;
    details: string;
}

/** The report of a diff, split where its detailed sections begin. */
export function splitReport(diff: StackDiff, base?: PlanFile, head?: PlanFile): SplitReport {
    const rendered = renderReport(diff, base, head);
    return { summary: rendered.head, details: rendered.body };
}

/** A pull request editing one checked-in stack file: its diff against the checked-in stack, and its report. */
export async function pullRequestOf(
    stack: string,
    edit: (text: string) => string,
): Promise<{ diff: StackDiff; base: PlanFile; head: PlanFile } & SplitReport> {
    const text = edit(stackText(stack));
    if (text === stackText(stack)) throw new Error("the edit does not apply");
    // One program run at a time: the Pulumi runtime's settings are process-wide.
    const base = await checkedInPlan(stack);
    const head = await planOfText(text, stack);
    const diff = diffPlans(stack, base, head);
    return { diff, base, head, ...splitReport(diff, base, head) };
}
