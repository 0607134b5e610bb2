// The benchmark's floor: the cheapest Pulumi program that registers what fedfleet
// registered for a stack. The same resources, with the provider SDKs' own classes (so the
// same types, with the outputs each class declares), names, parents, providers, options
// and inputs, on the same mock engine; and none of fedfleet's logic: no config
// validation, placement, manifests or Output plumbing. What fedfleet costs above this is
// what fedfleet itself adds.
import * as pulumi from "@pulumi/pulumi";
import type { ClusterConfig } from "../../src/plan/config/schema";
import type { RecordedResource } from "../../src/preview/harness/recording-monitor";

/** Everything a floor run needs, written by the benchmark after one run of the program. */
export interface FloorShape {
    stack: string;
    config: Record<string, string>;
    secretKeys: string[];
    clusters: ClusterConfig[];
    dnsZoneName?: string;
    resources: Pick<
        RecordedResource,
        "urn" | "type" | "name" | "custom" | "parent" | "provider" | "protect" | "ignoreChanges" | "inputs"
    >[];
}

/** A component with no logic: fedfleet's component types, as bare as the SDK allows. */
class FloorComponent extends pulumi.ComponentResource {
    constructor(type: string, name: string, opts: pulumi.ComponentResourceOptions) {
        super(type, name, {}, opts);
        this.registerOutputs({});
    }
}

type ResourceClass = new (
    name: string,
    args: Record<string, unknown>,
    opts: pulumi.CustomResourceOptions,
) => pulumi.CustomResource;

/**
 * The provider SDK class of a type token: `aws:eks/cluster:Cluster` is `Cluster` of
 * `@pulumi/aws/eks`, `kubernetes:apps/v1:Deployment` is `Deployment` of
 * `@pulumi/kubernetes/apps/v1`, `pulumi:providers:gcp` is `Provider` of `@pulumi/gcp/provider`.
 */
export function resourceClass(type: string): ResourceClass {
    const [pkg, module, className] = type.split(":");
    // Packages outside the @pulumi scope, by their type tokens' package name.
    const npm = (name: string) => ({ time: "@pulumiverse/time" })[name] ?? `@pulumi/${name}`;
    const candidates =
        pkg === "pulumi" && module === "providers"
            ? [[`${npm(className)}/provider`, "Provider"]]
            : [
                  [`${npm(pkg)}/${module}`, className],
                  [`${npm(pkg)}/${module.split("/")[0]}`, className],
                  // `index/...` modules are the package's root exports (time:index/sleep:Sleep).
                  ...(module.startsWith("index/") ? [[npm(pkg), className]] : []),
                  // Kubernetes API groups are named in full in type tokens (networking.k8s.io/v1)
                  // and by their first part in the SDK's modules (networking/v1).
                  [`${npm(pkg)}/${module.replace(/\.k8s\.io\//, "/")}`, className],
              ];
    for (const [modulePath, exportName] of candidates) {
        try {
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            const found = (require(modulePath) as Record<string, unknown>)[exportName];
            if (typeof found === "function") return found as ResourceClass;
        } catch {
            // Not this module path; try the next.
        }
    }
    throw new Error(`floor: no provider SDK class for ${type}`);
}

let handedShape: FloorShape | undefined;

/** Hands the floor program the shape the worker read (it also sets up the engine from it). */
export function handFloorShape(shape: FloorShape): void {
    handedShape = shape;
}

/** The shape handed to the floor program, taken once: a second take throws. */
export function takeFloorShape(): FloorShape {
    const shape = handedShape;
    if (!shape) throw new Error("floor: no shape was handed to the floor program");
    handedShape = undefined;
    return shape;
}

const PROVIDER_PREFIX = "pulumi:providers:";

/** Provider classes send every non-string input as JSON text; undo that, so they send the same text again. */
function providerArgs(recorded: Record<string, unknown>): Record<string, unknown> {
    return Object.fromEntries(
        Object.entries(recorded).map(([key, value]) => {
            if (typeof value !== "string") return [key, value];
            try {
                return [key, JSON.parse(value)];
            } catch {
                return [key, value];
            }
        }),
    );
}

/** Registers every resource of the shape, parents and providers before the resources that use them. */
export function registerFloor(resources: FloorShape["resources"]): number {
    const byUrn = new Map(resources.map((resource) => [resource.urn, resource]));
    const made = new Map<string, pulumi.Resource>();
    const make = (urn: string): pulumi.Resource => {
        const existing = made.get(urn);
        if (existing) return existing;
        const resource = byUrn.get(urn);
        if (!resource) throw new Error(`floor: ${urn} is referenced but was never registered`);
        const parent = resource.parent ? make(resource.parent) : undefined;
        let created: pulumi.Resource;
        if (!resource.custom) {
            created = new FloorComponent(resource.type, resource.name, { parent });
        } else {
            const provider = resource.provider ? (make(resource.provider) as pulumi.ProviderResource) : undefined;
            const inputs = resource.type.startsWith(PROVIDER_PREFIX) ? providerArgs(resource.inputs) : resource.inputs;
            created = new (resourceClass(resource.type))(resource.name, inputs, {
                parent,
                provider,
                protect: resource.protect,
                ignoreChanges: resource.ignoreChanges,
            });
        }
        made.set(urn, created);
        return created;
    };
    for (const resource of resources) make(resource.urn);
    return made.size;
}
