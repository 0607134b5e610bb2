// `npm run bench -- --startup`: the ways Pulumi can start this program, measured on the
// same stacks in one run. Each path is timed from the start of a process to its last
// registration, build included:
//   - ts-node, type-checked: Pulumi.yaml `typescript: true`, Pulumi's default;
//   - ts-node, transpile only: the same with PULUMI_NODEJS_TRANSPILE_ONLY=true;
//   - tsc, then node: a build step with the TypeScript compiler, `main` at its output;
//   - esbuild, then node: pulumi-main.js (the chosen path).
// ts-node is registered exactly as Pulumi's language host registers it (its run.js). It
// and pulumi-main.js keep what they compiled: "cold" is the first run after a change
// (empty ts-node cache, no build stamp), "warm" a run with nothing changed.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { syntheticStack } from "./fleets";
import { median, timedRun } from "./measure";
import type { Progress } from "../../src/preview/terminal/progress";

interface StartupPath {
    name: string;
    /** Work before the run (a build), timed with it. */
    prepare?: () => void;
    /** Arguments to the worker, after `program <stack file>`. */
    workerArgs: string[];
    /** Environment of each run (called per run, so a run can get a cache of its own). */
    env?: () => Record<string, string>;
}

const WORKER = path.join(__dirname, "worker.js");

/**
 * Prints the start-up table: per path, the median of `repeats` runs on the dev stack and on a
 * synthetic 12-cluster, 100-service stack, and its ratio to the first path's.
 */
export function measureStartup(root: string, repeats: number, progress: Progress): void {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fedfleet-startup-"));
    // tsc's output must sit inside the project to resolve node_modules.
    const tscOut = path.join(root, "dist-startup-bench");
    const stamp = path.join(root, "dist", ".build-stamp");
    const out = (line = "") => {
        progress.clear();
        process.stdout.write(`${line}\n`);
    };
    try {
        const stacks: [string, string][] = [["dev stack", path.join(root, "stacks", "Pulumi.dev.yaml")]];
        const large = path.join(dir, "Pulumi.c12s100.yaml");
        fs.writeFileSync(large, syntheticStack({ clusters: 12, services: 100 }));
        stacks.push(["12 clusters x 100 services", large]);
        const tsc = path.join(root, "node_modules", "typescript", "bin", "tsc");
        let caches = 0;
        const freshCache = () => ({ TS_NODE_CACHE_DIRECTORY: path.join(dir, `ts-node-cache-${(caches += 1)}`) });
        const keptCache = (kind: string) => () => ({
            TS_NODE_CACHE_DIRECTORY: path.join(dir, `ts-node-cache-${kind}`),
        });
        const paths: StartupPath[] = [
            {
                name: "ts-node, type-checked, cold (Pulumi's default)",
                workerArgs: ["--ts-node", "check"],
                env: freshCache,
            },
            { name: "ts-node, type-checked, warm", workerArgs: ["--ts-node", "check"], env: keptCache("check") },
            { name: "ts-node, transpile only, cold", workerArgs: ["--ts-node", "transpile"], env: freshCache },
            {
                name: "ts-node, transpile only, warm",
                workerArgs: ["--ts-node", "transpile"],
                env: keptCache("transpile"),
            },
            {
                name: "tsc build, then node",
                prepare: () =>
                    timedRun(
                        process.execPath,
                        [tsc, "-p", "tsconfig.json", "--noEmit", "false", "--incremental", "false", "--outDir", tscOut],
                        root,
                    ),
                workerArgs: ["--program", path.join(tscOut, "index.js")],
            },
            {
                name: "esbuild build, then node (cold)",
                prepare: () => fs.rmSync(stamp, { force: true }),
                workerArgs: ["--program", path.join(root, "pulumi-main.js")],
            },
            { name: "esbuild build, then node (warm)", workerArgs: ["--program", path.join(root, "pulumi-main.js")] },
        ];
        out(
            `start-up paths: median of ${repeats} runs, from process start to the last registration, build included; node ${process.version}, ${os.cpus().length} cores`,
        );
        out(`${"path".padEnd(48)}${stacks.map(([name]) => name.padStart(28)).join("")}`);
        const baseline: number[] = [];
        for (const startup of paths) {
            const cells: string[] = [];
            stacks.forEach(([stackName, stackFile], index) => {
                const runOnce = () =>
                    timedRun(
                        process.execPath,
                        [WORKER, "program", stackFile, ...startup.workerArgs],
                        root,
                        startup.env?.(),
                    );
                // A warm path starts from what an earlier run kept.
                if (startup.name.endsWith("warm")) {
                    progress.step(`bench: ${startup.name}, ${stackName}: warming up`);
                    runOnce();
                }
                const samples = Array.from({ length: repeats }, (_, i) => {
                    progress.step(`bench: ${startup.name}, ${stackName}: run ${i + 1} of ${repeats}`);
                    const start = process.hrtime.bigint();
                    startup.prepare?.();
                    runOnce();
                    return Number(process.hrtime.bigint() - start) / 1e6;
                });
                const ms = median(samples);
                if (baseline[index] === undefined) baseline[index] = ms;
                cells.push(`${(ms / 1000).toFixed(2)} s (${(ms / baseline[index]).toFixed(2)}x)`.padStart(28));
            });
            out(`${startup.name.padEnd(48)}${cells.join("")}`);
        }
        out("ratios are against the first row, measured in this run");
    } finally {
        progress.clear();
        fs.rmSync(dir, { recursive: true, force: true });
        fs.rmSync(tscOut, { recursive: true, force: true });
    }
}
