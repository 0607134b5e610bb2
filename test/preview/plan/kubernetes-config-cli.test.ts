// What a Kubernetes API server would refuse, refused by npm run plan first: exit 2, one line
// naming the stack file, the config path, what was expected and what was found, and no files.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { PROJECT_ROOT } from "../../support/plan";
import { refusal } from "../../support/plan-cli";

const dev = () => fs.readFileSync(path.join(PROJECT_ROOT, "stacks", "Pulumi.dev.yaml"), "utf8");

const CASES: { what: string; edit: (text: string) => string; line: RegExp }[] = [
    {
        what: "a Service named 2fa (DNS-1035: k/k ValidateServiceName)",
        edit: (t) => t.replace("- name: storefront", "- name: 2fa"),
        line: /: fedfleet:services\[0\]\.name: expected a DNS-1035 label \(a lower-case letter, .*, found "2fa"$/,
    },
    {
        what: "a port named http--alt (IANA_SVC_NAME: apimachinery IsValidPortName)",
        edit: (t) =>
            t.replace(
                "ports: [{ name: http, containerPort: 8080 }]",
                "ports: [{ name: http--alt, containerPort: 8080 }]",
            ),
        line: /: fedfleet:services\[0\]\.containers\[0\]\.ports\[0\]\.name: expected .* no '--', found "http--alt"$/,
    },
    {
        what: "requests.cpu 4 with limits.cpu 1 (k/k validateResourceRequirements)",
        edit: (t) => t.replace("requests: { cpu: 100m, memory: 128Mi }", "requests: { cpu: 4, memory: 128Mi }"),
        line: /: fedfleet:services\[0\]\.containers\[0\]\.resources\.requests\.cpu: expected at most the cpu limit 500m, found 4$/,
    },
    {
        what: "an annotation key 'bad key!' (apimachinery ValidateAnnotations)",
        edit: (t) =>
            t.replace(
                "      ports: [{ name: http, port: 80, targetPort: 8080 }]",
                '      ports: [{ name: http, port: 80, targetPort: 8080 }]\n      overrides: { aws-use1: { annotations: { "bad key!": x } } }',
            ),
        line: /: fedfleet:services\[0\]\.overrides\.aws-use1\.annotations: expected annotation keys that are Kubernetes qualified names .*, found "bad key!"$/,
    },
    {
        what: "NotIn without values (apimachinery ValidateLabelSelectorRequirement)",
        edit: (t) =>
            t.replace(
                "selector: { matchLabels: { env: dev } }",
                "selector: { matchLabels: { env: dev }, matchExpressions: [{ key: tier, operator: NotIn }] }",
            ),
        line: /: fedfleet:services\[0\]\.placement\.selector\.matchExpressions\[0\]\.values: expected at least one value \(operator NotIn\), found none$/,
    },
    {
        what: "Exists with values (apimachinery ValidateLabelSelectorRequirement)",
        edit: (t) =>
            t.replace(
                "selector: { matchLabels: { env: dev } }",
                "selector: { matchLabels: { env: dev }, matchExpressions: [{ key: tier, operator: Exists, values: [general] }] }",
            ),
        line: /: fedfleet:services\[0\]\.placement\.selector\.matchExpressions\[0\]\.values: expected no values \(operator Exists tests only that the key is there\), found 1 value\(s\)$/,
    },
    {
        what: "an unquoted * preference",
        edit: (t) => t.replace("          gke-euw1: { weight: 1, minReplicas: 1 }", "          *: { weight: 1 }"),
        line: /Pulumi\.dev\.yaml: line \d+: expected a quoted key, as in "\*": \{ weight: 1 \}/,
    },
];

describe("npm run plan: what a Kubernetes API server would refuse", function () {
    this.timeout(60_000);

    // The first case as a real process (exit status, flushed output), the others in this one.
    for (const [index, { what, edit, line }] of CASES.entries()) {
        const how = index === 0 ? "process" : "in-process";
        it(`exits 2 with one line and no files for ${what} (${how})`, async () => {
            const text = edit(dev());
            assert.notEqual(text, dev(), "the edit applies");
            assert.match(await refusal("Pulumi.dev.yaml", text, how), line);
        });
    }
});
