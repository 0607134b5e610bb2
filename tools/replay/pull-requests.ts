// Replays realistic pull requests through plan:diff's decisions, as a reviewer would meet them:
// each case edits a checked-in stack file (or its pack config, or deletes the file), previews
// base and head with the real program and policy pack, and prints one table row: the case, what
// the report's summary says first (in short) and the exit code plan:diff would give.
// `node dist/tools/replay/pull-requests.js [--full]`: --full prints each case's whole summary.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { policies } from "../../policy/rules";
import { diffPlans, failedDiff, failureReasons, type PlanFile, type StackDiff } from "../../src/preview/diff/plan-diff";
import { renderReport, summaryLine } from "../../src/preview/diff/report";
import { PROJECT_ROOT } from "../../src/preview/harness/project-root";
import { runProgram } from "../../src/preview/harness/run-program";
import { readPackConfig, runPolicies } from "../../src/preview/policy/run-pack";
import { planFileOf } from "../../src/preview/plan/render";
import { PULL_REQUESTS } from "./cases";

const stackText = (stack: string) => fs.readFileSync(path.join(PROJECT_ROOT, "stacks", `Pulumi.${stack}.yaml`), "utf8");
const packText = (stack: string) =>
    fs.readFileSync(path.join(PROJECT_ROOT, "policy", "config", `${stack}.json`), "utf8");

/** A stack file's text previewed as plan.json holds it, with a pack config's verdict (the environment's by default). */
async function planOf(text: string, stack: string, pack: string): Promise<PlanFile> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fedfleet-replay-"));
    const file = path.join(dir, `Pulumi.${stack}.yaml`);
    const config = path.join(dir, `${stack}.json`);
    fs.writeFileSync(file, text);
    fs.writeFileSync(config, pack);
    try {
        const run = await runProgram({ stackFile: file, stackFileLabel: `stacks/Pulumi.${stack}.yaml` });
        const settings = readPackConfig(config, policies);
        const violations = await runPolicies(run.resources, policies, settings, run.resourceOutputs, {
            ids: run.resourceIds,
            propertyDependencies: run.propertyDependencies,
        });
        const label = `policy/config/${stack}.json`;
        return JSON.parse(JSON.stringify(planFileOf(run, { config: label, settings, violations }))) as PlanFile;
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

/** The summary's findings in short: each line's first words, the first few of them. */
function inShort(diff: StackDiff): string {
    const findings = [...diff.summaryWarnings, ...diff.traffic, ...diff.warnings].map((line) => {
        const words = line.replace(/`/g, "").split(" ");
        return words.length > 12 ? `${words.slice(0, 12).join(" ")}…` : line;
    });
    const head = summaryLine(diff).replace(/\*\*/g, "");
    const failing = failureReasons(diff);
    return [
        diff.previewError
            ? `head does not preview: ${diff.previewError.message.split("\n")[0].slice(0, 140)}`
            : head.slice(0, 160),
        ...(failing.length > 0 ? [`FAILS: ${failing.join("; ").slice(0, 120)}`] : []),
        ...findings.slice(0, 4),
        ...(findings.length > 4 ? [`+${findings.length - 4} more`] : []),
    ]
        .join(" / ")
        .replace(/\|/g, "\\|");
}

async function main(): Promise<void> {
    const full = process.argv.includes("--full");
    const bases = new Map<string, PlanFile>();
    process.stdout.write("| # | case | what the summary says first (short) | exit |\n|---:|---|---|---:|\n");
    for (const [index, pr] of PULL_REQUESTS.entries()) {
        if (!bases.has(pr.stack)) bases.set(pr.stack, await planOf(stackText(pr.stack), pr.stack, packText(pr.stack)));
        const base = bases.get(pr.stack)!;
        let diff: StackDiff;
        let head: PlanFile | undefined;
        if (pr.deleteStackFile) diff = diffPlans(pr.stack, base, undefined);
        else {
            try {
                const text = (pr.edit ?? ((t: string) => t))(stackText(pr.stack));
                const pack = (pr.editPack ?? ((t: string) => t))(packText(pr.stack));
                head = await planOf(text, pr.stack, pack);
                diff = diffPlans(pr.stack, base, head);
            } catch (error) {
                diff = failedDiff(pr.stack, "head", (error as Error).message.split("\n")[0]);
            }
        }
        const exit = failureReasons(diff).length > 0 ? 1 : 0;
        process.stdout.write(`| ${index + 1} | ${pr.stack}: ${pr.title} | ${inShort(diff)} | ${exit} |\n`);
        if (full) process.stdout.write(`\n${renderReport(diff, base, head).head}\n`);
    }
}

main().catch((error: unknown) => {
    process.stderr.write(`error: ${(error as Error).message}\n`);
    process.exit(1);
});
