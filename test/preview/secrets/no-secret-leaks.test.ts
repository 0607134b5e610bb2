// No secret the program hands the engine reaches what people and CI read: the offline
// preview's stdout/stderr, plan.json, plan.md, and plan:diff's report, comment and summary.
//
// The secrets looked for are not guessed strings: each stack is run in-process with the
// harness's onSecret hook, which hands over the raw value of every secret that crossed the
// wire (resource inputs, component outputs, invoke arguments, stack outputs). The CLI is
// then run as users run it, with the same FEDFLEET_SECRET_DIGEST_KEY, and its plan must hold the
// very same keyed digests: proof that it saw exactly the values captured here.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as YAML from "yaml";
import { renderComment } from "../../../src/preview/diff/comment";
import { diffPlans, PlanFile } from "../../../src/preview/diff/plan-diff";
import { renderReport } from "../../../src/preview/diff/report";
import { secretMark } from "../../../src/preview/harness/marks";
import { ProgramRun, runProgram } from "../../../src/preview/harness/run-program";
import { readStackFile, SECURE_PLACEHOLDER } from "../../../src/preview/harness/stack-file";
import { planJson } from "../../../src/preview/plan/render";
import { EXISTING_CLUSTER, runPlanCli, stackFilePath, stackYaml } from "../../support/plan";
import { freshProcessPreviewOnce, sharedDigestKey } from "../../support/shared-preview";

interface Captured {
    source: string;
    value: unknown;
}

interface Fragment {
    label: string;
    text: string;
    /** Match only where not part of a longer host name or address (for short values such as an IP). */
    bounded?: boolean;
}

interface Preview {
    status: number | null;
    stdout: string;
    stderr: string;
    planJson: string;
    planMd: string;
    plan: PlanFile;
}

const PROVIDER_TYPE = "pulumi:providers:kubernetes";

async function capture(
    stackFile: string,
    label: string,
    stack: string,
): Promise<{ run: ProgramRun; secrets: Captured[] }> {
    const secrets: Captured[] = [];
    const run = await runProgram({
        stackFile,
        stackFileLabel: label,
        stack,
        onSecret: (value, source) => secrets.push({ source, value }),
    });
    return { run, secrets };
}

/** The files and output of a CLI run that wrote its plan to `out`. */
function previewOf(result: { status: number | null; stdout: string; stderr: string }, out: string): Preview {
    assert.ok(fs.existsSync(path.join(out, "plan.json")), `no plan written (exit ${result.status}): ${result.stderr}`);
    const json = fs.readFileSync(path.join(out, "plan.json"), "utf8");
    return {
        status: result.status,
        stdout: result.stdout,
        stderr: result.stderr,
        planJson: json,
        planMd: fs.readFileSync(path.join(out, "plan.md"), "utf8"),
        plan: JSON.parse(json) as PlanFile,
    };
}

/** The offline preview as `npm run plan` runs it, in a child process, with the given digest key. */
function preview(args: string[], digestKey: string): Preview {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "fedfleet-secrets-"));
    try {
        return previewOf(runPlanCli([...args, "--out", out], { FEDFLEET_SECRET_DIGEST_KEY: digestKey }), out);
    } finally {
        fs.rmSync(out, { recursive: true, force: true });
    }
}

interface Kubeconfig {
    clusters: { cluster: { server: string; "certificate-authority-data"?: string } }[];
    users: { user: { exec: { command: string } } }[];
}

function asKubeconfig(value: unknown): Kubeconfig | undefined {
    if (typeof value !== "string") return undefined;
    try {
        const parsed = JSON.parse(value) as Kubeconfig;
        return parsed?.clusters?.[0]?.cluster?.server ? parsed : undefined;
    } catch {
        return undefined;
    }
}

/**
 * What would give a secret away: the whole value, and for a generated kubeconfig the parts
 * only it carries: the API server URL and host, and the CA data (encoded and decoded).
 * Left out on purpose, because they are public and legitimately in plans: cluster names,
 * regions, context names and the exec plugin (command, args, install hint), which are
 * constants or config; and the EKS cluster ID inside the server host on its own, since the
 * OIDC issuer (`oidc.eks.<region>.amazonaws.com/id/<ID>`) is in IAM trust policies by design.
 */
