// Runs the real fedfleet program for one stack file under the SDK's mock engine and
// returns what it registered and exported. Shared by the offline preview and the tests.
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import * as YAML from "yaml";
import { readStackDocument } from "./stack-document";
import { PROJECT, startMockEngine, waitForRPCs } from "./mock-engine";
import { RecordedResource, SecretSink, secretMark } from "./recording-monitor";
import { readStackFile, stackNameOf } from "./stack-file";
import { byKey } from "../../components/core/order";
import { resourceContracts } from "../contracts";
import { allQuotas } from "../quotas";
import { QuotaUsage, quotaUsage } from "../quotas/quotas";
import { checkResourceContracts, ContractViolation, sortViolations } from "../contracts/contract";

export { PROJECT };

const PROJECT_ROOT = path.resolve(__dirname, "..", "..", "..");

/** The file `pulumi up` runs: Pulumi.yaml's `main`, so the offline preview starts the program the same way. */
export function pulumiMain(projectRoot: string = PROJECT_ROOT): string {
    const project = YAML.parse(fs.readFileSync(path.join(projectRoot, "Pulumi.yaml"), "utf8")) as {
        main?: string;
    } | null;
    return path.resolve(projectRoot, project?.main ?? ".");
}

/** What one run of the program registered and exported. */
export interface ProgramRun {
    project: string;
    stack: string;
    stackFile: string;
    /** Every registration, in URN order. */
    resources: RecordedResource[];
    /** Stack outputs with secrets replaced by secretMark's mark. */
    outputs: Record<string, unknown>;
    /** Provider contracts the run breaks: what a real `pulumi up` would be refused. */
    contracts: ContractViolation[];
    /** What the stack needs of the default quotas of a fresh account. */
    quotas: QuotaUsage[];
}

/** Which stack file to run the program for, and how. */
export interface RunOptions {
    /** Path of the stack file to read. */
    stackFile: string;
    /** How errors name the file; defaults to the path as given. */
    stackFileLabel?: string;
    /** Defaults to `<name>` of a `Pulumi.<name>.yaml` file. */
    stack?: string;
    programPath?: string;
    /**
     * Receives the raw value of every secret the program sends the engine or exports, with
     * where it was met (a URN, `<urn> outputs`, `invoke <token>` or `stack output <key>`).
     * For tests that prove no secret reaches what the preview writes; nothing else needs it.
     */
    onSecret?: SecretSink;
}

/** Resolves every Output inside a value, masking secrets, so exports can be written as JSON. */
async function resolveExport(value: unknown, onSecret?: SecretSink, key = ""): Promise<unknown> {
    if (pulumi.Output.isInstance(value)) {
        // isSecret is internal to the SDK but is how it decides masking itself.
        const output = value as pulumi.Output<unknown> & { isSecret: Promise<boolean>; promise(): Promise<unknown> };
        if (await output.isSecret) {
            const secret = await output.promise();
            onSecret?.(secret, `stack output ${key}`);
            return secretMark(secret);
        }
        return resolveExport(await output.promise(), onSecret, key);
    }
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

/**
 * Runs the program (Pulumi.yaml's `main`, or `programPath`) for one stack file under the mock engine.
 * Throws what the program throws, and when the engine would refuse a registration.
 */
export async function runProgram(options: RunOptions): Promise<ProgramRun> {
    const stackFileLabel = options.stackFileLabel ?? options.stackFile;
    const stack = options.stack ?? stackNameOf(options.stackFile);
    const programPath = options.programPath ?? pulumiMain();
    const file = readStackFile(options.stackFile, stackFileLabel);
    // The program validates the same way; validating here first gives the mocks the clusters.
    const fleet = readStackDocument(file.fleetRaw, stackFileLabel);
    const monitor = startMockEngine({
        stack,
        config: file.config,
        secretKeys: file.secretKeys,
        clusters: fleet.clusters,
        dnsZoneName: fleet.dns?.zone.name,
        onSecret: options.onSecret,
    });
    process.env.FEDFLEET_STACK_FILE = stackFileLabel;

    delete require.cache[require.resolve(programPath)];
    // As Pulumi's language host does: a program that exports a function is run by calling it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a path known only at run time
    const loaded = require(programPath) as Record<string, unknown> | (() => unknown);
    const exported = (await (typeof loaded === "function" ? loaded() : loaded)) as Record<string, unknown>;
    const outputs = (await resolveExport({ ...exported }, options.onSecret)) as Record<string, unknown>;
    await waitForRPCs();
    if (monitor.refusals.length > 0) {
        throw new Error(
            `the engine would refuse this program: ${monitor.refusals[0]}${monitor.refusals.length > 1 ? ` (and ${monitor.refusals.length - 1} more)` : ""}`,
        );
    }

    const resources = [...monitor.recorded].sort(byKey((resource) => resource.urn));
    const contracts = sortViolations([
        ...monitor.invokeRefusals,
        ...checkResourceContracts(resources, resourceContracts),
    ]);
    const quotas = quotaUsage(resources, allQuotas);
    return { project: PROJECT, stack, stackFile: stackFileLabel, resources, outputs, contracts, quotas };
}
