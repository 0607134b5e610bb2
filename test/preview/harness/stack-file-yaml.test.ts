import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { readStackFile, StackFileError } from "../../../src/preview/harness/stack-file";

function write(text: string): string {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "fedfleet-stackyaml-")), "Pulumi.x.yaml");
    fs.writeFileSync(file, text);
    return file;
}

/** The message readStackFile throws for a stack file's text, labelled `stacks/Pulumi.x.yaml`. */
function errorFor(text: string): string {
    try {
        readStackFile(write(text), "stacks/Pulumi.x.yaml");
    } catch (error) {
        assert.ok(error instanceof StackFileError, String(error));
        return error.message;
    }
    assert.fail("expected a StackFileError");
}

describe("readStackFile: a bare * as a key", () => {
    // `*` starts a YAML alias, so `*: {...}` is a syntax error; users mean the key "*".
    const cases: [string, string, string][] = [
        [
            "a block mapping key",
            "config:\n  fedfleet:services:\n    - placement:\n        preferences:\n          *: { weight: 1 }\n",
            'stacks/Pulumi.x.yaml: line 5: expected a quoted key, as in "*": { weight: 1 } (unquoted, * starts a YAML alias), found *: { weight: 1 }',
        ],
        [
            "a key with a space before its colon",
            "config:\n  fedfleet:x:\n    * : 1\n",
            'stacks/Pulumi.x.yaml: line 3: expected a quoted key, as in "*" : 1 (unquoted, * starts a YAML alias), found * : 1',
        ],
        [
            "a key in a flow mapping",
            "config:\n  fedfleet:x: {a: 1, *: 2}\n",
            'stacks/Pulumi.x.yaml: line 2: expected a quoted key, as in fedfleet:x: {a: 1, "*": 2} (unquoted, * starts a YAML alias), found fedfleet:x: {a: 1, *: 2}',
        ],
        [
            "a longer key in a list item",
            "config:\n  fedfleet:x:\n    - *-east: 1\n",
            'stacks/Pulumi.x.yaml: line 3: expected a quoted key, as in - "*-east": 1 (unquoted, * starts a YAML alias), found - *-east: 1',
        ],
    ];
    for (const [what, text, expected] of cases) {
        it(`says to quote it, in one line naming the file and line: ${what}`, () => {
            assert.equal(errorFor(text), expected);
        });
    }

    it("leaves a real alias used as a key alone", () => {
        const read = readStackFile(write("config:\n  fedfleet:x:\n    base: &b k\n    map:\n      *b : 1\n"));
        assert.deepEqual(read.fleetRaw, { x: { base: "k", map: { k: 1 } } });
    });

    it("reports other YAML errors as a one-line syntax error, not as a key to quote", () => {
        for (const text of [
            "config:\n  a: [1, 2\n",
            "config:\n  a: &x: [1, 2\n", // a warning (anchor ending in :) as well as an error
            "config:\n  a: *missing\n", // an alias with no anchor, in value position
        ]) {
            const message = errorFor(text);
            assert.match(message, /^stacks\/Pulumi\.x\.yaml: expected YAML, found a syntax error \(.+\)$/);
            assert.ok(!message.includes("\n"), message);
            assert.ok(!message.includes("quoted key"), message);
        }
    });
});
