// Component args a TypeScript program may give as Pulumi Inputs: values fedfleet only passes on
// to a resource (an image built in the same program, a kubeconfig read from a StackReference),
// never ones it plans with. Pure: the plan runs on plain placeholders, and the placeholders are
// swapped back for the Inputs in what the component registers. A stack file's values are plain
// strings and go through untouched.
import type * as pulumi from "@pulumi/pulumi";
import { FleetConfigError } from "../core/config-error";
import { podAnnotationValueIsChecked } from "../workloads/api-validation";
import type { ExistingClusterInput, ServiceInput } from "./schema";

/** A pass-through value: a plain string, or any Input of one (an Output, a Promise). */
export type PassThrough = pulumi.Input<string>;

type ContainerInput = ServiceInput["containers"][number];
type OverrideInput = NonNullable<ServiceInput["overrides"]>[string];
type WithPassThrough<T, K extends keyof T> = Omit<T, K> & { [P in K]: T[P] extends string ? PassThrough : T[P] };
type PassThroughEnv = { env?: Record<string, PassThrough> };

/** A container of a service declared in TypeScript: its image and env values may be Inputs. */
export type ContainerArgs = Omit<ContainerInput, "image" | "env"> & { image: PassThrough } & PassThroughEnv;
/**
 * A per-cluster override of a service declared in TypeScript: its image, env values and pod
 * annotation values may be Inputs (not the annotations whose values the API server validates,
 * which fedfleet checks first; nor `serviceAnnotations`, which decide the load balancer's exposure).
 */
export type OverrideArgs = Omit<OverrideInput, "image" | "env" | "annotations"> & {
    image?: PassThrough;
    annotations?: Record<string, PassThrough>;
} & PassThroughEnv;
/** A service declared in TypeScript: a stack file's entry, with the pass-through fields accepting Inputs. */
export type ServiceArgsInput = Omit<ServiceInput, "containers" | "overrides"> & {
    containers: ContainerArgs[];
    overrides?: Record<string, OverrideArgs>;
};
/** An existing cluster declared in TypeScript: its kubeconfig may be an Input (a StackReference output). */
export type ExistingClusterArgsInput = WithPassThrough<ExistingClusterInput, "kubeconfig">;

/** `T` with every plain string (not a literal type) widened to an Input of one, as resource args take it. */
export type WithInputs<T> = T extends string
    ? string extends T
        ? PassThrough
        : T
    : T extends readonly (infer U)[]
      ? WithInputs<U>[]
      : T extends object
        ? { [K in keyof T]: WithInputs<T[K]> }
        : T;

// Control characters no stack-file value or validation message shows: a placeholder cannot be
// mistaken for a user's string.
const MARK = "\u001f";

/**
 * The Inputs set aside while a component plans, each behind a placeholder string the plan
 * treats as an ordinary value (a placeholder image passes the schema's checks; a placeholder
 * env value is a string). Checks that read the value itself are left to the API that gets it.
 */
export class PassThroughInputs {
    private readonly byPlaceholder = new Map<string, PassThrough>();

    /** A plain string as it is; any other Input set aside, its placeholder returned. */
    defer(value: PassThrough): string {
        if (typeof value === "string") return value;
        const placeholder = `${MARK}fedfleet-input-${this.byPlaceholder.size}${MARK}`;
        this.byPlaceholder.set(placeholder, value);
        return placeholder;
    }

    /** Every value of a map through `defer`, keys kept. */
    deferAll(values: Record<string, PassThrough> | undefined): Record<string, string> | undefined {
        return values && Object.fromEntries(Object.entries(values).map(([key, value]) => [key, this.defer(value)]));
    }

    /** `value` (a manifest) with every placeholder string put back as the Input it stands for. */
    restore<T>(value: T): WithInputs<T> {
        return this.restoreAny(value) as WithInputs<T>;
    }

    private restoreAny(value: unknown): unknown {
        if (typeof value === "string") return this.byPlaceholder.get(value) ?? value;
        if (Array.isArray(value)) return value.map((item) => this.restoreAny(item));
        if (value !== null && typeof value === "object")
            return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, this.restoreAny(item)]));
        return value;
    }
}

/** A TypeScript service declaration with its pass-through Inputs set aside in `inputs`: what the plan reads. */
export function deferServiceInputs(service: ServiceArgsInput, inputs: PassThroughInputs): ServiceInput {
    return {
        ...service,
        containers: service.containers.map((container) => ({
            ...container,
            image: inputs.defer(container.image),
            env: inputs.deferAll(container.env),
        })),
        overrides:
            service.overrides &&
            Object.fromEntries(
                Object.entries(service.overrides).map(([cluster, override]) => [
                    cluster,
                    {
                        ...override,
                        image: override.image === undefined ? undefined : inputs.defer(override.image),
                        env: inputs.deferAll(override.env),
                        annotations: deferPodAnnotations(override.annotations, ["overrides", cluster], inputs),
                    },
                ]),
            ),
    };
}

/** Pod annotations with Input values set aside, except where the plan must read the value. */
function deferPodAnnotations(
    annotations: Record<string, PassThrough> | undefined,
    at: readonly (string | number)[],
    inputs: PassThroughInputs,
): Record<string, string> | undefined {
    for (const [key, value] of Object.entries(annotations ?? {}))
        if (typeof value !== "string" && podAnnotationValueIsChecked(key))
            throw new FleetConfigError(
                [...at, "annotations", key],
                "a plain string (fedfleet checks this annotation's value before deploying, as the API server would)",
                "a Pulumi Input",
            );
    return inputs.deferAll(annotations);
}
