// The project's own workflow rules (issue 24), each proven on the shape the workflows had
// before: a path filter on the required check, actions by tag on node20 majors, comments left
// green over a later failure, an up with no egress check. And the workflows as they are now
// pass every rule.
import assert from "node:assert/strict";
import {
    actionPinFindings,
    egressCheckFindings,
    pathFilterFindings,
    projectRuleFindings,
    staleCommentFindings,
    VERIFIED_PINS,
    workflowFiles,
} from "../../../tools/lint/workflows";

const file = (text: string) => ({ path: "old.yml", text });
const kinds = (findings: { kind: string }[]) => findings.map((f) => f.kind);

/** plan-diff.yml as it was: a docs filter on the required check, actions by tag, no stale marking. */
const OLD_PLAN_DIFF = `name: plan-diff
on:
  pull_request:
    paths-ignore:
      - "**.md"
permissions:
  contents: read
  pull-requests: write
jobs:
  plan-diff:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: npm run plan:diff -- --base "origin/\${GITHUB_BASE_REF}"
      - if: always() && github.event.pull_request.head.repo.full_name == github.repository
        uses: actions/github-script@v7
        with:
          script: |
            const previous = existing.find((c) => c.user && c.user.login === "github-actions[bot]");
            if (previous) await github.rest.issues.updateComment({ comment_id: previous.id, body });
            else await github.rest.issues.createComment({ body });
`;

/** up.yml's job as it was: credentials and up, on whatever runner runs-on fell back to. */
const OLD_UP = `on: workflow_call
jobs:
  up:
    runs-on: \${{ vars.FEDFLEET_RUNNER || 'ubuntu-latest' }}
    steps:
      - uses: actions/checkout@v4
      - run: npm ci && npm run build
      - uses: aws-actions/configure-aws-credentials@v4
        with:
          role-to-assume: \${{ vars.AWS_DEPLOY_ROLE_ARN }}
      - uses: pulumi/actions@v6
        with:
          command: up
`;

/** preview.yml's job as it was: pulumi/actions comments, and nothing marks its comment when a later preview fails. */
const OLD_PREVIEW = `on: pull_request
jobs:
  preview:
    runs-on: ubuntu-latest
    steps:
      - uses: pulumi/actions@v6
        with:
          command: preview
          comment-on-pr: true
          edit-pr-comment: true
`;

describe("workflow rules of the project (tools/lint/workflows.ts)", () => {
    it("the workflows as they are pass every rule", () => {
        assert.deepEqual(workflowFiles().flatMap(projectRuleFindings), []);
    });

    it("a path filter on a pull-request workflow is refused (a skipped required check stays pending)", () => {
        const findings = pathFilterFindings(file(OLD_PLAN_DIFF));
        assert.deepEqual(kinds(findings), ["required-check-path-filter"]);
        assert.equal(findings[0].line, 5, "at the filter's list");
        const paths = file("on:\n  pull_request:\n    paths: [src/**]\njobs: {}\n");
        assert.equal(pathFilterFindings(paths).length, 1);
        assert.deepEqual(
            pathFilterFindings(file("on:\n  push:\n    paths: [src/**]\njobs: {}\n")),
            [],
            "push is no check",
        );
    });

    it("an action by tag is refused, and so is a node20 major; a SHA needs its tag in a comment", () => {
        const messages = actionPinFindings(file(OLD_UP)).map((f) => f.message);
        assert.ok(messages.some((m) => /^actions\/checkout@v4: pin to a full 40-character commit SHA/.test(m)));
        assert.ok(messages.some((m) => /^actions\/checkout v4: not the current major, v7\.0\.1/.test(m)));
        assert.ok(messages.some((m) => /^pulumi\/actions v6: not the current major/.test(m)));
        const sha = VERIFIED_PINS["actions/checkout"].sha;
        const noComment = actionPinFindings(file(`      - uses: actions/checkout@${sha}\n`));
        assert.match(noComment[0]?.message ?? "", /name the pinned commit's tag in a comment/);
        assert.deepEqual(actionPinFindings(file(`      - uses: actions/checkout@${sha} # v7.0.1\n`)), []);
        assert.deepEqual(actionPinFindings(file("      - uses: ./.github/actions/local\n")), [], "local actions");
    });

    it("a guessed SHA for a verified tag is refused", () => {
        const guessed = actionPinFindings(file(`      - uses: actions/checkout@${"a".repeat(40)} # v7.0.1\n`));
        assert.match(guessed[0]?.message ?? "", /v7\.0\.1 is commit 3d3c42e5aac5ba805825da76410c181273ba90b1/);
    });

    it("a comment step that does not mark stale what it does not rewrite is refused, and so is a bare pulumi/actions comment", () => {
        assert.deepEqual(kinds(staleCommentFindings(file(OLD_PLAN_DIFF))), ["stale-comment"]);
        const preview = staleCommentFindings(file(OLD_PREVIEW));
        assert.match(preview[0]?.message ?? "", /pulumi\/actions comments only when the command succeeds/);
        const anyAuthor = OLD_PLAN_DIFF.replace('c.user.login === "github-actions[bot]"', "true").replace(
            "createComment({ body });",
            "createComment({ body }); // marks stale",
        );
        assert.match(
            staleCommentFindings(file(anyAuthor))[0]?.message ?? "",
            /edit only comments of "github-actions\[bot\]"/,
        );
    });

    it("an up with no egress check before credentials is refused", () => {
        assert.deepEqual(kinds(egressCheckFindings(file(OLD_UP))), ["egress-check"]);
        const late = OLD_UP.replace(
            "      - uses: pulumi/actions@v6",
            '      - run: node dist/tools/egress/check.js --stack "$STACK"\n      - uses: pulumi/actions@v6',
        );
        assert.equal(egressCheckFindings(file(late)).length, 1, "after the credentials is too late");
        const first = OLD_UP.replace(
            "      - uses: aws-actions/configure-aws-credentials@v4",
            '      - run: node dist/tools/egress/check.js --stack "$STACK"\n      - uses: aws-actions/configure-aws-credentials@v4',
        );
        assert.deepEqual(egressCheckFindings(file(first)), []);
    });
});
