// How a component declared in TypeScript reads its config: the same schema and rules as a
// stack file, with its mistakes reported the way Pulumi reports bad inputs.
import * as pulumi from "@pulumi/pulumi";
import { FleetConfigError, PathPart } from "../../plan/core/config-error";

/** `["config", "nodePools", 0, "minSize"]` -> `config.nodePools[0].minSize`, as Pulumi names input properties. */
export function propertyPath(parts: readonly PathPart[]): string {
    return parts
        .map((part, index) => (typeof part === "number" ? `[${part}]` : index === 0 ? part : `.${part}`))
        .join("");
}

/**
 * Runs `read` (parsing and planning a component's config); a FleetConfigError it throws
 * becomes a pulumi.InputPropertiesError whose property path starts at `argument` (the
 * component argument the config came in), so `pulumi up` names the bad input.
 */
export function readComponentInput<T>(component: string, argument: string, read: () => T): T {
    try {
        return read();
    } catch (error) {
        if (!(error instanceof FleetConfigError)) throw error;
        const located = error.under([argument]);
        const reason = `expected ${located.expected}, found ${located.found}`;
        throw new pulumi.InputPropertiesError({
            message: `${component}: ${propertyPath(located.path)}: ${reason}`,
            errors: [{ propertyPath: propertyPath(located.path), reason }],
        });
    }
}
