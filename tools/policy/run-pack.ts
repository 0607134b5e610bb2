// Runs the fedfleet policy pack over a program run, as `pulumi preview --policy-pack`
// would: each resource policy per resource with ResourceValidationArgs, each stack policy
// once with StackValidationArgs, props wrapped in unknownCheckingProxy, enforcement from
// the pack config. There is no official harness (pulumi-policy#445); this one follows the
// analyzer server of @pulumi/policy.
import * as fs from "node:fs";
import type {
    EnforcementLevel,
    Policies,
    PolicyResource,
    ResourceValidationArgs,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import type { RecordedResource } from "../harness/recording-monitor";
import { UNKNOWN_MARK } from "../harness/recording-monitor";
import { compareCodeUnits } from "../../components/core/order";

// The proxy module's typings are stripped from the package; its runtime is what real runs use.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { unknownCheckingProxy, unknownStringValue, UnknownValueError } = require("@pulumi/policy/proxy") as {
    unknownCheckingProxy<T extends object>(props: T): T;
    unknownStringValue: unknown;
    UnknownValueError: new (...args: unknown[]) => Error;
};

/** One violation: the rule, the level it is enforced at, the resource (none for the whole stack) and the message. */
export interface Violation {
    policy: string;
    level: "advisory" | "mandatory";
    urn?: string;
    message: string;
}

/** A pack config file: `all` and per-policy levels, or objects of level plus properties. */
export type PackConfig = Record<
    string,
    EnforcementLevel | ({ enforcementLevel?: EnforcementLevel } & Record<string, unknown>)
>;

/** A pack config file that cannot be used; the message starts with the file. */
export class PackConfigError extends Error {
    constructor(
        readonly file: string,
        detail: string,
    ) {
        super(`${file}: ${detail}`);
        this.name = "PackConfigError";
    }
}

const LEVELS: readonly string[] = ["advisory", "mandatory", "remediate", "disabled"];

/**
 * Reads a pack config file, checking its policy names against the pack and its enforcement levels.
 * Throws PackConfigError.
 */
export function readPackConfig(file: string, policies: Policies): PackConfig {
    let config: unknown;
    try {
        config = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (error) {
        throw new PackConfigError(
            file,
            `expected a readable JSON policy pack config, found ${(error as Error).message.split("\n")[0]}`,
        );
    }
    if (config === null || typeof config !== "object" || Array.isArray(config))
        throw new PackConfigError(file, "expected a JSON object of policy names");
    const names = new Set(policies.map((p) => p.name));
    for (const [key, value] of Object.entries(config)) {
        if (key !== "all" && !names.has(key))
            throw new PackConfigError(file, `${key}: expected a policy of the pack, found an unknown name`);
        if (typeof value !== "string" && (value === null || typeof value !== "object" || Array.isArray(value))) {
            throw new PackConfigError(
                file,
                `${key}: expected an enforcement level or an object of settings, found ${JSON.stringify(value)}`,
            );
        }
        const level = typeof value === "string" ? value : (value as { enforcementLevel?: string }).enforcementLevel;
        if (level !== undefined && !LEVELS.includes(level))
            throw new PackConfigError(file, `${key}: expected one of ${LEVELS.join(", ")}, found "${level}"`);
    }
    return config as PackConfig;
}

/** The engine's order: the policy's own entry, then `all`, then the policy's default. */
export function enforcementOf(
    policyName: string,
    defaultLevel: EnforcementLevel | undefined,
    config: PackConfig,
): EnforcementLevel {
    const own = config[policyName];
    const ownLevel = typeof own === "string" ? own : own?.enforcementLevel;
    const all = typeof config.all === "string" ? config.all : config.all?.enforcementLevel;
    return ownLevel ?? all ?? defaultLevel ?? "advisory";
}

function policyConfig(policyName: string, config: PackConfig): Record<string, unknown> {
    const own = config[policyName];
    if (!own || typeof own === "string") return {};
    const { enforcementLevel: _level, ...properties } = own;
    return properties;
}

/** Recorded inputs as a real run shows them: unknowns as the policy SDK's sentinel. */
function asProps(value: unknown): unknown {
    if (value === UNKNOWN_MARK) return unknownStringValue;
    if (Array.isArray(value)) return value.map(asProps);
    if (value !== null && typeof value === "object") {
        return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, asProps(inner)]));
    }
    return value;
}

class NotApplicable extends Error {}
const notApplicable = (reason?: string): never => {
    throw new NotApplicable(reason);
};

function isTypeOf(type: string, resourceClass: unknown): boolean {
    const token = (resourceClass as { __pulumiType?: string })?.__pulumiType;
    return token === type;
}

