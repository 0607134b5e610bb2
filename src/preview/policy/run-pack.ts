// Runs the fedfleet policy pack over a program run, as `pulumi preview --policy-pack`
// would: each resource policy per resource with ResourceValidationArgs (the inputs), each
// stack policy once with StackValidationArgs (every resource's outputs), props wrapped in
// unknownCheckingProxy, enforcement and settings from the pack config, checked as the CLI
// checks it. There is no official harness (pulumi-policy#445); this one follows the analyzer
// server of @pulumi/policy and the CLI's policy pack config code.
import * as fs from "node:fs";
import Ajv, { ErrorObject, ValidateFunction } from "ajv";
import type {
    EnforcementLevel,
    Policies,
    Policy,
    PolicyConfigSchema,
    PolicyResource,
    ResourceValidationArgs,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import type { RecordedResource } from "../harness/recording-monitor";
import { UNKNOWN_MARK } from "../harness/marks";
import { compareCodeUnits } from "../../plan/core/order";

// The proxy module's typings are stripped from the package; its runtime is what real runs use.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { unknownCheckingProxy, unknownStringValue, UnknownValueError } = require("@pulumi/policy/proxy") as {
    unknownCheckingProxy<T extends object>(props: T): T;
    unknownStringValue: unknown;
    UnknownValueError: new (...args: unknown[]) => Error;
};

/** What the engine knows of a run beyond inputs and outputs, and gives stack policies. */
export interface EngineState {
    /** Each custom resource's id by URN. */
    ids?: ReadonlyMap<string, string>;
    /** Per resource, the resources each input property was computed from. */
    propertyDependencies?: ReadonlyMap<string, Record<string, string[]>>;
}

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

/** A value as an error shows it: JSON, on one line. */
const shown = (value: unknown): string => JSON.stringify(value) ?? String(value);

/** The settings of an entry: everything but its enforcementLevel, which the CLI takes out first. */
function settingsOf(entry: unknown): Record<string, unknown> {
    if (entry === null || typeof entry !== "object") return {};
    const { enforcementLevel: _level, ...settings } = entry as Record<string, unknown>;
    return settings;
}

/** The settings a rule's schema gives defaults for: the CLI fills them in before anything else. */
function schemaDefaults(schema: PolicyConfigSchema | undefined): Record<string, unknown> {
    const defaults: Record<string, unknown> = {};
    for (const [key, property] of Object.entries(schema?.properties ?? {}))
        if (typeof property === "object" && property.default !== undefined) defaults[key] = property.default;
    return defaults;
}

/** A JSON pointer into the settings as a path people read: `registries[1]`, `limits.cpu`. */
function propertyPath(settings: unknown, pointer: string, last?: string): string {
    const segments = pointer
        .split("/")
        .slice(1)
        .map((segment) => segment.replace(/~1/g, "/").replace(/~0/g, "~"));
    if (last !== undefined) segments.push(last);
    let node = settings;
    let text = "";
    for (const segment of segments) {
        text += Array.isArray(node) ? `[${segment}]` : text ? `.${segment}` : segment;
        node = (node as Record<string, unknown> | undefined)?.[segment];
    }
    return text;
}

/** The value a JSON pointer names in the settings. */
function valueAt(settings: unknown, pointer: string): unknown {
    let node = settings;
    for (const segment of pointer.split("/").slice(1))
        node = (node as Record<string, unknown> | undefined)?.[segment.replace(/~1/g, "/").replace(/~0/g, "~")];
    return node;
}

/** One schema error as `<property>: expected <what>, found <value>`. */
function describeSchemaError(error: ErrorObject, settings: Record<string, unknown>): string {
    if (error.keyword === "required") {
        const missing = String(error.params.missingProperty);
        return `${propertyPath(settings, error.instancePath, missing)}: expected a value (required), found none`;
    }
    const expected =
        error.keyword === "enum"
            ? `one of ${(error.params.allowedValues as unknown[]).map(shown).join(", ")}`
            : (error.message ?? error.keyword)
                  .replace(/^must be /, "")
                  .replace(/^must /, "to ")
                  .replace(/NOT/g, "not");
    const where = propertyPath(settings, error.instancePath) || "(settings)";
    return `${where}: expected ${expected}, found ${shown(valueAt(settings, error.instancePath))}`;
}

// As the CLI's validatePolicyConfig: each schema checked as `{ type: "object", properties, required }`
// with JSON Schema (gojsonschema there; ajv here, draft-07). Formats are not a config concern here.
const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false, logger: false });

/**
 * Each schema's validator by its JSON text: compiled once per process (ajv caches by object, and
 * every preview loads the pack anew), not once per preview (about 12 ms each).
 */
const validators = new Map<string, ValidateFunction>();

/** Why a rule's settings (its schema's defaults filled in, as the CLI does) break its configSchema. */
function schemaProblems(policy: Policy, entry: unknown): string[] {
    const schema = policy.configSchema;
    if (!schema) return [];
    const settings = { ...schemaDefaults(schema), ...settingsOf(entry) };
    const checked = {
        type: "object",
        ...(schema.properties ? { properties: schema.properties } : {}),
        ...(schema.required?.length ? { required: schema.required } : {}),
    };
    const key = JSON.stringify(checked);
    let validate = validators.get(key);
    if (!validate) {
        validate = ajv.compile(checked);
        validators.set(key, validate);
    }
    if (validate(settings)) return [];
    return (validate.errors ?? []).map((error) => `${policy.name}: ${describeSchemaError(error, settings)}`);
}

