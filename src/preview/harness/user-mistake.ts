// What the tools' command lines report as the user's mistake, in one line with exit 2, rather
// than as a failure with a stack trace.
import { FleetConfigError } from "../../plan/core/config-error";
import { PackConfigError } from "../policy/run-pack";
import { StackFileError } from "./stack-file";
import { UsageError } from "./usage-error";

export { UsageError };

/**
 * A user mistake: something to fix in the stack file, the pack config or the command line.
 * The program raises its config errors as `InvalidFleetConfig` (a Pulumi RunError), known by
 * its marker so this module need not load the Pulumi runtime.
 */
export function isUserMistake(error: unknown): error is Error {
    return (
        error instanceof UsageError ||
        error instanceof StackFileError ||
        error instanceof FleetConfigError ||
        error instanceof PackConfigError ||
        (error as { isInvalidFleetConfig?: boolean } | null)?.isInvalidFleetConfig === true
    );
}
