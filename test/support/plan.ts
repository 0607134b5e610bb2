// Test helpers: run the real program for a stack file (or YAML text) under the mock
// engine and query what it registered.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { byKey } from "../../src/plan/core/order";
import { ProgramRun, runProgram } from "../../src/preview/harness/run-program";
import type { RecordedResource } from "../../src/preview/harness/recording-monitor";
import { previewProcessArgs } from "./node-process";

/** The project root: tests run compiled, from `dist/test/support/`. */
export const PROJECT_ROOT = path.resolve(__dirname, "..", "..", "..");

/** A checked-in stack file: `stacks/Pulumi.<stack>.yaml`. */
export function stackFilePath(stack: string): string {
    return path.join(PROJECT_ROOT, "stacks", `Pulumi.${stack}.yaml`);
}

/**
 * Runs the compiled offline preview (`npm run plan`'s command) from the project root, as a user
 * would but with the tests' Node flags (TEST_PROCESS_FLAGS: the same output, less CPU).
 */
export function runPlanCli(
    args: string[],
    env: Record<string, string> = {},
): { status: number | null; stdout: string; stderr: string } {
    const result = spawnSync(
        process.execPath,
        previewProcessArgs(path.join(PROJECT_ROOT, "dist", "src", "preview", "plan", "cli.js"), args),
        {
            cwd: PROJECT_ROOT,
            encoding: "utf8",
            env: { ...process.env, ...env },
        },
    );
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * What the program reads besides its stack file and the checked-in stack files (the shared
 * quotas; tests never change the checkout): fedfleet's and Pulumi's environment variables (a
 * test may set FEDFLEET_SECRET_DIGEST_KEY, say). Not FEDFLEET_STACK_FILE: the harness sets it
 * from the label before each run.
 */
export function programEnvironment(): [string, string][] {
    return Object.entries(process.env)
        .filter(
            (entry): entry is [string, string] =>
                /^(FEDFLEET|PULUMI)_/.test(entry[0]) && entry[0] !== "FEDFLEET_STACK_FILE" && entry[1] !== undefined,
        )
        .sort(byKey(([name]) => name));
}

/**
 * Values made once per key and kept: the least recently asked for go first once more than
 * `kept` are held (Infinity: none goes), except the pinned ones, which stay for the process's
 * life. A value whose promise rejects is dropped: the next caller makes its own.
 */
export class SharedValues<T> {
    private readonly pinned = new Map<string, Promise<T>>();
    private readonly recent = new Map<string, Promise<T>>();

    constructor(private readonly kept: number) {}

    /** The value kept for `key`, or the one `make` makes now (pinned if `pin`). */
    get(key: string, pin: boolean, make: () => Promise<T>): Promise<T> {
        const kept = this.pinned.get(key) ?? this.recent.get(key);
        if (kept) {
            // Asked for again: the most recent now (a Map keeps insertion order).
            if (this.recent.delete(key)) this.recent.set(key, kept);
            return kept;
        }
        const made = make();
        const held = pin ? this.pinned : this.recent;
        held.set(key, made);
        made.catch(() => {
            if (held.get(key) === made) held.delete(key);
        });
        for (const oldest of this.recent.keys()) {
            if (this.recent.size <= this.kept) break;
            this.recent.delete(oldest);
        }
        return made;
    }
}

/**
 * Runs kept at most besides the checked-in stacks', the least recently asked for going first: a
 * worker previews hundreds of texts, most once.
 */
const RUNS_KEPT = 32;
const runsByText = new SharedValues<ProgramRun>(RUNS_KEPT);
/** The checked-in stack files' texts (tests never change the checkout), null for a stack with none. */
const checkedInTexts = new Map<string, string | null>();

/** Whether a text is its stack's checked-in stack file, which files across the suite preview again and again. */
export function isCheckedIn(yamlText: string, stack: string): boolean {
    if (!checkedInTexts.has(stack)) {
        const file = stackFilePath(stack);
        checkedInTexts.set(stack, fs.existsSync(file) ? fs.readFileSync(file, "utf8") : null);
    }
    return checkedInTexts.get(stack) === yamlText;
}

/**
 * The program's run for a stack file's text, labelled as `stacks/Pulumi.<stack>.yaml`, once per
 * text, stack and environment in this process: the program is deterministic (run-program.test.ts
 * checks that on fresh runs), and tests preview the same texts again and again (a checked-in
 * stack, a base compared with many heads). The run is shared: callers that edit take a copy.
 * A failed run is not kept: the next caller sees its own failure. At most RUNS_KEPT are kept,
 * and the checked-in stacks' runs besides them: asked for by file after file, a run evicted
 * by a file's many heads was made again by the next (5 core-seconds of a full run).
 */
export function sharedRunOfText(yamlText: string, stack: string): Promise<ProgramRun> {
    const key = JSON.stringify([yamlText, stack, programEnvironment()]);
    return runsByText.get(key, isCheckedIn(yamlText, stack), () => runText(yamlText, stack));
}

/** Writes the text to a temporary stack file and runs the program for it. */
async function runText(yamlText: string, stack: string): Promise<ProgramRun> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fedfleet-test-"));
    const file = path.join(dir, `Pulumi.${stack}.yaml`);
    fs.writeFileSync(file, yamlText);
    try {
        return await runProgram({ stackFile: file, stackFileLabel: `stacks/Pulumi.${stack}.yaml` });
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

/** The run of a checked-in stack, shared by every caller in this process (see sharedRunOfText). */
export function planStack(stack: string): Promise<ProgramRun> {
    return sharedRunOfText(fs.readFileSync(stackFilePath(stack), "utf8"), stack);
}

/** An edit of a copy of a stack's registrations; `find` returns the first of a type (and name), or fails. */
export type RegistrationsEdit = (
    resources: RecordedResource[],
    find: (type: string, name?: string) => RecordedResource,
) => void;

/** A deep copy of what a checked-in stack registers, with `edit` applied: a defect made on purpose. */
export async function stackResourcesWith(stack: string, edit: RegistrationsEdit): Promise<RecordedResource[]> {
    const resources = JSON.parse(JSON.stringify((await planStack(stack)).resources)) as RecordedResource[];
    const find = (type: string, name?: string) => {
        const found = resources.find((r) => r.type === type && (name === undefined || r.name === name));
        assert.ok(found, `${stack} registers a ${type}${name ? ` named ${name}` : ""}`);
        return found;
    };
    edit(resources, find);
    return resources;
}

/** The program's run for a stack file's text: a copy of its own, to read or edit (see sharedRunOfText). */
export async function planYaml(yamlText: string, stack = "test"): Promise<ProgramRun> {
    return structuredClone(await sharedRunOfText(yamlText, stack));
}

/** Everything the run registered of one type. */
export function ofType(run: ProgramRun, type: string): RecordedResource[] {
    return run.resources.filter((resource) => resource.type === type);
}

/** The one resource of a type (and name) the run registered; throws unless there is exactly one. */
export function one(run: ProgramRun, type: string, name?: string): RecordedResource {
    const found = ofType(run, type).filter((resource) => name === undefined || resource.name === name);
    if (found.length !== 1)
        throw new Error(`expected one ${type}${name ? ` named ${name}` : ""}, found ${found.length}`);
    return found[0];
}

/** The run's resources by URN. */
export function byUrn(run: ProgramRun): Map<string, RecordedResource> {
    return new Map(run.resources.map((resource) => [resource.urn, resource]));
}

/** Every ancestor URN of a resource, nearest first. */
export function ancestors(run: ProgramRun, resource: RecordedResource): string[] {
    const index = byUrn(run);
    const chain: string[] = [];
    let parent = resource.parent;
    while (parent) {
        chain.push(parent);
        parent = index.get(parent)?.parent;
    }
    return chain;
}

/** A minimal valid stack, with the clusters given as YAML list items (indented 4). */
export function stackYaml(clustersYaml: string, environment = "dev"): string {
    return `config:
  fedfleet:federation:
    name: acme
    domain: test.fleet.example.com
    environment: ${environment}
  fedfleet:clusters:
${clustersYaml}`;
}

/** An `aws` cluster entry for stackYaml: a public endpoint for one CIDR, one admin, one node group. */
export const AWS_CLUSTER = `    - name: aws-use1
      cloud: aws
      region: us-east-1
      kubernetesVersion: "1.35"
      vpcCidr: 10.10.0.0/16
      publicAccessCidrs: [198.51.100.0/24]
      adminPrincipalArns: [arn:aws:iam::123456789012:role/platform-admin]
      nodePools:
        - name: general
          instanceType: m6i.large
          minSize: 2
          maxSize: 5
          desiredSize: 3
`;

/** A `gcp` cluster entry for stackYaml: one authorized CIDR, one node pool. */
export const GCP_CLUSTER = `    - name: gke-euw1
      cloud: gcp
      region: europe-west1
      project: acme-fleet-test
      authorizedCidrs: [198.51.100.0/24]
      nodePools:
        - name: general
          machineType: e2-standard-4
          minNodesPerZone: 1
          maxNodesPerZone: 3
`;

/** An `existing` cluster entry for stackYaml, its kubeconfig a `secure:` value. */
export const EXISTING_CLUSTER = `    - name: lab-fra
      cloud: existing
      region: eu-central
      zones: [rack-a, rack-b]
      context: lab-admin
      kubeconfig:
        secure: v1:abc:def
`;
