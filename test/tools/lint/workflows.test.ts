import assert from "node:assert/strict";
import * as YAML from "yaml";
import { lintWorkflows, queueConcurrencyFindings, workflowFiles } from "../../../tools/lint/workflows";
import { nonEmpty } from "../../support/non-empty";

type Workflow = {
    name?: string;
    on: Record<string, unknown>;
    concurrency?: unknown;
    permissions?: Record<string, string>;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- jobs are read loosely, as YAML
    jobs: Record<string, Record<string, any>>;
};

const workflows = new Map(
    workflowFiles().map((file) => [
        file.path.split("/").pop()!,
        { ...file, parsed: YAML.parse(file.text) as Workflow },
    ]),
);

describe(".github/workflows", function () {
    this.timeout(60_000);

    it("pass actionlint", async () => {
        assert.deepEqual(await lintWorkflows(workflowFiles()), []);
    });

    it("actionlint does catch a broken workflow, so the check above can fail", async () => {
        const broken =
            "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          fetch-dept: 0\n";
        const findings = await lintWorkflows([{ path: "broken.yml", text: broken }]);
        assert.ok(
            findings.some((f) => /fetch-dept/.test(f.message)),
            JSON.stringify(findings),
        );
    });

    it("post the offline plan diff on pull requests with no secrets, one comment per stack found by its marker", () => {
        const diff = workflows.get("plan-diff.yml")!;
        assert.ok("pull_request" in diff.parsed.on);
        assert.ok(!/\$\{\{\s*secrets\./.test(diff.text), "the offline diff needs no secrets");
        // Judged by the base: the base's comparison, the pull request's checkout named with --head.
        assert.match(diff.text, /node gate\/dist\/src\/preview\/diff\/cli\.js --head head --base "\$BASE"/);
        assert.match(diff.text, /c\.body\.startsWith\(MARKER\)/);
        assert.equal(diff.parsed.permissions?.["pull-requests"], "write");
    });

    it("preview and deploy with OIDC only, policy packs on, and staging and prod behind environments", () => {
        for (const name of ["preview.yml", "up.yml"]) {
            const workflow = workflows.get(name)!;
            assert.equal(workflow.parsed.permissions?.["id-token"], "write", name);
            assert.ok(
                !/aws-access-key-id|aws-secret-access-key|credentials_json/.test(workflow.text),
                `${name} uses no long-lived keys`,
            );
            assert.match(workflow.text, /policyPacks: policy/);
            assert.match(
                workflow.text,
                /policyPackConfigs: policy\/config\/\$\{\{ (matrix\.stack|inputs\.stack) \}\}\.json/,
            );
        }
        assert.match(workflows.get("preview.yml")!.text, /command: preview[\s\S]*diff: true/);
        const deploy = workflows.get("deploy.yml")!.parsed;
        assert.deepEqual(Object.keys(deploy.jobs), ["dev", "staging", "prod"]);
        assert.equal(deploy.jobs.staging.needs, "dev");
        assert.equal(deploy.jobs.prod.needs, "staging");
        assert.equal(workflows.get("up.yml")!.parsed.jobs.up.environment, "${{ inputs.stack }}");
    });

    it("give pull requests no cloud identity a deploy uses: previews and deploys name disjoint variables", () => {
        const identityVars = (text: string) =>
            new Set(
                [...text.matchAll(/(?:role-to-assume|service_account): \$\{\{ vars\.([A-Z0-9_]+) \}\}/g)].map(
                    (m) => m[1],
                ),
            );
        const onPullRequest = [...workflows.values()].filter((w) => "pull_request" in w.parsed.on);
        const deploys = [workflows.get("up.yml")!];
        const previewIdentities = new Set(onPullRequest.flatMap((w) => [...identityVars(w.text)]));
        const deployIdentities = new Set(deploys.flatMap((w) => [...identityVars(w.text)]));
        assert.deepEqual([...previewIdentities].sort(), ["AWS_PREVIEW_ROLE_ARN", "GCP_PREVIEW_SERVICE_ACCOUNT"]);
        assert.deepEqual([...deployIdentities].sort(), ["AWS_DEPLOY_ROLE_ARN", "GCP_DEPLOY_SERVICE_ACCOUNT"]);
        // Not by another route either: no workflow that runs on pull requests mentions a deploy identity.
        for (const workflow of onPullRequest) {
            for (const name of deployIdentities) assert.ok(!workflow.text.includes(name), `${workflow.path}: ${name}`);
        }
        // The deploy workflow is reached only through workflow_run, never a pull request.
        for (const name of ["deploy.yml", "up.yml"]) assert.ok(!("pull_request" in workflows.get(name)!.parsed.on));
    });

    it("pass nothing secret: no workflow reads a repository secret or a long-lived key", () => {
        for (const workflow of nonEmpty([...workflows.values()], "workflow")) {
            assert.ok(!/\$\{\{[^}]*\bsecrets\./.test(workflow.text), `${workflow.path} reads a secret`);
            assert.ok(!/PULUMI_CONFIG_PASSPHRASE|PULUMI_ACCESS_TOKEN/.test(workflow.text), workflow.path);
        }
    });

    it("deploy only a commit CI passed on, pushed to main, and check that very commit out", () => {
        const deploy = workflows.get("deploy.yml")!.parsed;
        assert.deepEqual(deploy.on, {
            workflow_run: {
                workflows: [workflows.get("ci.yml")!.parsed.name],
                types: ["completed"],
                branches: ["main"],
            },
        });
        const gate = String(deploy.jobs.dev.if);
        assert.match(gate, /github\.event\.workflow_run\.conclusion == 'success'/);
        assert.match(gate, /github\.event\.workflow_run\.event == 'push'/);
        for (const job of Object.values(deploy.jobs)) {
            assert.equal(job.with.ref, "${{ github.event.workflow_run.head_sha }}");
        }
        const steps = workflows.get("up.yml")!.parsed.jobs.up.steps as {
            id?: string;
            uses?: string;
            if?: string;
            with?: { ref?: string };
        }[];
        assert.equal(steps[0].uses?.split("@")[0], "actions/checkout");
        assert.equal(steps[0].with?.ref, "${{ inputs.ref }}");
        // CI runs finish in any order: only main's tip goes on to credentials and up.
        assert.equal(steps[1].id, "tip");
        for (const step of nonEmpty(steps.slice(2), "step after the tip check"))
            assert.match(String(step.if), /^steps\.tip\.outputs\.current == 'true'/);
    });

    it("serialize ups per stack, queueing rather than cancelling a pending one", () => {
        assert.equal(workflows.get("deploy.yml")!.parsed.concurrency, undefined, "no workflow-wide group");
        const up = workflows.get("up.yml")!.parsed.jobs.up;
        assert.deepEqual(up.concurrency, {
            group: "fedfleet-up-${{ inputs.stack }}",
            "cancel-in-progress": false,
            queue: "max",
        });
    });

    it("gate every cloud job on the same repository variables, and run on configurable runners", () => {
        const gateVars = (expression: unknown) =>
            [...String(expression).matchAll(/vars\.([A-Z0-9_]+)/g)].map((m) => m[1]).sort();
        const preview = workflows.get("preview.yml")!.parsed.jobs.preview;
        const deploy = workflows.get("deploy.yml")!.parsed.jobs.dev;
        assert.deepEqual(gateVars(preview.if), ["PULUMI_BACKEND_URL"]);
        assert.deepEqual(gateVars(deploy.if), gateVars(preview.if));
        assert.equal(
            workflows.get("up.yml")!.parsed.jobs.up["runs-on"],
            "${{ vars.FEDFLEET_RUNNER || 'ubuntu-latest' }}",
        );
        // Pull-request code never runs on the deploy runners.
        assert.equal(preview["runs-on"], "${{ vars.FEDFLEET_PREVIEW_RUNNER || 'ubuntu-latest' }}");
    });

    it("check concurrency.queue as GitHub does, since actionlint does not know it yet", async () => {
        const job = (concurrency: string) =>
            `on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    concurrency:\n${concurrency}    steps:\n      - run: "true"\n`;
        const lint = (concurrency: string) => lintWorkflows([{ path: "q.yml", text: job(concurrency) }]);
        assert.deepEqual(await lint("      group: g\n      queue: max\n"), []);
        const typo = await lint("      group: g\n      queue: maxx\n");
        assert.deepEqual(
            typo.map((f) => [f.line, f.message]),
            [[7, 'concurrency.queue must be "single" or "max", not maxx']],
        );
        const cancelling = queueConcurrencyFindings({
            path: "q.yml",
            text: job("      group: g\n      cancel-in-progress: true\n      queue: max\n"),
        });
        assert.match(cancelling[0]?.message ?? "", /cannot be combined with cancel-in-progress: true/);
        // Only the queue key is let through: any other unknown concurrency key is still reported.
        const other = await lint("      group: g\n      queu: max\n");
        assert.ok(
            other.some((f) => /unexpected key "queu"/.test(f.message)),
            JSON.stringify(other),
        );
    });
});
