// The plans of the checked-in stacks other than the one previewed, for the quotas they share:
// validated and planned (pure, no program run), each failure kept as a one-line reason.
import * as fs from "node:fs";
import * as path from "node:path";
import { validateFleet } from "../../plan/config/validate";
import { byKey } from "../../plan/core/order";
import { CONFIG_NAMESPACE } from "../../plan/core/config-error";
import { checkedInStacks, parseStackFile, readStackFile, StackFileConfig } from "../harness/stack-file";
import type { FleetPlan } from "../../plan/fleet-plan";
import type { StackPlanOrError } from "./shared";

/** The `fedfleet:` keys a stack file marks secret, without the namespace, as validation takes them. */
function fleetSecretKeysOf(read: StackFileConfig): string[] {
    const prefix = `${CONFIG_NAMESPACE}:`;
    return read.secretKeys.filter((key) => key.startsWith(prefix)).map((key) => key.slice(prefix.length));
}

/**
 * A read stack file's fleet, validated and planned as the program plans it (the same config,
 * the same secret keys); throws FleetConfigError naming `label`.
 */
export function planStackFile(read: StackFileConfig, label: string, stack: string): FleetPlan {
    return validateFleet(read.fleetRaw, label, stack, { secretKeys: fleetSecretKeysOf(read) });
}

/** Every stacks/Pulumi.<name>.yaml of `projectRoot` but `stack`'s, planned or with why not. */
export function otherStackPlans(projectRoot: string, stack: string): StackPlanOrError[] {
    return checkedInStacks(projectRoot)
        .filter((entry) => entry.stack !== stack)
        .map(({ stack: other, file }) => {
            const absolute = path.join(projectRoot, file);
            let text: string;
            try {
                text = fs.readFileSync(absolute, "utf8");
            } catch {
                return stackPlanOf(other, file, () => readStackFile(absolute, file));
            }
            return stackPlanOfText(other, file, text);
        });
}

/**
 * The same, from stack files' texts (by stack name, each with its path from the project root):
 * what plan:diff uses to tell whether another stack's change reaches this stack's plan.
 */
export function otherStackPlansFrom(
    stackFiles: ReadonlyMap<string, { file: string; text: string }>,
    stack: string,
): StackPlanOrError[] {
    return [...stackFiles.entries()]
        .filter(([other]) => other !== stack)
        .sort(byKey(([other]) => other))
        .map(([other, { file, text }]) => stackPlanOfText(other, file, text));
}

/**
 * Plans already made in this process, by stack, file and text. Each preview plans every other
 * stack (about 16 ms for the checked-in ones), and a process previews stack after stack (a
 * plan:diff worker, the tests) with mostly the same other stacks. Frozen: shared by every
 * preview that asks. The oldest goes first past the limit.
 */
const plannedTexts = new Map<string, StackPlanOrError>();
const PLANNED_TEXTS_LIMIT = 32;

function stackPlanOfText(stack: string, file: string, text: string): StackPlanOrError {
    const key = JSON.stringify([stack, file, text]);
    let planned = plannedTexts.get(key);
    if (!planned) {
        planned = deepFreeze(stackPlanOf(stack, file, () => parseStackFile(text, file)));
        plannedTexts.set(key, planned);
        if (plannedTexts.size > PLANNED_TEXTS_LIMIT) plannedTexts.delete(plannedTexts.keys().next().value!);
    }
    return planned;
}

function deepFreeze<T>(value: T): T {
    if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
        Object.freeze(value);
        for (const inner of Object.values(value)) deepFreeze(inner);
    }
    return value;
}

function stackPlanOf(stack: string, file: string, read: () => StackFileConfig): StackPlanOrError {
    try {
        return { stack, plan: planStackFile(read(), file, stack) };
    } catch (error) {
        return { stack, error: (error as Error).message };
    }
}
