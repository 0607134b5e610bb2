import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { readStackFile, SECURE_PLACEHOLDER, StackFileError } from "../../../src/preview/harness/stack-file";

function write(text: string): string {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "fedfleet-stackfile-")), "Pulumi.x.yaml");
    fs.writeFileSync(file, text);
    return file;
}

describe("readStackFile", () => {
    it("passes structured values as JSON and scalars as text, as the Pulumi language host does", () => {
        const file = write("config:\n  fedfleet:federation: {name: a}\n  aws:region: us-east-1\n  plain: 3\n");
        const read = readStackFile(file);
        assert.deepEqual(read.config, {
            "fedfleet:federation": '{"name":"a"}',
            "aws:region": "us-east-1",
            "fedfleet:plain": "3",
        });
        assert.deepEqual(read.fleetRaw, { federation: { name: "a" }, plain: 3 });
        assert.deepEqual(read.secretKeys, []);
    });

    it("turns nested secure values into placeholders and marks their key secret", () => {
        const file = write("config:\n  fedfleet:clusters:\n    - name: a\n      kubeconfig:\n        secure: v1:xyz\n");
        const read = readStackFile(file);
        assert.deepEqual(read.secretKeys, ["fedfleet:clusters"]);
        const clusters = read.fleetRaw.clusters as { name: string; kubeconfig: string }[];
        assert.equal(clusters[0].name, "a");
        // A hash of the ciphertext, never the ciphertext: a re-encrypted secret reads as changed.
        assert.match(clusters[0].kubeconfig, new RegExp(`^${SECURE_PLACEHOLDER}:[0-9a-f]{12}$`));
        assert.ok(!read.config["fedfleet:clusters"].includes("v1:xyz"));
    });

    it("reports unreadable files and broken YAML in one line naming the file", () => {
        assert.throws(
            () => readStackFile("/no/such/Pulumi.x.yaml", "stacks/Pulumi.x.yaml"),
            (error: Error) =>
                error instanceof StackFileError &&
                error.message === "stacks/Pulumi.x.yaml: expected a readable stack file, found none",
        );
        const broken = write("config:\n  a: [1, 2\n");
        assert.throws(
            () => readStackFile(broken, "stacks/Pulumi.b.yaml"),
            (error: Error) =>
                error instanceof StackFileError &&
                /^stacks\/Pulumi\.b\.yaml: expected YAML, found a syntax error/.test(error.message) &&
                !error.message.includes("\n"),
        );
    });
});

describe("readStackFile: where secrets may live", () => {
    it("rejects a secure value anywhere but an existing cluster's kubeconfig, in one line", () => {
        const file = write(
            "config:\n  fedfleet:services:\n    - name: a\n      containers:\n        - env: { API_KEY: { secure: v1:xyz } }\n",
        );
        assert.throws(
            () => readStackFile(file, "stacks/Pulumi.x.yaml"),
            (error: Error) =>
                error instanceof StackFileError &&
                error.message ===
                    "stacks/Pulumi.x.yaml: fedfleet:services[0].containers[0].env.API_KEY: expected a plain value (only clusters[].kubeconfig may be a secure value; keep application secrets in a secret store), found a secure value",
        );
    });

    it("says what it found when the file is not a map", () => {
        assert.throws(
            () => readStackFile(write("- a\n- b\n"), "stacks/Pulumi.x.yaml"),
            /^StackFileError: stacks\/Pulumi\.x\.yaml: expected a map with a config: section, found a list$/,
        );
    });
});
