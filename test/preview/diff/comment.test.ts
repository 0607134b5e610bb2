import assert from "node:assert/strict";
import { COMMENT_LIMIT, commentMarker, renderComment } from "../../../src/preview/diff/comment";

describe("pull-request comment", () => {
    const head =
        "### fedfleet plan diff: `prod`\n\n**1 to create, 0 to update, 0 to delete, 1 to replace**\n\n#### Replacement and data-loss warnings\n\n- :warning: Would replace gke-euw1-gke: location changed.\n";

    it("starts with the stack's hidden marker and folds the body", () => {
        const { text, trimmed } = renderComment("prod", { head, body: "small body\n" });
        assert.equal(trimmed, false);
        assert.ok(text.startsWith(`${commentMarker("prod")}\n### fedfleet plan diff`));
        assert.match(text, /<details>\n<summary>Full report<\/summary>\n\nsmall body\n\n<\/details>\n$/);
        assert.notEqual(commentMarker("prod"), commentMarker("staging"));
    });

    it("trims a long body under 64,000 characters, keeping the summary and warnings and saying so", () => {
        const lines = Array.from(
            { length: 4000 },
            (_, i) => `- \`~\` update resource number ${i} with a longish description of its change`,
        );
        const body = `${lines.slice(0, 1000).join("\n")}\n\`\`\`mermaid\nflowchart LR\n${lines.slice(1000).join("\n")}\n\`\`\`\n`;
        assert.ok(body.length > COMMENT_LIMIT);
        const { text, trimmed } = renderComment("prod", { head, body });
        assert.equal(trimmed, true);
        assert.ok(text.length <= COMMENT_LIMIT, `${text.length}`);
        assert.ok(text.includes("Would replace gke-euw1-gke"), "warnings survive");
        assert.ok(text.includes("**1 to create"), "the summary survives");
        assert.match(text, /_Trimmed: \d+ of \d+ characters of the report were cut to fit a comment\./);
        assert.ok(text.trimEnd().endsWith("</details>"));
        assert.equal((text.match(/^```/gm) ?? []).length % 2, 0, "no fence left open");
    });
});
