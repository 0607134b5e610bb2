// `npm run urns -- --update` never swallows a loss: a rewrite that would drop recorded URNs
// is refused, naming them, unless --allow-delete says the deletion is intended.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { main, snapshotFile } from "../../../tools/urns/cli";
import { PROJECT_ROOT } from "../../support/plan";

/** Runs the CLI, capturing what it prints. */
async function runUrns(argv: string[], root: string): Promise<{ code: number; stdout: string; stderr: string }> {
    const out: string[] = [];
    const err: string[] = [];
    const [write, writeErr] = [process.stdout.write, process.stderr.write];
    process.stdout.write = ((chunk: string) => out.push(String(chunk)) > 0) as typeof process.stdout.write;
    process.stderr.write = ((chunk: string) => err.push(String(chunk)) > 0) as typeof process.stderr.write;
    try {
        const code = await main(argv, root);
        return { code, stdout: out.join(""), stderr: err.join("") };
    } finally {
        process.stdout.write = write;
        process.stderr.write = writeErr;
    }
}

describe("npm run urns -- --update", () => {
    let root: string;
    const snapshot = () => fs.readFileSync(path.join(root, snapshotFile("prod")), "utf8");

    before(() => {
        // A project of one stack: prod, with its first cluster renamed and no alias.
        root = fs.mkdtempSync(path.join(os.tmpdir(), "fedfleet-urns-"));
        fs.mkdirSync(path.join(root, "stacks"));
        fs.mkdirSync(path.join(root, "test", "urns"), { recursive: true });
        const prod = fs.readFileSync(path.join(PROJECT_ROOT, "stacks", "Pulumi.prod.yaml"), "utf8");
        assert.ok(prod.includes("- name: aws-use1"));
        const renamed = prod
            .replace("- name: aws-use1", "- name: aws-use1a")
            .replaceAll("aws-use1,", "aws-use1a,")
            .replaceAll("aws-use1:", "aws-use1a:")
            .replace("primary: aws-use1 ", "primary: aws-use1a ")
            .replace("clusters: [aws-use1]", "clusters: [aws-use1a]");
        fs.writeFileSync(path.join(root, "stacks", "Pulumi.prod.yaml"), renamed);
        fs.copyFileSync(path.join(PROJECT_ROOT, snapshotFile("prod")), path.join(root, snapshotFile("prod")));
    });
    after(() => fs.rmSync(root, { recursive: true, force: true }));

    it("refuses to rewrite a snapshot that loses URNs, names them, and leaves it untouched", async () => {
        const before = snapshot();
        const result = await runUrns(["--update"], root);
        assert.equal(result.code, 1, result.stdout + result.stderr);
        assert.equal(snapshot(), before);
        assert.match(result.stderr, /URNs? of stack prod would be lost/);
        assert.match(result.stderr, /fedfleet:cluster:EksCluster::aws-use1\n/);
        assert.match(
            result.stderr,
            /No snapshot was written\. If these deletions are intended, run `npm run urns -- --update --allow-delete`/,
        );
        assert.equal(result.stdout, "");
    });

    it("rewrites it with --allow-delete", async () => {
        const result = await runUrns(["--update", "--allow-delete"], root);
        assert.equal(result.code, 0, result.stderr);
        assert.ok(snapshot().includes("fedfleet:cluster:EksCluster::aws-use1a\n"));
        assert.ok(!snapshot().includes("fedfleet:cluster:EksCluster::aws-use1\n"));
        assert.match(result.stdout, /wrote test\/urns\/prod\.urns\.txt: \d+ URNs \(\+\d+ -\d+\)/);
    });

    it("takes --allow-delete only with --update", async () => {
        assert.equal((await runUrns(["--allow-delete"], root)).code, 2);
    });
});

describe("npm run urns on a stack file with a config error", () => {
    let root: string;

    before(() => {
        // prod with its first cluster renamed but one placement still naming the old name.
        root = fs.mkdtempSync(path.join(os.tmpdir(), "fedfleet-urns-bad-"));
        fs.mkdirSync(path.join(root, "stacks"));
        fs.mkdirSync(path.join(root, "test", "urns"), { recursive: true });
        const prod = fs.readFileSync(path.join(PROJECT_ROOT, "stacks", "Pulumi.prod.yaml"), "utf8");
        fs.writeFileSync(path.join(root, "stacks", "Pulumi.prod.yaml"), prod.replace("- name: aws-use1", "- name: x1"));
        fs.copyFileSync(path.join(PROJECT_ROOT, snapshotFile("prod")), path.join(root, snapshotFile("prod")));
    });
    after(() => fs.rmSync(root, { recursive: true, force: true }));

    for (const argv of [[], ["--update"]]) {
        it(`${["urns", ...argv].join(" ")}: exits 2 with the config error in one line, no stack trace, nothing written`, async () => {
            const before = fs.readFileSync(path.join(root, snapshotFile("prod")), "utf8");
            const result = await runUrns(argv, root);
            assert.equal(result.code, 2, result.stderr);
            assert.match(
                result.stderr,
                // The first reference to the missing cluster the validation meets: a placement or a rollout wave.
                /^error: stacks\/Pulumi\.prod\.yaml: fedfleet:(services\[\d+\]\.placement|rollout\.waves\[\d+\])\.clusters\[\d+\]: expected .*, found unknown cluster "aws-use1"\n$/,
            );
            assert.equal(result.stdout, "");
            assert.equal(fs.readFileSync(path.join(root, snapshotFile("prod")), "utf8"), before);
        });
    }
});
