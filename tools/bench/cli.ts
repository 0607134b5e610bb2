// `npm run bench`: what fedfleet costs above the Pulumi SDK itself. Each synthetic fleet
// runs through the real program under the mock engine, and through the floor (the bare
// SDK registering the same resources on the same engine, tools/bench/floor.ts), each run
// in a process of its own, alternating, in this same run. Printed: resources, wall time
// and peak RSS of both, their ratios, the scaling time(4N)/time(N), and the time of
// `npm run plan -- --stack dev`, and plan:diff's cases as ratios to one preview of the largest
// stack (tools/bench/plan-diff.ts; `--plan-diff` prints only those). `--startup` measures the
// ways Pulumi can start the program instead (tools/bench/startup.ts). Nothing here is asserted
// in a test.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { FleetSize, syntheticStack } from "./fleets";
import { median, timedRun } from "./measure";
import { measurePlanDiff, PlanDiffCaseId, PlanDiffMeasurement, planDiffLines } from "./plan-diff";
import { measureStartup } from "./startup";
import type { WorkerResult } from "./worker";
import { progressOn } from "../../src/preview/terminal/progress";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const WORKER = path.join(__dirname, "worker.js");
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);

/** The fleets in the table, then the smaller fleets the scaling ratios compare them with (a quarter of the services). */
const TABLE: FleetSize[] = [
    { clusters: 4, services: 25 },
    { clusters: 12, services: 100 },
    { clusters: 24, services: 200 },
];
const SCALING: [FleetSize, FleetSize][] = [
    [
        { clusters: 12, services: 25 },
        { clusters: 12, services: 100 },
    ],
    [
        { clusters: 24, services: 50 },
        { clusters: 24, services: 200 },
    ],
];
const TARGETS = { timeRatio: 1.2, memoryRatio: 1.2, scaling: 4.4, planSeconds: 5, noOpDiff: 1.0, oneStackDiff: 2.5 };

/** A line on stderr per run: the whole bench takes minutes, and stdout keeps only the table. */
const progress = progressOn(process.stderr);

interface Sample {
    ms: number;
    rssMb: number;
    resources: number;
}
interface Measured {
    resources: number;
    ms: number;
    rssMb: number;
}

function label(size: FleetSize): string {
    return `${size.clusters} clusters x ${size.services} services`;
}

function runWorker(args: string[], step: string): Sample {
    progress.step(`bench: ${step}`);
    const { ms, stdout } = timedRun(process.execPath, [WORKER, ...args], ROOT);
    const result = JSON.parse(stdout.trim().split("\n").pop() ?? "{}") as WorkerResult;
    return { ms, rssMb: result.maxRssKb / 1024, resources: result.resources };
}

function summarise(samples: Sample[]): Measured {
    return {
        resources: samples[0].resources,
        ms: median(samples.map((s) => s.ms)),
        rssMb: median(samples.map((s) => s.rssMb)),
    };
}

/** The program and its floor for one fleet, alternating which goes first to even out drift. */
function measureFleet(size: FleetSize, dir: string): { program: Measured; floor: Measured } {
    const stackFile = path.join(dir, `Pulumi.c${size.clusters}s${size.services}.yaml`);
    const shapeFile = path.join(dir, `c${size.clusters}s${size.services}.floor.json`);
    fs.writeFileSync(stackFile, syntheticStack(size));
    runWorker(["record", stackFile, shapeFile], `${label(size)}: recording the floor's registrations`);
    const program: Sample[] = [];
    const floor: Sample[] = [];
    for (let i = 0; i < REPEATS; i += 1) {
        const runProgram = () =>
            program.push(runWorker(["program", stackFile], `${label(size)}: program, run ${i + 1} of ${REPEATS}`));
        const runFloor = () =>
            floor.push(runWorker(["floor", shapeFile], `${label(size)}: floor, run ${i + 1} of ${REPEATS}`));
        if (i % 2 === 0) {
            runProgram();
            runFloor();
        } else {
            runFloor();
            runProgram();
        }
    }
    const [p, f] = [summarise(program), summarise(floor)];
    if (p.resources !== f.resources)
        throw new Error(`${label(size)}: the floor registered ${f.resources} resources, the program ${p.resources}`);
    return { program: p, floor: f };
}

function seconds(ms: number): string {
    return `${(ms / 1000).toFixed(2)} s`;
}

function row(cells: string[], widths: number[]): string {
    return cells
        .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i])))
        .join("  ")
        .trimEnd();
}

