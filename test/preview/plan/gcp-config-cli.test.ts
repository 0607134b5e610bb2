// Mistakes Google Cloud would refuse at create time, refused by npm run plan first: exit 2,
// one line naming the stack file, the config path, the two ranges or the rule, and no files.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { PROJECT_ROOT } from "../../support/plan";
import { refusal } from "../../support/plan-cli";

const staging = () => fs.readFileSync(path.join(PROJECT_ROOT, "stacks", "Pulumi.staging.yaml"), "utf8");

const CASES: { what: string; edit: (text: string) => string; line: RegExp }[] = [
    {
        what: "a pod range with host bits",
        edit: (t) => t.replace("podCidr: 10.52.0.0/14", "podCidr: 10.54.0.0/14"),
        line: /: fedfleet:clusters\[2\]\.podCidr: expected a network with no host bits set \(10\.52\.0\.0\/14\), found "10\.54\.0\.0\/14"$/,
    },
    {
        what: "a service range inside the pod range",
        edit: (t) => t.replace("serviceCidr: 10.58.0.0/20", "serviceCidr: 10.53.0.0/20"),
        line: /: fedfleet:clusters\[2\]\.serviceCidr: expected a range apart from podCidr 10\.52\.0\.0\/14 \(GKE's ranges must not overlap\), found 10\.53\.0\.0\/20, which overlaps it$/,
    },
    {
        what: "a GKE cluster named with a leading digit",
        edit: (t) => t.replace("- name: gke-euw4", "- name: 4gke-euw"),
        line: /: fedfleet:clusters\[2\]\.name: expected a Google Cloud cluster name starting with a letter/,
    },
    {
        what: "a node pool name over 40 characters",
        edit: (t) => t.replace(/(- name: gke-euw4[\s\S]*?nodePools:\n {8}- name: )general/, `$1${"g".repeat(41)}`),
        line: /: fedfleet:clusters\[2\]\.nodePools\[0\]\.name: expected a GKE node pool name of at most 40 characters, found 41 characters$/,
    },
    {
        what: "Cloud DNS health checks every 10 s",
        edit: (t) =>
            t.replace(
                "healthCheck: { intervalSeconds: 30, failureThreshold: 3 }",
                "healthCheck: { intervalSeconds: 10, failureThreshold: 3 }",
            ),
        line: /: fedfleet:dns\.healthCheck\.intervalSeconds: expected a whole number of seconds from 30 to 300 \(Cloud DNS health checks probe from source regions, which need at least 30\), found 10$/,
    },
];

describe("npm run plan: Google Cloud mistakes", function () {
    this.timeout(60_000);

    // The first case as a real process (exit status, flushed output), the others in this one.
    for (const [index, { what, edit, line }] of CASES.entries()) {
        const how = index === 0 ? "process" : "in-process";
        it(`exits 2 with one line and no files for ${what} (${how})`, async () => {
            const text = edit(staging());
            assert.notEqual(text, staging(), "the edit applies");
            assert.match(await refusal("Pulumi.staging.yaml", text, how), line);
        });
    }
});