function fragmentsOf(secret: Captured): Fragment[] {
    const whole = typeof secret.value === "string" ? secret.value : JSON.stringify(secret.value);
    const fragments: Fragment[] = [{ label: `${secret.source}: the whole value`, text: whole }];
    if (whole.startsWith(`${SECURE_PLACEHOLDER}:`)) {
        fragments.push({
            label: `${secret.source}: the placeholder's ciphertext hash`,
            text: whole.slice(SECURE_PLACEHOLDER.length + 1),
        });
    }
    const kubeconfig = asKubeconfig(secret.value);
    if (kubeconfig) {
        const { server, "certificate-authority-data": ca } = kubeconfig.clusters[0].cluster;
        fragments.push({ label: `${secret.source}: server URL`, text: server });
        fragments.push({ label: `${secret.source}: server host`, text: new URL(server).host, bounded: true });
        // A GKE kubeconfig for the DNS endpoint carries no CA: its certificate is publicly trusted.
        if (ca !== undefined) {
            fragments.push({ label: `${secret.source}: CA data`, text: ca });
            for (const line of Buffer.from(ca, "base64").toString("utf8").split("\n")) {
                if (line && !line.startsWith("-----"))
                    fragments.push({ label: `${secret.source}: CA body`, text: line });
            }
        }
    }
    return fragments;
}

function leaks(fragments: readonly Fragment[], artefacts: Record<string, string>): string[] {
    const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const found: string[] = [];
    for (const fragment of fragments) {
        const pattern = fragment.bounded
            ? new RegExp(`(?<![A-Za-z0-9.-])${escape(fragment.text)}(?![A-Za-z0-9-]|\\.[A-Za-z0-9])`)
            : undefined;
        for (const [name, text] of Object.entries(artefacts)) {
            if (pattern ? pattern.test(text) : text.includes(fragment.text)) found.push(`${fragment.label} in ${name}`);
        }
    }
    return found;
}

function assertNoLeaks(secrets: readonly Captured[], artefacts: Record<string, string>, extra: Fragment[] = []): void {
    const fragments = [...secrets.flatMap(fragmentsOf), ...extra];
    assert.ok(fragments.length > secrets.length, "kubeconfig fragments were derived");
    for (const fragment of fragments)
        assert.ok(fragment.text.length >= 10, `${fragment.label} is too short to search for: ${fragment.text.length}`);
    assert.deepEqual(leaks(fragments, artefacts), []);
}

/** The preview's plan is the in-process run: same resources and outputs, secret digests included. */
function assertSameRun(cli: PlanFile, run: ProgramRun): void {
    const inProcess = JSON.parse(planJson(run)) as PlanFile;
    assert.deepEqual(cli.resources, inProcess.resources);
    assert.deepEqual(cli.outputs, inProcess.outputs);
}

function ciphertextsOf(yamlText: string): string[] {
    const found: string[] = [];
    const walk = (node: unknown) => {
        if (Array.isArray(node)) node.forEach(walk);
        else if (node !== null && typeof node === "object") {
            for (const [key, value] of Object.entries(node)) {
                if (key === "secure" && typeof value === "string") found.push(value);
                else walk(value);
            }
        }
    };
    walk(YAML.parse(yamlText));
    return found;
}

