// Reads the `fedfleet:` namespace from the Pulumi config of the running stack.
import * as pulumi from "@pulumi/pulumi";
import { CONFIG_NAMESPACE, FleetConfigError } from "../../plan/core/config-error";
import type { FleetPlan } from "../../plan/fleet-plan";
import { configValueOf } from "../../plan/config/config-value";
import { validateFleet } from "../../plan/config/validate";

/**
 * Raised by the program for a mistake in the stack file. A RunError, so `pulumi up`
 * prints its one line without a stack trace; the offline preview exits 2 on it.
 */
export class InvalidFleetConfig extends pulumi.RunError {
    readonly isInvalidFleetConfig = true;
    constructor(readonly cause: FleetConfigError) {
        super(cause.message);
        this.name = "InvalidFleetConfig";
    }
}

/** The stack file's name as users know it; FEDFLEET_STACK_FILE overrides it (the offline preview sets it). */
export function stackFileLabel(): string {
    return process.env.FEDFLEET_STACK_FILE ?? `stacks/Pulumi.${pulumi.getStack()}.yaml`;
}

// The SDK's own test for secret config keys; internal to it, so typed here.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { isConfigSecret } = require("@pulumi/pulumi/runtime/config") as { isConfigSecret(key: string): boolean };

/**
 * Reads, validates and plans the running stack's fleet: the one plan the program builds.
 * A mistake in the stack file becomes an InvalidFleetConfig.
 */
export function readFleetPlan(): FleetPlan {
    const prefix = `${CONFIG_NAMESPACE}:`;
    const raw: Record<string, unknown> = {};
    const secretKeys: string[] = [];
    for (const [key, value] of Object.entries(pulumi.runtime.allConfig())) {
        if (!key.startsWith(prefix)) continue;
        // Defined, not assigned: a "__proto__" key must stay a key, for the validator to report.
        Object.defineProperty(raw, key.slice(prefix.length), {
            value: configValueOf(value),
            enumerable: true,
            writable: true,
            configurable: true,
        });
        if (isConfigSecret(key)) secretKeys.push(key.slice(prefix.length));
    }
    try {
        return validateFleet(raw, stackFileLabel(), pulumi.getStack(), { secretKeys });
    } catch (error) {
        if (error instanceof FleetConfigError) throw new InvalidFleetConfig(error);
        throw error;
    }
}
