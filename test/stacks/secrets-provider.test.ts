// A stack with `secure:` values is encrypted by a cloud KMS key, not a passphrase that CI
// would have to be handed: `secretsprovider` names the key, `encryptedkey` holds the stack's
// data key encrypted by it (Pulumi stack settings file reference).
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";
import { PROJECT_ROOT } from "../support/plan";

const STACKS = path.join(PROJECT_ROOT, "stacks");

/** Whether a parsed YAML value holds a `secure:` value anywhere. */
function holdsSecure(value: unknown): boolean {
    if (Array.isArray(value)) return value.some(holdsSecure);
    if (value === null || typeof value !== "object") return false;
    return Object.entries(value).some(([key, inner]) => key === "secure" || holdsSecure(inner));
}

describe("stack files", () => {
    const files = fs.readdirSync(STACKS).filter((f) => /^Pulumi\..+\.yaml$/.test(f));
    const read = (file: string) =>
        YAML.parse(fs.readFileSync(path.join(STACKS, file), "utf8")) as Record<string, unknown>;
    // The rule is for stack files with secure values; one without has no test rather than a test that checks nothing.
    const withSecureValues = files.filter((file) => holdsSecure(read(file).config));

    it("are found, and at least one holds secure values (so the check below is not empty)", () => {
        assert.ok(files.length >= 3, files.join(", "));
        assert.ok(withSecureValues.length > 0, files.join(", "));
    });

    for (const file of withSecureValues) {
        it(`${file}: secure values only with an awskms or gcpkms secrets provider and its encrypted key`, () => {
            const document = read(file);
            assert.match(String(document.secretsprovider), /^(awskms|gcpkms):\/\/\S+$/, "secretsprovider");
            assert.match(String(document.encryptedkey), /^[A-Za-z0-9+/]{16,}={0,2}$/, "encryptedkey (base64)");
            assert.equal(document.encryptionsalt, undefined, "a passphrase provider's salt");
        });
    }
});
