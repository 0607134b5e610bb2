// One measured run, in a process of its own so that its peak memory is its own:
//   worker program <stack file> [--program <file>] [--ts-node check|transpile]
//                                        the real program, as the offline preview runs it
//                                        (or from another entry point, or from the
//                                        TypeScript sources under ts-node)
//   worker record <stack file> <shape>   the same, then writes what the floor must register
//   worker floor <shape>                 the floor program (floor-program.ts) registering that shape
// Prints one JSON line: the resources registered and the process's peak RSS.
import * as fs from "node:fs";
import * as path from "node:path";
import { readStackDocument } from "../../src/preview/harness/stack-document";
import { startMockEngine, waitForRPCs } from "../../src/preview/harness/mock-engine";
import { runProgram } from "../../src/preview/harness/run-program";
import { readStackFile } from "../../src/preview/harness/stack-file";
import { FloorShape, handFloorShape } from "./floor";

/** The JSON line a worker prints: resources registered and its peak RSS in kilobytes. */
export interface WorkerResult {
    resources: number;
    maxRssKb: number;
}

const BENCH_STACK = "bench";
const ROOT = path.resolve(__dirname, "..", "..", "..");

/**
 * Registers ts-node the way Pulumi's language host does for `typescript: true`
 * (@pulumi/pulumi cmd/run/run.js): the project's TypeScript, its tsconfig over Pulumi's
 * defaults, source maps on; type-checked unless PULUMI_NODEJS_TRANSPILE_ONLY says not.
 */
function registerTsNodeAsPulumiDoes(transpileOnly: boolean): void {
    // Internal to the SDK (marked @internal), but it is the code Pulumi runs.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const tsutils = require("@pulumi/pulumi/tsutils") as {
        typeScriptRequireStrings(): { tsnodeRequire: string; typescriptRequire: string };
        loadTypeScriptCompilerOptions(file: string): Record<string, unknown>;
    };
    const { tsnodeRequire, typescriptRequire } = tsutils.typeScriptRequireStrings();
    const tsconfig = path.join(ROOT, "tsconfig.json");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    (require(tsnodeRequire) as { register(options: object): void }).register({
        compiler: typescriptRequire,
        transpileOnly,
        project: tsconfig,
        skipProject: false,
        compilerOptions: {
            target: "ES2020",
            module: "nodenext",
            moduleResolution: "nodenext",
            sourceMap: "true",
            ...tsutils.loadTypeScriptCompilerOptions(tsconfig),
        },
    });
}

async function runProgramFor(stackFile: string, options: string[]): Promise<number> {
    const option = (flag: string) => {
        const index = options.indexOf(flag);
        return index >= 0 ? options[index + 1] : undefined;
    };
    const tsNode = option("--ts-node");
    if (tsNode !== undefined) registerTsNodeAsPulumiDoes(tsNode === "transpile");
    const programPath = tsNode !== undefined ? path.join(ROOT, "index.ts") : option("--program");
    return (await runProgram({ stackFile, stack: BENCH_STACK, programPath })).resources.length;
}

async function runFloor(shapeFile: string): Promise<number> {
    const shape = JSON.parse(fs.readFileSync(shapeFile, "utf8")) as FloorShape;
    startMockEngine(shape);
    handFloorShape(shape);
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded as Pulumi loads a program
    const program = require(path.join(__dirname, "floor-program.js")) as { registered: number };
    await waitForRPCs();
    return program.registered;
}

async function record(stackFile: string, shapeFile: string): Promise<number> {
    const run = await runProgram({ stackFile, stack: BENCH_STACK });
    const file = readStackFile(stackFile);
    const fleet = readStackDocument(file.fleetRaw, stackFile);
    const shape: FloorShape = {
        stack: BENCH_STACK,
        config: file.config,
        secretKeys: file.secretKeys,
        clusters: fleet.clusters,
        dnsZoneName: fleet.dns?.zone.name,
        resources: run.resources.map(
            ({ urn, type, name, custom, parent, provider, protect, ignoreChanges, inputs }) => ({
                urn,
                type,
                name,
                custom,
                parent,
                provider,
                protect,
                ignoreChanges,
                inputs,
            }),
        ),
    };
    fs.writeFileSync(shapeFile, JSON.stringify(shape));
    return run.resources.length;
}

async function main(argv: string[]): Promise<number> {
    const [mode, first, second] = argv;
    if (mode === "program") return runProgramFor(first, argv.slice(2));
    if (mode === "record") return record(first, second);
    if (mode === "floor") return runFloor(first);
    throw new Error(
        `usage: worker (program <stack file> | record <stack file> <shape> | floor <shape>), found "${mode}"`,
    );
}

if (require.main === module) {
    main(process.argv.slice(2)).then(
        (resources) => {
            const result: WorkerResult = { resources, maxRssKb: process.resourceUsage().maxRSS };
            process.stdout.write(`${JSON.stringify(result)}\n`);
            process.exit(0);
        },
        (error) => {
            process.stderr.write(`bench worker failed: ${(error as Error)?.stack ?? String(error)}\n`);
            process.exit(1);
        },
    );
}