/** What is wrong with one entry of the file before its schema is consulted: name, shape, level, setting names. */
function entryProblems(key: string, value: unknown, byName: ReadonlyMap<string, Policy>): string[] {
    const policy = byName.get(key);
    if (key !== "all" && !policy) return [`${key}: expected a policy of the pack, found an unknown name`];
    if (typeof value !== "string" && (value === null || typeof value !== "object" || Array.isArray(value)))
        return [`${key}: expected an enforcement level or an object of settings, found ${shown(value)}`];
    const level = typeof value === "string" ? value : (value as { enforcementLevel?: unknown }).enforcementLevel;
    if (level !== undefined && !LEVELS.includes(level as string))
        return [`${key}: expected one of ${LEVELS.join(", ")}, found ${shown(level)}`];
    // The CLI ignores a setting no rule declares, so a misspelt one would leave the rule on its default.
    const declared = Object.keys(policy?.configSchema?.properties ?? {});
    const expected =
        key === "all"
            ? "only enforcementLevel"
            : declared.length > 0
              ? `a setting of the rule (${declared.join(", ")})`
              : "no settings (the rule has none)";
    return Object.keys(settingsOf(value))
        .filter((setting) => !declared.includes(setting) || key === "all")
        .map((setting) => `${key}: ${setting}: expected ${expected}, found an unknown name`);
}

/**
 * Reads a pack config file and checks it as the Pulumi CLI does, and a little more: policy names
 * against the pack, enforcement levels, setting names against each rule's schema, and every rule's
 * settings (with its schema's defaults) against its configSchema. Throws PackConfigError, naming
 * the first problem in one line.
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
    const entries = config as Record<string, unknown>;
    const byName = new Map(policies.map((policy) => [policy.name, policy]));
    let problems = Object.entries(entries).flatMap(([key, value]) => entryProblems(key, value, byName));
    // Only an entry of the right shape can be checked against its schema.
    if (problems.length === 0) problems = policies.flatMap((policy) => schemaProblems(policy, entries[policy.name]));
    if (problems.length > 0) {
        const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : "";
        throw new PackConfigError(file, `${problems[0]}${more}`);
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

/** What getConfig returns: the schema's defaults, then the pack config's settings, as the CLI reconciles them. */
function policyConfig(policy: Policy, config: PackConfig): Record<string, unknown> {
    return { ...schemaDefaults(policy.configSchema), ...settingsOf(config[policy.name]) };
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
 * Resource rules get each resource's inputs (the engine's Analyze); stack rules get `outputs`,
 * each resource's outputs by URN (AnalyzeStack "is called on the final outputs of each resource",
 * pulumi/pulumi step_generator.go; @pulumi/policy's PolicyResource.props: "The outputs of the
 * resource"). A resource missing from `outputs` (hand-built ones in tests) shows its inputs there.
 * With the run's `engine` state, stack rules see what the engine gives them besides: a bridged custom
 * resource's `id` among its outputs (the Terraform bridge keeps it there: pulumi-terraform-bridge docs,
 * "Resource IDs"), the fake cloud's or unknown where the run gave none (a first preview), and each
 * resource's propertyDependencies.
 */
export async function runPolicies(
    resources: readonly RecordedResource[],
    policies: Policies,
    config: PackConfig,
    outputs?: ReadonlyMap<string, Record<string, unknown>>,
    engine?: EngineState,
): Promise<Violation[]> {
    const ids = engine?.ids;
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

    // Resource validations see the inputs.
    const inputProps = new Map(
        resources.map((r) => [r.urn, unknownCheckingProxy(asProps(r.inputs) as Record<string, unknown>)]),
    );
    // Stack validations see every resource's outputs, linked to its parent and dependencies.
    const policyResources = new Map<string, PolicyResource>();
    for (const resource of resources) {
        const bridged = resource.custom && /^(aws|gcp):/.test(resource.type);
        const state = {
            ...(outputs?.get(resource.urn) ?? resource.inputs),
            ...(ids && bridged ? { id: ids.get(resource.urn) ?? UNKNOWN_MARK } : {}),
        };
        const props = unknownCheckingProxy(asProps(state) as Record<string, unknown>);
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
        policyResource.propertyDependencies = Object.fromEntries(
            Object.entries(engine?.propertyDependencies?.get(resource.urn) ?? {}).map(([property, urns]) => [
                property,
                urns.map((urn) => policyResources.get(urn)).filter((r): r is PolicyResource => r !== undefined),
            ]),
        );
    }

    for (const policy of policies) {
        let level = enforcementOf(policy.name, policy.enforcementLevel, config);
        if (level === "disabled") continue;
        if (level === "remediate") level = "mandatory";
        const reportLevel = level as "advisory" | "mandatory";
        const getConfig = <T extends object>() => policyConfig(policy, config) as T;
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
                const props = inputProps.get(resource.urn)!;
                const args: ResourceValidationArgs = {
                    type: resource.type,
                    props,
                    urn: resource.urn,
                    name: resource.name,
                    opts: target.opts,
                    provider: target.provider,
                    stackTags: new Map(),
                    isType: target.isType,
                    asType: ((resourceClass: unknown) =>
                        isTypeOf(resource.type, resourceClass) ? props : undefined) as ResourceValidationArgs["asType"],
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