describe("secrets never reach the preview's or plan:diff's output", function () {
    this.timeout(300_000);
    // plan:diff's arrangement: a random digest key per comparison, shared by both sides. Here the
    // mocha run's, which the checked-in stacks' shared fresh processes ran with.
    let digestKey: string;
    let savedKey: string | undefined;
    before(() => {
        digestKey = sharedDigestKey();
        savedKey = process.env.FEDFLEET_SECRET_DIGEST_KEY;
        process.env.FEDFLEET_SECRET_DIGEST_KEY = digestKey;
    });
    after(() => {
        if (savedKey === undefined) delete process.env.FEDFLEET_SECRET_DIGEST_KEY;
        else process.env.FEDFLEET_SECRET_DIGEST_KEY = savedKey;
    });

    // Each checked-in stack captured in-process, once per test process, and previewed by the CLI
    // as a process of its own, once per mocha run (test/support/shared-preview.ts).
    const checkedIn = new Map<string, Promise<{ run: ProgramRun; secrets: Captured[]; cli: Preview }>>();
    const previewCheckedIn = (stack: string) => {
        if (!checkedIn.has(stack)) {
            checkedIn.set(
                stack,
                capture(stackFilePath(stack), `stacks/Pulumi.${stack}.yaml`, stack).then(async (captured) => {
                    const fresh = await freshProcessPreviewOnce(stack);
                    assert.equal(fresh.digestKey, digestKey);
                    return { ...captured, cli: previewOf(fresh, fresh.out) };
                }),
            );
        }
        return checkedIn.get(stack)!;
    };

    for (const stack of ["dev", "staging", "prod"]) {
        it(`${stack}: no captured secret in the preview's stdout, stderr, plan.json or plan.md`, async () => {
            const label = `stacks/Pulumi.${stack}.yaml`;
            const { run, secrets, cli } = await previewCheckedIn(stack);
            assert.ok(cli.status === 0 || cli.status === 1, cli.stderr);
            assertSameRun(cli.plan, run);

            // Every cluster's Kubernetes provider sent its kubeconfig as a secret, and the plan
            // holds the keyed digest of exactly the value captured here.
            const providers = run.resources.filter((r) => r.type === PROVIDER_TYPE);
            assert.ok(providers.length >= 2);
            for (const provider of providers) {
                const sent = secrets.filter((s) => s.source === provider.urn);
                assert.equal(sent.length, 1, `${provider.urn}: one secret`);
                const inPlan = cli.plan.resources.find((r) => r.urn === provider.urn)?.inputs.kubeconfig;
                assert.equal(
                    inPlan,
                    secretMark(sent[0].value),
                    `${provider.urn}: the plan holds the captured value's digest`,
                );
                assert.match(String(inPlan), /^\[secret:[0-9a-f]{16}\]$/);
            }
            const kinds = new Set(
                secrets.map((s) => {
                    if (typeof s.value === "string" && s.value.startsWith(`${SECURE_PLACEHOLDER}:`))
                        return "secure config";
                    return asKubeconfig(s.value)?.users[0].user.exec.command ?? "other";
                }),
            );
            assert.ok(kinds.has("aws") && kinds.has("gke-gcloud-auth-plugin"), `kinds: ${[...kinds]}`);
            if (stack === "staging") {
                // The existing cluster's kubeconfig is the stack file's secure value, as the program got it.
                const lab = secrets.find((s) => s.source.endsWith(`$${PROVIDER_TYPE}::lab-fra-k8s`));
                const clusters = readStackFile(stackFilePath(stack)).fleetRaw.clusters as {
                    name: string;
                    kubeconfig?: string;
                }[];
                assert.equal(lab?.value, clusters.find((c) => c.name === "lab-fra")?.kubeconfig);
                assert.match(String(lab?.value), new RegExp(`^${SECURE_PLACEHOLDER}:[0-9a-f]{12}$`));
            }

            const ciphertexts = ciphertextsOf(fs.readFileSync(stackFilePath(stack), "utf8"));
            assertNoLeaks(
                secrets,
                { stdout: cli.stdout, stderr: cli.stderr, "plan.json": cli.planJson, "plan.md": cli.planMd },
                ciphertexts.map((text) => ({ label: `${label}: secure ciphertext`, text })),
            );
        });
    }

    it("staging changed in its secrets: the diff says so, and neither side's secrets are in the report, comment or summary", async () => {
        const before = await previewCheckedIn("staging");
        // Head: the lab kubeconfig re-encrypted (new ciphertext), the EKS cluster moved to
        // another region and a GKE cluster to another project, so both generated kubeconfigs change.
        const original = fs.readFileSync(stackFilePath("staging"), "utf8");
        const document = YAML.parse(original) as { config: Record<string, unknown> };
        const clusters = document.config["fedfleet:clusters"] as Record<string, unknown>[];
        const byName = (name: string) => clusters.find((c) => c.name === name)!;
        byName("lab-fra").kubeconfig = {
            secure: "v1:Qm9yZWFsaXNCbHVl:dGhpcyBpcyBhIGRpZmZlcmVudCBjaXBoZXJ0ZXh0IG9mIHRoZSBsYWI=",
        };
        byName("aws-use2").region = "us-west-2";
        byName("gke-usc1").project = "acme-fleet-staging-b";
        const headYaml = YAML.stringify(document);
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fedfleet-secrets-head-"));
        try {
            // Named like the checked-in file so the stack, and so the URNs, stay the same.
            const headFile = path.join(dir, "Pulumi.staging.yaml");
            fs.writeFileSync(headFile, headYaml);
            const head = await capture(headFile, headFile, "staging");
            const cli = preview(["--config", headFile], digestKey);
            assert.ok(cli.status === 0 || cli.status === 1, cli.stderr);
            assertSameRun(cli.plan, head.run);

            // The three kubeconfigs really changed, and the fourth did not.
            const valueOf = (secrets: Captured[], provider: string) =>
                secrets.find((s) => s.source.endsWith(`::${provider}`))?.value;
            for (const provider of ["lab-fra-k8s", "aws-use2-k8s", "gke-usc1-k8s"]) {
                assert.ok(valueOf(head.secrets, provider), provider);
                assert.notEqual(valueOf(head.secrets, provider), valueOf(before.secrets, provider), provider);
            }
            assert.equal(valueOf(head.secrets, "gke-euw4-k8s"), valueOf(before.secrets, "gke-euw4-k8s"));

            const diff = diffPlans("staging", before.cli.plan, cli.plan);
            const report = renderReport(diff, before.cli.plan, cli.plan);
            const comment = renderComment("staging", report);
            // The diff saw each change, masked: it is not silent about secrets, only discreet.
            const kubeconfigChange = (provider: string) =>
                diff.changes.find((c) => c.name === provider)?.properties.find((p) => p.path === "kubeconfig");
            for (const provider of ["lab-fra-k8s", "aws-use2-k8s", "gke-usc1-k8s"]) {
                assert.deepEqual(
                    kubeconfigChange(provider),
                    { path: "kubeconfig", before: "[secret]", after: "[secret] (changed)" },
                    provider,
                );
            }
            assert.equal(kubeconfigChange("gke-euw4-k8s"), undefined);
            assert.ok(`${report.head}${report.body}`.includes("`kubeconfig`: `[secret]` → `[secret] (changed)`"));

            const ciphertexts = [...ciphertextsOf(original), ...ciphertextsOf(headYaml)];
            assert.equal(new Set(ciphertexts).size, 2);
            assertNoLeaks(
                [...before.secrets, ...head.secrets],
                {
                    "head stdout": cli.stdout,
                    "head stderr": cli.stderr,
                    "head plan.json": cli.planJson,
                    "head plan.md": cli.planMd,
                    "staging.md (report)": `${report.head}\n${report.body}`,
                    "staging.comment.md": comment.text,
                    // summary.json is a selection of the diff's fields, so the whole diff stands in for it.
                    "summary (the whole diff)": JSON.stringify(diff, null, 2),
                },
                ciphertexts.map((text) => ({ label: "secure ciphertext", text })),
            );
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("hands secret stack outputs to onSecret and exports them masked", async () => {
        // A stand-in program: the fleet program exports no secrets today, but the hook must catch them if it does.
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fedfleet-secrets-program-"));
        try {
            const secret = `token-${randomBytes(12).toString("hex")}`;
            const program = path.join(dir, "program.js");
            fs.writeFileSync(
                program,
                `const pulumi = require(${JSON.stringify(require.resolve("@pulumi/pulumi"))});
exports.plain = pulumi.output("public");
exports.nested = { credentials: pulumi.secret(${JSON.stringify(secret)}) };
`,
            );
            const stackFile = path.join(dir, "Pulumi.test.yaml");
            fs.writeFileSync(stackFile, stackYaml(EXISTING_CLUSTER));
            const captured: Captured[] = [];
            const run = await runProgram({
                stackFile,
                programPath: program,
                onSecret: (value, source) => captured.push({ source, value }),
            });
            assert.deepEqual(captured, [{ source: "stack output nested.credentials", value: secret }]);
            assert.deepEqual(run.outputs, { plain: "public", nested: { credentials: secretMark(secret) } });
            assert.ok(!planJson(run).includes(secret));
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
