// Mistakes in fedfleet:rollout and a service's own rollout, as a user meets them: the offline
// preview exits 2 with one line naming the stack file and the config path, and writes nothing.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import { stackFilePath } from "../../support/plan";
import { refusal } from "../../support/plan-cli";

const PROD = fs.readFileSync(stackFilePath("prod"), "utf8");
/** prod's rollout block as shipped, which each case replaces. */
const SHIPPED = / {2}fedfleet:rollout:\n(?: {4}.*\n)+/;

/** prod with `block` (YAML under `fedfleet:rollout:`, indented 4) for its rollout. */
function prodWithRollout(block: string): string {
    assert.match(PROD, SHIPPED, "prod declares fedfleet:rollout");
    return PROD.replace(SHIPPED, `  fedfleet:rollout:\n${block}`);
}

/** The one line the preview refuses a prod stack file's text with (in this process). */
const refused = (text: string, how: "in-process" | "process" = "in-process") => refusal("Pulumi.prod.yaml", text, how);

describe("config: fedfleet:rollout mistakes exit 2 with one line", function () {
    this.timeout(120_000);

    const cases: { what: string; block: string; line: RegExp }[] = [
        {
            what: "an unknown cluster in a wave",
            block: "    waves:\n      - clusters: [aws-use1]\n      - clusters: [aws-euw1, aws-usw2]\n",
            line: /^error: \S*Pulumi\.prod\.yaml: fedfleet:rollout\.waves\[1\]\.clusters\[1\]: expected a cluster of this stack \(aws-euw1, aws-use1, gke-euw4, gke-usc1\), found unknown cluster "aws-usw2"$/,
        },
        {
            what: "a cluster in two waves",
            block: "    waves:\n      - clusters: [aws-use1]\n      - selector: { matchLabels: { tier: edge } }\n",
            line: /^error: \S*Pulumi\.prod\.yaml: fedfleet:rollout\.waves\[1\]\.selector: expected clusters in one wave each .*, found aws-use1, already in waves\[0\]$/,
        },
        {
            what: "a cluster named in two waves, located at its second mention",
            block: "    waves:\n      - clusters: [aws-use1]\n      - clusters: [aws-euw1, aws-use1]\n",
            line: /^error: \S*Pulumi\.prod\.yaml: fedfleet:rollout\.waves\[1\]\.clusters\[1\]: expected clusters in one wave each .*, found aws-use1, already in waves\[0\]$/,
        },
        {
            what: "an empty wave",
            block: "    waves:\n      - clusters: []\n",
            line: /^error: \S*Pulumi\.prod\.yaml: fedfleet:rollout\.waves\[0\]\.clusters: expected a wave of at least one cluster .*, found no clusters$/,
        },
        {
            what: "a wave whose selector matches no cluster",
            block: "    waves:\n      - selector: { matchLabels: { cloud: azure } }\n",
            line: /^error: \S*Pulumi\.prod\.yaml: fedfleet:rollout\.waves\[0\]\.selector: .*found a selector that matches no cluster$/,
        },
        {
            what: "a negative soak",
            block: "    waves:\n      - clusters: [aws-use1]\n    soakSeconds: -300\n",
            line: /^error: \S*Pulumi\.prod\.yaml: fedfleet:rollout\.soakSeconds: expected a number >= 0, found -300$/,
        },
        {
            what: "a hold of an unknown cluster",
            block: "    hold: [aws-usw2]\n",
            line: /^error: \S*Pulumi\.prod\.yaml: fedfleet:rollout\.hold\[0\]: expected a cluster of this stack .*, found unknown cluster "aws-usw2"$/,
        },
        {
            what: "a wave selector Kubernetes would refuse",
            block: "    waves:\n      - selector: { matchExpressions: [{ key: cloud, operator: In }] }\n",
            line: /^error: \S*Pulumi\.prod\.yaml: fedfleet:rollout\.waves\[0\]\.selector\.matchExpressions\[0\]\.values: expected at least one value \(operator In\), found none$/,
        },
        {
            what: "a misspelt key",
            block: "    wave:\n      - clusters: [aws-use1]\n",
            line: /^error: \S*Pulumi\.prod\.yaml: fedfleet:rollout\.wave: expected a key from the config reference .*, found unknown key "wave"$/,
        },
    ];
    // The first case as a real process, the rest in this one (test/support/plan-cli.ts).
    cases.forEach(({ what, block, line }, index) =>
        it(`refuses ${what}`, async () => {
            assert.match(await refused(prodWithRollout(block), index === 0 ? "process" : "in-process"), line);
        }),
    );

    it("locates a mistake in a service's own rollout under the service", async () => {
        const text = PROD.replace(
            "    - name: checkout\n      namespace: payments\n",
            "    - name: checkout\n      namespace: payments\n      rollout: { waves: [{ clusters: [aws-use1, gke-euw9] }] }\n",
        );
        assert.notEqual(text, PROD);
        assert.match(
            await refused(text),
            /^error: \S*Pulumi\.prod\.yaml: fedfleet:services\[1\]\.rollout\.waves\[0\]\.clusters\[1\]: expected a cluster of this stack .*, found unknown cluster "gke-euw9"$/,
        );
    });

    it("refuses skipAwait on a Deployment of a waved service", async () => {
        const text = PROD.replace(
            "          serviceAnnotations:\n",
            '          annotations: { "pulumi.com/skipAwait": "true" }\n          serviceAnnotations:\n',
        );
        assert.notEqual(text, PROD);
        assert.match(
            await refused(text),
            /^error: \S*Pulumi\.prod\.yaml: fedfleet:services\[1\]\.overrides\.aws-use1\.annotations\["pulumi\.com\/skipAwait"\]: expected no pulumi\.com\/skipAwait, .*found "pulumi\.com\/skipAwait"$/,
        );
    });
});