/**
 * Runs the pack over the recorded resources; the violations by policy, resource and message.
 * `remediate` counts as mandatory and `disabled` rules do not run; a rule that reads an unknown
 * value reports an advisory "can't run during preview", and one that throws fails the run.
 */
export async function runPolicies(
    resources: readonly RecordedResource[],
    policies: Policies,
    config: PackConfig,
): Promise<Violation[]> {
    const violations: Violation[] = [];
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const providerOf = (resource: RecordedResource) => {
        const provider = resource.provider ? byUrn.get(resource.provider) : undefined;
        return (
            provider && {
                type: provider.type,
                props: unknownCheckingProxy(asProps(provider.inputs) as Record<string, unknown>),
                urn: provider.urn,
                name: provider.name,
            }
        );
    };
    const options = (resource: RecordedResource) => ({
        protect: resource.protect,
        ignoreChanges: resource.ignoreChanges,
        aliases: resource.aliases.map((alias) => JSON.stringify(alias)),
        customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
        additionalSecretOutputs: [],
        parent: resource.parent,
    });

    // Stack validations see every resource, linked to its parent and dependencies.
    const policyResources = new Map<string, PolicyResource>();
    for (const resource of resources) {
        const props = unknownCheckingProxy(asProps(resource.inputs) as Record<string, unknown>);
        policyResources.set(resource.urn, {
            type: resource.type,
            props,
            urn: resource.urn,
            name: resource.name,
            opts: options(resource),
            provider: providerOf(resource),
            dependencies: [],
            propertyDependencies: {},
            isType: (resourceClass) => isTypeOf(resource.type, resourceClass),
            asType: ((resourceClass: unknown) =>
                isTypeOf(resource.type, resourceClass) ? props : undefined) as PolicyResource["asType"],
        });
    }
    for (const resource of resources) {
        const policyResource = policyResources.get(resource.urn)!;
        policyResource.parent = resource.parent ? policyResources.get(resource.parent) : undefined;
        policyResource.dependencies = resource.dependencies
            .map((urn) => policyResources.get(urn))
            .filter((r): r is PolicyResource => r !== undefined);
    }

    for (const policy of policies) {
        let level = enforcementOf(policy.name, policy.enforcementLevel, config);
        if (level === "disabled") continue;
        if (level === "remediate") level = "mandatory";
        const reportLevel = level as "advisory" | "mandatory";
        const getConfig = <T extends object>() => policyConfig(policy.name, config) as T;
        const run = async (validate: () => unknown, urn?: string) => {
            try {
                await validate();
            } catch (error) {
                if (error instanceof NotApplicable) return;
                // As in a real preview: a rule that reads an unknown value cannot run yet.
                if (error instanceof UnknownValueError) {
                    violations.push({
                        policy: policy.name,
                        level: "advisory",
                        urn,
                        message: `can't run during preview: ${error.message}`,
                    });
                    return;
                }
                throw new Error(
                    `policy ${policy.name} failed on ${urn ?? "the stack"}: ${String((error as Error)?.message ?? error)}`,
                );
            }
        };
        if ("validateResource" in policy && policy.validateResource) {
            const validations = Array.isArray(policy.validateResource)
                ? policy.validateResource
                : [policy.validateResource];
            for (const resource of resources) {
                const target = policyResources.get(resource.urn)!;
                const args: ResourceValidationArgs = {
                    type: resource.type,
                    props: target.props,
                    urn: resource.urn,
                    name: resource.name,
                    opts: target.opts,
                    provider: target.provider,
                    stackTags: new Map(),
                    isType: target.isType,
                    asType: target.asType as ResourceValidationArgs["asType"],
                    getConfig,
                    notApplicable,
                };
                for (const validation of validations) {
                    await run(
                        () =>
                            validation(args, (message) =>
                                violations.push({
                                    policy: policy.name,
                                    level: reportLevel,
                                    urn: resource.urn,
                                    message,
                                }),
                            ),
                        resource.urn,
                    );
                }
            }
        }
        if ("validateStack" in policy) {
            const stackPolicy = policy as StackValidationPolicy;
            const args: StackValidationArgs = {
                resources: [...policyResources.values()],
                stackTags: new Map(),
                getConfig,
                notApplicable,
            };
            await run(() =>
                stackPolicy.validateStack!(args, (message, urn) =>
                    violations.push({ policy: policy.name, level: reportLevel, urn, message }),
                ),
            );
        }
    }
    // Deterministic order for plan files: by policy, then resource, then message.
    // Code-unit order, not the locale's: plan files must not depend on the machine's LANG.
    return violations.sort(
        (a, b) =>
            compareCodeUnits(a.policy, b.policy) ||
            compareCodeUnits(a.urn ?? "", b.urn ?? "") ||
            compareCodeUnits(a.message, b.message),
    );
}
