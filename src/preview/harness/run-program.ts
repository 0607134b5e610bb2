// Runs the real fedfleet program for one stack file under the SDK's mock engine and
// returns what it registered and exported. Shared by the offline preview and the tests.
// First: before anything loads the Pulumi SDK (see the module).
import "./lazy-typescript";
import * as fs from "node:fs";
import * as path from "node:path";
import { PROJECT_ROOT } from "./project-root";
import * as pulumi from "@pulumi/pulumi";
import * as YAML from "yaml";
import { PROJECT, startMockEngine, waitForRPCs } from "./mock-engine";
import { RecordedResource, SecretSink } from "./recording-monitor";
import { secretMark, UNKNOWN_MARK } from "./marks";
import { checkStackFile, CheckedStack, StackFileChoice } from "./checked-stack";
import { byKey } from "../../plan/core/order";
import { resourceContracts } from "../contracts";
import { allQuotas } from "../quotas";
import { QuotaUsage, quotaUsage } from "../quotas/quotas";
import { SharedQuotas, sharedQuotas } from "../quotas/shared";
import { otherStackPlans } from "../quotas/stack-plans";
import { checkResourceContracts, ContractViolation, sortViolations, subjectOf } from "../contracts/contract";
import { isUserMistake } from "./user-mistake";

export { PROJECT };

/** The file `pulumi up` runs: Pulumi.yaml's `main`, so the offline preview starts the program the same way. */
export function pulumiMain(projectRoot: string = PROJECT_ROOT): string {
    const project = YAML.parse(fs.readFileSync(path.join(projectRoot, "Pulumi.yaml"), "utf8")) as {
        main?: string;
    } | null;
    return path.resolve(projectRoot, project?.main ?? ".");
}

/**
 * How the engine ran the program: `known-outputs`, every resource answered with its outputs as if
 * it existed; `first-preview`, as the first `pulumi preview` of a new stack, what the clouds
 * compute (ids, ARNs, addresses) unknown.
 */
export type PreviewMode = "known-outputs" | "first-preview";

/** What one run of the program registered and exported. */
export interface ProgramRun {
    project: string;
    stack: string;
    stackFile: string;
    mode: PreviewMode;
    /** Every registration, in URN order. */
    resources: RecordedResource[];
    /** Each resource's outputs by URN, masked as its inputs are: what stack policies are given. */
    resourceOutputs: ReadonlyMap<string, Record<string, unknown>>;
    /** Each custom resource's id by URN, as the fake clouds gave it; none in a first preview. */
    resourceIds: ReadonlyMap<string, string>;
    /** Per resource, the resources each input property was computed from (what stack policies are given). */
    propertyDependencies: ReadonlyMap<string, Record<string, string[]>>;
    /** Stack outputs with secrets replaced by secretMark's mark. */
    outputs: Record<string, unknown>;
    /** Provider contracts the run breaks: what a real `pulumi up` would be refused. */
    contracts: ContractViolation[];
    /** What the stack needs of the default quotas of a fresh account. */
    quotas: QuotaUsage[];
    /** The quotas it shares with the other checked-in stacks of its account or project, summed. */
    sharedQuotas: SharedQuotas;
}

/** Which stack file to run the program for, and how. */
export interface RunOptions extends StackFileChoice {
    /** The same stack file as checkStackFile read and planned it, when the caller checked it first. */
    checked?: CheckedStack;
    programPath?: string;
    /**
     * Receives the raw value of every secret the program sends the engine or exports, with
     * where it was met (a URN, `<urn> outputs`, `invoke <token>` or `stack output <key>`).
     * For tests that prove no secret reaches what the preview writes; nothing else needs it.
     */
    onSecret?: SecretSink;
    /** Run as the first `pulumi preview` of a new stack (see PreviewMode); defaults to false. */
    firstPreview?: boolean;
}

/** Resolves every Output inside a value, masking secrets and marking unknowns, so exports can be written as JSON. */
async function resolveExport(value: unknown, onSecret?: SecretSink, key = ""): Promise<unknown> {
    if (pulumi.Output.isInstance(value)) {
        // isSecret and isKnown are internal to the SDK but are how it decides masking and previews itself.
        const output = value as pulumi.Output<unknown> & {
            isSecret: Promise<boolean>;
            isKnown: Promise<boolean>;
            promise(withUnknowns?: boolean): Promise<unknown>;
        };
        if (await output.isSecret) {
            const secret = await output.promise();
            onSecret?.(secret, `stack output ${key}`);
            return secretMark(secret);
        }
        // In a preview, what is known of a partly unknown value is still shown.
        if (!(await output.isKnown)) {
            const partial = await output.promise(true);
            return partial === undefined ? UNKNOWN_MARK : resolveExport(partial, onSecret, key);
        }
        return resolveExport(await output.promise(), onSecret, key);
    }
    if (pulumi.isUnknown(value)) return UNKNOWN_MARK;
    if (value instanceof Promise) return resolveExport(await value, onSecret, key);
    if (Array.isArray(value))
        return Promise.all(value.map((item, index) => resolveExport(item, onSecret, `${key}[${index}]`)));
    if (value !== null && typeof value === "object" && !pulumi.Resource.isInstance(value)) {
        const out: Record<string, unknown> = {};
        for (const inner of Object.keys(value))
            out[inner] = await resolveExport(
                (value as Record<string, unknown>)[inner],
                onSecret,
                key ? `${key}.${inner}` : inner,
            );
        return out;
    }
    return value;
}

