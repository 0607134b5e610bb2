// The plans of the checked-in stacks other than the one previewed, for the quotas they share:
// validated and planned (pure, no program run), each failure kept as a one-line reason.
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
        .map(({ stack: other, file }) =>
            stackPlanOf(other, file, () => readStackFile(path.join(projectRoot, file), file)),
        );
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
        .map(([other, { file, text }]) => stackPlanOf(other, file, () => parseStackFile(text, file)));
}

function stackPlanOf(stack: string, file: string, read: () => StackFileConfig): StackPlanOrError {
    try {
        return { stack, plan: planStackFile(read(), file, stack) };
    } catch (error) {
        return { stack, error: (error as Error).message };
    }
}
