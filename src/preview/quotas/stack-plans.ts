// The plans of the checked-in stacks other than the one previewed, for the quotas they share:
// validated and planned (pure, no program run), each failure kept as a one-line reason.
import * as path from "node:path";
import { validateFleet } from "../../plan/config/validate";
import { CONFIG_NAMESPACE } from "../../plan/core/config-error";
import { checkedInStacks, readStackFile, StackFileConfig } from "../harness/stack-file";
import type { StackPlanOrError } from "./shared";

/** The `fedfleet:` keys a stack file marks secret, without the namespace, as validation takes them. */
export function fleetSecretKeysOf(read: StackFileConfig): string[] {
    const prefix = `${CONFIG_NAMESPACE}:`;
    return read.secretKeys.filter((key) => key.startsWith(prefix)).map((key) => key.slice(prefix.length));
}

/** Every stacks/Pulumi.<name>.yaml of `projectRoot` but `stack`'s, planned or with why not. */
export function otherStackPlans(projectRoot: string, stack: string): StackPlanOrError[] {
    return checkedInStacks(projectRoot)
        .filter((entry) => entry.stack !== stack)
        .map(({ stack: other, file }) => {
            try {
                const read = readStackFile(path.join(projectRoot, file), file);
                return {
                    stack: other,
                    plan: validateFleet(read.fleetRaw, file, other, { secretKeys: fleetSecretKeysOf(read) }),
                };
            } catch (error) {
                return { stack: other, error: (error as Error).message };
            }
        });
}