/** The value at a contract finding's field (`vpcConfig.subnetIds[0]`, `tags["kubernetes.io/cluster/x"]`). */
function valueAtField(inputs: unknown, field: string): unknown {
    let node = inputs;
    for (const [, key, index, quoted] of field.matchAll(/([^.[\]"]+)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]/g)) {
        const step = key ?? index ?? JSON.parse(`"${quoted}"`);
        node = node !== null && typeof node === "object" ? (node as Record<string, unknown>)[step] : undefined;
    }
    return node;
}

const holdsUnknown = (value: unknown): boolean =>
    value === UNKNOWN_MARK ||
    (value !== null && typeof value === "object" && Object.values(value).some((inner) => holdsUnknown(inner)));

/** Whether a broken contract is about a value its resource does not know yet. */
function checksUnknown(violation: ContractViolation, resources: readonly RecordedResource[]): boolean {
    return resources.some(
        (r) => subjectOf(r) === violation.subject && holdsUnknown(valueAtField(r.inputs, violation.field)),
    );
}

/**
 * Runs the program (Pulumi.yaml's `main`, or `programPath`) for one stack file under the mock engine.
 * Throws what the program throws, and when the engine would refuse a registration.
 *
 * The Pulumi SDK captures and formats a stack trace for every promise it makes
 * (`debuggablePromise` in @pulumi/pulumi/runtime/debuggable.js), only for the leak report it
 * prints at exit; that was about a third of a preview's time (profiled: a prod preview 1.05 s
 * → 0.55 s without them). The program runs without stack traces; an error that is not the
 * user's mistake is raised by a second run with them, so a failure still says where it was.
 */
export async function runProgram(options: RunOptions): Promise<ProgramRun> {
    // The program validates and plans the same fleet the same way (fleetRaw is the config as it
    // reads it): doing it first refuses a mistake without starting the program, gives the mocks
    // the clusters, and is the plan the shared quotas are summed from.
    const checked = options.checked ?? checkStackFile(options);
    try {
        return await runProgramOnce(options, checked, { stackTraces: false });
    } catch (error) {
        if (isUserMistake(error)) throw error;
        await runProgramOnce(options, checked, { stackTraces: true });
        throw error;
    }
}

/** One run of the program; `stackTraces: false` runs it with Error.stackTraceLimit 0 (see runProgram). */
async function runProgramOnce(
    options: RunOptions,
    { stack, stackFileLabel, file, plan }: CheckedStack,
    { stackTraces }: { stackTraces: boolean },
): Promise<ProgramRun> {
    const programPath = options.programPath ?? pulumiMain();
    const monitor = startMockEngine({
        stack,
        config: file.config,
        secretKeys: file.secretKeys,
        clusters: plan.config.clusters,
        dnsZoneName: plan.config.dns?.zone.name,
        onSecret: options.onSecret,
        firstPreview: options.firstPreview,
    });
    process.env.FEDFLEET_STACK_FILE = stackFileLabel;

    const programFile = require.resolve(programPath);
    delete require.cache[programFile];
    const stackTraceLimit = Error.stackTraceLimit;
    if (!stackTraces) Error.stackTraceLimit = 0;
    let outputs: Record<string, unknown>;
    try {
        // As Pulumi's language host does: a program that exports a function is run by calling it.
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- a path known only at run time
        const loaded = require(programPath) as Record<string, unknown> | (() => unknown);
        const exported = (await (typeof loaded === "function" ? loaded() : loaded)) as Record<string, unknown>;
        outputs = (await resolveExport({ ...exported }, options.onSecret)) as Record<string, unknown>;
        await waitForRPCs();
    } finally {
        Error.stackTraceLimit = stackTraceLimit;
        // Node lists every module a module loads in its `children`, reloads included: each earlier
        // run's program, with every resource and Output it made (about 5 MB for prod), would stay
        // reachable from this module for as long as the process runs.
        module.children = module.children.filter((child) => child.id !== programFile);
    }
    if (monitor.refusals.length > 0) {
        throw new Error(
            `the engine would refuse this program: ${monitor.refusals[0]}${monitor.refusals.length > 1 ? ` (and ${monitor.refusals.length - 1} more)` : ""}`,
        );
    }

    const resources = [...monitor.recorded].sort(byKey((resource) => resource.urn));
    let broken = checkResourceContracts(resources, resourceContracts);
    // A provider checks at preview only what is known; an unknown input is checked at create,
    // with the value the cloud gave, which is what known-outputs mode runs with.
    if (options.firstPreview) broken = broken.filter((violation) => !checksUnknown(violation, resources));
    const contracts = sortViolations([...monitor.invokeRefusals, ...broken]);
    const quotas = quotaUsage(resources, allQuotas);
    const sharedQuota = sharedQuotas({ stack, plan }, otherStackPlans(PROJECT_ROOT, stack), allQuotas);
    return {
        project: PROJECT,
        stack,
        stackFile: stackFileLabel,
        mode: options.firstPreview ? "first-preview" : "known-outputs",
        resources,
        resourceOutputs: new Map(resources.map((resource) => [resource.urn, monitor.outputs.get(resource.urn) ?? {}])),
        resourceIds: new Map(monitor.ids),
        propertyDependencies: new Map(monitor.propertyDependencies),
        outputs,
        contracts,
        quotas,
        sharedQuotas: sharedQuota,
    };
}