function main(): void {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fedfleet-bench-"));
    const out = (line = "") => {
        progress.clear();
        process.stdout.write(`${line}\n`);
    };
    try {
        out(
            `fedfleet against the SDK floor: median of ${REPEATS} runs each, one process per run, node ${process.version}, ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? "unknown CPU"}`,
        );
        const widths = [30, 9, 10, 10, 6, 10, 10, 6];
        out(row(["fleet", "resources", "time", "floor", "ratio", "peak RSS", "floor", "ratio"], widths));
        const measured = new Map<string, { program: Measured; floor: Measured }>();
        const sizes = [...TABLE, ...SCALING.map(([small]) => small)];
        let worstTime = 0;
        let worstMemory = 0;
        for (const size of sizes) {
            const result = measureFleet(size, dir);
            measured.set(label(size), result);
            const timeRatio = result.program.ms / result.floor.ms;
            const memoryRatio = result.program.rssMb / result.floor.rssMb;
            worstTime = Math.max(worstTime, timeRatio);
            worstMemory = Math.max(worstMemory, memoryRatio);
            out(
                row(
                    [
                        label(size),
                        String(result.program.resources),
                        seconds(result.program.ms),
                        seconds(result.floor.ms),
                        `${timeRatio.toFixed(2)}x`,
                        `${result.program.rssMb.toFixed(0)} MB`,
                        `${result.floor.rssMb.toFixed(0)} MB`,
                        `${memoryRatio.toFixed(2)}x`,
                    ],
                    widths,
                ),
            );
        }
        out();
        let worstScaling = 0;
        for (const [small, large] of SCALING) {
            const [a, b] = [measured.get(label(small))!, measured.get(label(large))!];
            const scaling = b.program.ms / a.program.ms;
            worstScaling = Math.max(worstScaling, scaling);
            out(
                `scaling, ${small.clusters} clusters, ${small.services} -> ${large.services} services: resources ${(b.program.resources / a.program.resources).toFixed(2)}x, ` +
                    `time ${scaling.toFixed(2)}x (floor ${(b.floor.ms / a.floor.ms).toFixed(2)}x)`,
            );
        }
        const plan = median(
            Array.from({ length: REPEATS }, (_, i) => {
                progress.step(`bench: npm run plan -- --stack dev, run ${i + 1} of ${REPEATS}`);
                return timedRun("npm", ["run", "--silent", "plan", "--", "--stack", "dev"], ROOT).ms;
            }),
        );
        out(`npm run plan -- --stack dev: ${seconds(plan)} (build check included)`);
        out();
        const diff = measurePlanDiff(ROOT, REPEATS, progress);
        planDiffLines(diff, REPEATS).forEach((line) => out(line));
        const missed = [
            ...planDiffMissed(diff),
            worstTime > TARGETS.timeRatio && `time ratio over ${TARGETS.timeRatio}`,
            worstMemory > TARGETS.memoryRatio && `memory ratio over ${TARGETS.memoryRatio}`,
            worstScaling > TARGETS.scaling && `scaling over ${TARGETS.scaling}`,
            plan > TARGETS.planSeconds * 1000 && `plan over ${TARGETS.planSeconds} s`,
        ].filter(Boolean);
        out(missed.length === 0 ? "targets: all met" : `targets missed: ${missed.join(", ")}`);
        out(
            `time ratio ${worstTime.toFixed(2)}, memory ratio ${worstMemory.toFixed(2)}, scaling ${worstScaling.toFixed(2)}`,
        );
    } finally {
        progress.clear();
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

/** The plan:diff targets the measurement misses: a no-op diff within one preview, a one-stack change within 2.5. */
function planDiffMissed(diff: PlanDiffMeasurement): string[] {
    const ratio = (id: PlanDiffCaseId) => diff.cases.find((c) => c.id === id)!.ratio;
    return [
        ratio("no-op") > TARGETS.noOpDiff && `no-op plan:diff over ${TARGETS.noOpDiff}x a preview`,
        ratio("one-stack") > TARGETS.oneStackDiff && `one-stack plan:diff over ${TARGETS.oneStackDiff}x a preview`,
    ].filter((miss): miss is string => typeof miss === "string");
}

/** `--plan-diff`: only plan:diff's rows, and its targets. */
function mainPlanDiff(): void {
    const diff = measurePlanDiff(ROOT, REPEATS, progress);
    planDiffLines(diff, REPEATS).forEach((line) => process.stdout.write(`${line}\n`));
    const missed = planDiffMissed(diff);
    process.stdout.write(missed.length === 0 ? "targets: all met\n" : `targets missed: ${missed.join(", ")}\n`);
}

if (require.main === module) {
    try {
        if (process.argv.includes("--startup")) measureStartup(ROOT, REPEATS, progress);
        else if (process.argv.includes("--plan-diff")) mainPlanDiff();
        else main();
    } catch (error) {
        progress.clear();
        process.stderr.write(`bench failed: ${(error as Error).message}\n`);
        process.exit(1);
    }
}
