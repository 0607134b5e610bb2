// The README is an entry page that leads into docs/, and the docs hold together: every
// relative link and anchor in README.md and docs/ reaches a file and a heading that exist, so
// moving or renaming a section cannot leave a dead "see X" behind.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { parseFleetConfig } from "../src/plan/config/validate";
import { FleetConfigError } from "../src/plan/core/config-error";
import { readStackFile } from "../src/preview/harness/stack-file";
import { PROJECT_ROOT, stackFilePath } from "./support/plan";
import { previewStackOnce } from "./support/shared-preview";

/** The bound for an entry page (issue 21: "README.md has at most 250 lines"). */
const README_MAX_LINES = 250;

/** Markdown text with fenced code blocks blanked, so code never counts as links or headings. */
function prose(markdown: string): string {
    let fenced = false;
    return markdown
        .split("\n")
        .map((line) => {
            if (/^\s*```/.test(line)) {
                fenced = !fenced;
                return "";
            }
            return fenced ? "" : line;
        })
        .join("\n");
}

/** Inline link targets (`[text](target)`) outside code: code spans are dropped first. */
function linkTargets(markdown: string): string[] {
    const text = prose(markdown).replace(/`[^`\n]*`/g, "");
    return [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]);
}

/**
 * The anchors GitHub gives a page's headings: lowercase, punctuation dropped (letters,
 * digits, spaces, `-` and `_` stay), spaces to `-`, and `-1`, `-2`, ... on repeats.
 */
function anchorsOf(markdown: string): Set<string> {
    const seen = new Map<string, number>();
    const anchors = new Set<string>();
    for (const [, title] of prose(markdown).matchAll(/^#{1,6} +(.+?) *#*$/gm)) {
        const base = title
            .toLowerCase()
            .replace(/[^\p{L}\p{N} _-]/gu, "")
            .replace(/ /g, "-");
        const count = seen.get(base) ?? 0;
        seen.set(base, count + 1);
        anchors.add(count === 0 ? base : `${base}-${count}`);
    }
    return anchors;
}

/** Relative links of one Markdown file that name no existing file, or no heading of it. */
function brokenLinks(file: string, markdown: string, read: (file: string) => string | undefined): string[] {
    const broken: string[] = [];
    for (const target of linkTargets(markdown)) {
        if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:: not ours to check
        const [pathPart, anchor] = target.split("#", 2);
        const resolved = pathPart ? path.posix.normalize(path.posix.join(path.posix.dirname(file), pathPart)) : file;
        const text = resolved === file ? markdown : read(resolved);
        if (text === undefined) {
            broken.push(`${file}: ${target}: no file ${resolved}`);
        } else if (anchor !== undefined && !anchorsOf(text).has(anchor)) {
            broken.push(`${file}: ${target}: ${resolved} has no heading #${anchor}`);
        }
    }
    return broken;
}

/** The fenced code blocks of a Markdown text, each with its info string and the prose line before it. */
function codeBlocks(markdown: string): { info: string; lines: string[]; before: string }[] {
    const blocks: { info: string; lines: string[]; before: string }[] = [];
    let open: { info: string; lines: string[]; before: string } | undefined;
    let before = "";
    for (const line of markdown.split("\n")) {
        const fence = /^```(.*)$/.exec(line);
        if (fence && !open) {
            open = { info: fence[1].trim(), lines: [], before };
        } else if (fence && open) {
            blocks.push(open);
            open = undefined;
        } else if (open) {
            open.lines.push(line);
        } else if (line.trim()) {
            before = line;
        }
    }
    return blocks;
}

/**
 * The lines of an excerpt that `source` does not hold in the same order. Blank lines and
 * elisions (`...`, `# ...`) are skipped; a line ending in `...` need only start a source line.
 */
function notExcerpted(excerpt: readonly string[], source: string): string[] {
    const sourceLines = source.split("\n");
    let next = 0;
    const missing: string[] = [];
    for (const line of excerpt) {
        if (!line.trim() || /^\s*(#\s*)?\.\.\.$/.test(line.trim()) || /^\s*# \.\.\./.test(line)) continue;
        const prefix = line.endsWith("...") ? line.replace(/\s*\.\.\.$/, "") : undefined;
        const found = sourceLines.findIndex(
            (candidate, index) =>
                index >= next && (prefix === undefined ? candidate === line : candidate.startsWith(prefix)),
        );
        if (found < 0) missing.push(line);
        else next = found + 1;
    }
    return missing;
}

/** A project file's text by its path from the root; "" for a directory; undefined when absent. */
function readProjectFile(file: string): string | undefined {
    const full = path.join(PROJECT_ROOT, file);
    if (!fs.existsSync(full)) return undefined;
    return fs.statSync(full).isDirectory() ? "" : fs.readFileSync(full, "utf8");
}

/** README.md and every Markdown page under docs/, as paths from the project root. */
function documentationFiles(): string[] {
    const docs = fs
        .readdirSync(path.join(PROJECT_ROOT, "docs"), { recursive: true, encoding: "utf8" })
        .filter((name) => name.endsWith(".md"))
        .map((name) => path.posix.join("docs", name.split(path.sep).join("/")))
        .sort();
    return ["README.md", ...docs];
}

describe("docs", () => {
    const readme = readProjectFile("README.md") ?? "";

    it(`README.md is an entry page: at most ${README_MAX_LINES} lines`, () => {
        const lines = readme.replace(/\n$/, "").split("\n").length;
        assert.ok(lines <= README_MAX_LINES, `README.md has ${lines} lines`);
    });

    it("README.md leads into at least three pages of docs/", () => {
        const pages = new Set(
            linkTargets(readme)
                .map((target) => target.split("#")[0])
                .filter((target) => /^docs\/.+\.md$/.test(target) && readProjectFile(target) !== undefined),
        );
        assert.ok(pages.size >= 3, `README.md links to ${[...pages].join(", ") || "no docs/ page"}`);
    });

    it("every relative link in README.md and docs/ reaches an existing file and heading", () => {
        const files = documentationFiles();
        const links = files.flatMap((file) => linkTargets(readProjectFile(file)!));
        assert.ok(links.filter((target) => !/^[a-z]+:/i.test(target)).length > 20, "relative links read");
        assert.deepEqual(
            files.flatMap((file) => brokenLinks(file, readProjectFile(file)!, readProjectFile)),
            [],
        );
    });

    it("the link check reports a missing file, a missing heading, and not what code shows", () => {
        const pages: Record<string, string> = {
            "docs/a.md": "# A\n\n## The deploy path: `fedfleet:deployer`\n\n## Names\n\n## Names\n",
        };
        const page = [
            "[ok](a.md#the-deploy-path-fedfleetdeployer) [ok](a.md#names-1) [ok](#b) [web](https://x.test/y)",
            "[gone](missing.md) [bad](a.md#deploy-path) `[code](nowhere.md)`",
            "```",
            "[fenced](nowhere.md)",
            "```",
            "# B",
        ].join("\n");
        assert.deepEqual(
            brokenLinks("docs/b.md", page, (file) => pages[file]),
            [
                "docs/b.md: missing.md: no file docs/missing.md",
                "docs/b.md: a.md#deploy-path: docs/a.md has no heading #deploy-path",
            ],
        );
    });

    it("the README's example is excerpted from stacks/Pulumi.dev.yaml and its offline preview", async function () {
        this.timeout(120_000);
        const blocks = codeBlocks(readme);
        const stackExcerpt = blocks.find((block) => block.info === "yaml");
        const previewExcerpt = blocks.find((block) =>
            block.lines[0]?.startsWith("fedfleet offline preview: stack dev"),
        );
        assert.ok(stackExcerpt && stackExcerpt.lines.length > 10, "README.md has a stack file excerpt");
        assert.ok(previewExcerpt && previewExcerpt.lines.length > 10, "README.md has a preview excerpt");
        assert.deepEqual(notExcerpted(stackExcerpt.lines, fs.readFileSync(stackFilePath("dev"), "utf8")), []);
        const preview = await previewStackOnce("dev");
        assert.equal(preview.status, 0, preview.stderr);
        assert.deepEqual(notExcerpted(previewExcerpt.lines, preview.stdout), []);
        assert.deepEqual(notExcerpted(["a", "...", "c ..."], "a\nb\nc d"), [], "elisions and prefixes");
        assert.deepEqual(notExcerpted(["c", "a"], "a\nc"), ["a"], "order counts");
    });

    it("the unknown-key error names the page that holds the config reference", () => {
        const raw = readStackFile(stackFilePath("dev")).fleetRaw;
        const clusters = raw.clusters as Record<string, unknown>[];
        clusters[0] = { ...clusters[0], nodepools: clusters[0].nodePools };
        let error: unknown;
        try {
            parseFleetConfig(raw);
        } catch (caught) {
            error = caught;
        }
        assert.ok(error instanceof FleetConfigError, `expected a FleetConfigError, got ${String(error)}`);
        const page = /\b[\w/.-]+\.md\b/.exec(error.expected)?.[0];
        assert.ok(page, `the error names no page: ${error.message}`);
        const text = readProjectFile(page);
        assert.ok(text !== undefined, `${page}, named by the error, does not exist`);
        assert.match(text, /^#+ Config reference$/m, `${page} is not the config reference`);
        assert.match(text, /^#+ `fedfleet:clusters`/m, `${page} does not list fedfleet:clusters`);
    });
});
