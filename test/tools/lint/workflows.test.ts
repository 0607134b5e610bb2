import assert from "node:assert/strict";
import * as YAML from "yaml";
import { lintWorkflows, workflowFiles } from "../../../tools/lint/workflows";

type Workflow = {
    on: Record<string, unknown>;
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
        assert.match(diff.text, /npm run plan:diff -- --base "origin\/\$\{GITHUB_BASE_REF\}"/);
        assert.match(diff.text, /c\.body\.startsWith\(marker\)/);
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
});
