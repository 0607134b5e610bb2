// Every stack has secrets, whether or not its config holds a `secure:` value: fedfleet exports
// each cluster's kubeconfig as a secret output, which the state keeps encrypted by the stack's
// secrets provider (Pulumi stack settings file reference:
// https://www.pulumi.com/docs/iac/concepts/projects/stack-settings-file/).
// Without `secretsprovider` a self-managed backend falls back to a passphrase CI would have to
// be handed, so every checked-in stack names a cloud KMS key (issue 24: dev and prod did not).
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";
import { PROJECT_ROOT } from "../support/plan";

const STACKS = path.join(PROJECT_ROOT, "stacks");

describe("every stack file names a KMS secrets provider", () => {
    const files = fs.readdirSync(STACKS).filter((f) => /^Pulumi\..+\.yaml$/.test(f));

    it("finds the checked-in stacks", () => assert.ok(files.length >= 3, files.join(", ")));

    for (const file of files) {
        it(`${file}: an awskms or gcpkms secretsprovider and its encrypted data key, no passphrase salt`, () => {
            const document = YAML.parse(fs.readFileSync(path.join(STACKS, file), "utf8")) as Record<string, unknown>;
            assert.match(String(document.secretsprovider), /^(awskms|gcpkms):\/\/\S+$/, "secretsprovider");
            assert.match(String(document.encryptedkey), /^[A-Za-z0-9+/]{16,}={0,2}$/, "encryptedkey (base64)");
            assert.equal(document.encryptionsalt, undefined, "a passphrase provider's salt");
        });
    }
});
