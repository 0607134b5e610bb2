// `npm run plan -- --stack <name> | --config <file> [--out <dir>] [--first-preview] [--details]`:
// the offline preview. Runs the real program under the mock engine and shows what it would
// register, the verdict first (opening.ts); `--details` adds resources by type and DNS records.
// Exit codes: 0 success; 2 invalid config or arguments (one line, no files); 1 anything else.
import * as fs from "node:fs";
import * as path from "node:path";
import { PROJECT_ROOT } from "../harness/project-root";
import { oneLine } from "../../plan/core/config-error";
import { checkStackFile } from "../harness/checked-stack";
import { stackFileLabelOf } from "../harness/stack-file";
import { exitWhenFlushed } from "../harness/exit";
import { isUserMistake, UsageError } from "../harness/user-mistake";
import { policies } from "../../../policy/rules";
import { readPackConfig, runPolicies, Violation } from "../policy/run-pack";
import { planJson, renderMarkdown } from "./render";
import { renderPreview } from "./opening";
import { verdictInputsOf, verdictOf } from "./verdict";
import { styleFor, TerminalStream } from "../terminal/niceties";

const USAGE =
    "usage: npm run plan -- (--stack <name> | --config <stack file>) [--out <dir>] [--policy-config <pack config>] " +
    "[--first-preview] [--details]";

/** Flags that take no value. */
const SWITCHES: readonly string[] = ["--first-preview", "--details"];

/**
 * What the command line asks for: which stack file, where to write the plan files, which pack
 * config, whether to run as the first preview of a new stack, and whether to print the details.
 */
export interface PlanArguments {
    stackFile: string;
    stack?: string;
    outDir?: string;
    policyConfig?: string;
    firstPreview: boolean;
    details: boolean;
}

/**
 * Reads the command line: one of --stack or --config, and optionally --out, --policy-config,
 * --first-preview and --details. Throws UsageError for anything else.
 */
export function parseArguments(argv: readonly string[]): PlanArguments {
    const values = new Map<string, string>();
    const switches = new Set<string>();
    for (let i = 0; i < argv.length; i += 1) {
        const flag = argv[i];
        if (SWITCHES.includes(flag)) {
            switches.add(flag);
            continue;
        }
        if (!["--stack", "--config", "--out", "--policy-config"].includes(flag))
            throw new UsageError(`unknown argument "${flag}"; ${USAGE}`);
        const value = argv[i + 1];
        if (value === undefined || value.startsWith("--")) throw new UsageError(`${flag} needs a value; ${USAGE}`);
        values.set(flag, value);
        i += 1;
    }
    const stack = values.get("--stack");
    const config = values.get("--config");
    if ((stack === undefined) === (config === undefined))
        throw new UsageError(`give exactly one of --stack or --config; ${USAGE}`);
    if (stack !== undefined && !/^[A-Za-z0-9_.-]+$/.test(stack))
        throw new UsageError(`--stack: expected a stack name, found "${stack}"`);
    return {
        stackFile: config ?? path.join("stacks", `Pulumi.${stack}.yaml`),
        stack,
        outDir: values.get("--out"),
        policyConfig: values.get("--policy-config"),
        firstPreview: switches.has("--first-preview"),
        details: switches.has("--details"),
    };
}

/**
 * Refuses an --out that can be no directory, before the preview runs: it, or the nearest part
 * of its path that exists, is something other than a directory (mkdir would fail only after).
 */
function checkOutDir(outDir: string): void {
    const wanted = path.resolve(outDir);
    let existing = wanted;
    while (!fs.existsSync(existing) && path.dirname(existing) !== existing) existing = path.dirname(existing);
    if (!fs.existsSync(existing) || fs.statSync(existing).isDirectory()) return;
    const where = existing === wanted ? "" : ` at ${oneLine(existing)}`;
    throw new UsageError(
        `--out ${oneLine(outDir)}: expected a directory to write the plan files in, found a file${where}`,
    );
}

/** Where a run of `main` writes: the process's own streams, or what a preview worker keeps (worker.ts). */
export interface CliOutput {
    stdout: TerminalStream;
    stderr: { write(text: string): unknown };
}

/** Runs `npm run plan` with the arguments after it; resolves to the exit code. */
export async function main(
    argv: readonly string[],
    output: CliOutput = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
    const { stdout, stderr } = output;
    let args: PlanArguments;
    try {
        args = parseArguments(argv);
        if (args.outDir) checkOutDir(args.outDir);
        // The program loads the Pulumi SDK and its providers (about a second): it is imported only
        // once a pack config named on the command line and the stack file check out, so a mistake
        // costs no wait. The pack's rules need no SDK.
        const givenPackConfig =
            args.policyConfig === undefined ? undefined : readPackConfig(args.policyConfig, policies);
        // The same file is named the same however it was spelled: plan files stay byte-identical.
        const stackFile = { stackFile: args.stackFile, stackFileLabel: stackFileLabelOf(args.stackFile, PROJECT_ROOT) };
        const checked = checkStackFile({ ...stackFile, stack: args.stack });
        const { runProgram } = await import("../harness/run-program");
        const run = await runProgram({ ...stackFile, checked, firstPreview: args.firstPreview });
        // The same pack `pulumi preview --policy-pack policy` runs, with the environment's config.
        const environment = (run.outputs.federation as { environment: string }).environment;
        const configFile = args.policyConfig ?? path.join("policy", "config", `${environment}.json`);
        // Resource rules get inputs, stack rules outputs, as the engine gives them in this mode.
        const settings = givenPackConfig ?? readPackConfig(configFile, policies);
        const violations: Violation[] = await runPolicies(run.resources, policies, settings, run.resourceOutputs, {
            ids: run.resourceIds,
            propertyDependencies: run.propertyDependencies,
        });
        const policy = { config: configFile, settings, violations };
        stdout.write(renderPreview(run, policy, { details: args.details, style: styleFor(stdout) }));
        if (args.outDir) {
            fs.mkdirSync(args.outDir, { recursive: true });
            fs.writeFileSync(path.join(args.outDir, "plan.json"), planJson(run, policy));
            fs.writeFileSync(path.join(args.outDir, "plan.md"), renderMarkdown(run, policy));
            stdout.write(`\nwrote ${path.join(args.outDir, "plan.json")} and plan.md\n`);
        }
        return verdictOf(verdictInputsOf(run, policy)).exitCode;
    } catch (error) {
        if (isUserMistake(error)) {
            stderr.write(`error: ${error.message}\n`);
            return 2;
        }
        stderr.write(`offline preview failed: ${(error as Error)?.stack ?? String(error)}\n`);
        return 1;
    }
}

if (require.main === module) {
    process.on("unhandledRejection", (reason) => {
        process.stderr.write(`offline preview failed: ${(reason as Error)?.stack ?? String(reason)}\n`);
        process.exit(1);
    });
    main(process.argv.slice(2)).then(exitWhenFlushed);
}
