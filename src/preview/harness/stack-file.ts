// Reads a Pulumi stack file the way the Pulumi CLI hands it to a program: each config
// key as text (structured values as JSON), plus the list of keys holding secrets.
// `secure:` values are encrypted with the stack's key and cannot be decrypted offline,
// so they become placeholders that the program treats as the secrets they are.
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";
import { configValueOf } from "../../plan/config/config-value";
import { configPath, oneLine } from "../../plan/core/config-error";
import { byKey } from "../../plan/core/order";
import { STACK_FILE_NAME, stackNameOf } from "../../plan/core/stack-name";

export { stackNameOf };

/** What a `secure:` value becomes offline, followed by `:<hash of its ciphertext>`. */
export const SECURE_PLACEHOLDER = "offline-preview-placeholder-for-a-secure-value";

/** A stack file that cannot be read or used as one; the message starts with the file's label. */
export class StackFileError extends Error {
    constructor(
        readonly stackFile: string,
        detail: string,
    ) {
        super(`${stackFile}: ${detail}`);
        this.name = "StackFileError";
    }
}

/** A stack file's config as the Pulumi CLI hands it to a program. */
export interface StackFileConfig {
    /** Keys as `<namespace>:<key>`, values as the Pulumi language host passes them. */
    config: Record<string, string>;
    secretKeys: string[];
    /** The `fedfleet:` namespace as the program reads it from `config` (configValueOf), for the harness's own use. */
    fleetRaw: Record<string, unknown>;
}

/** A key's path below its namespace: `["clusters", 3, "kubeconfig"]`. */
type ConfigPath = (string | number)[];

function isSecure(value: unknown): boolean {
    return (
        value !== null &&
        typeof value === "object" &&
        !Array.isArray(value) &&
        Object.keys(value).length === 1 &&
        typeof (value as { secure?: unknown }).secure === "string"
    );
}

/**
 * Replaces every `{secure: ...}` in a value; reports whether there was one. The placeholder
 * carries a hash of the ciphertext, so a re-encrypted (changed) secret is a changed value
 * to plan:diff, which still only ever shows it masked.
 */
function replaceSecure(value: unknown, path: ConfigPath, securePaths: ConfigPath[]): unknown {
    if (isSecure(value)) {
        securePaths.push(path);
        const ciphertext = (value as { secure: string }).secure;
        return `${SECURE_PLACEHOLDER}:${createHash("sha256").update(ciphertext).digest("hex").slice(0, 12)}`;
    }
    if (Array.isArray(value)) return value.map((item, index) => replaceSecure(item, [...path, index], securePaths));
    if (value !== null && typeof value === "object") {
        // fromEntries defines own properties, so even a "__proto__" key stays a key for the validator to report.
        return Object.fromEntries(
            Object.entries(value).map(([key, inner]) => [key, replaceSecure(inner, [...path, key], securePaths)]),
        );
    }
    return value;
}

/**
 * The one place fedfleet treats as secret is an existing cluster's kubeconfig. A secure
 * value anywhere else would reach resource inputs (and state) in plain text, since the
 * program cannot tell which part of a structured key was encrypted.
 */
function isSecretSlot(path: ConfigPath): boolean {
    return path.length === 3 && path[0] === "clusters" && typeof path[1] === "number" && path[2] === "kubeconfig";
}

/** A key written as a bare alias (`*: {...}`), which YAML cannot read: where it is, and the line with it quoted. */
interface AliasKey {
    line: number;
    found: string;
    quoted: string;
}

/** Tokens the YAML lexer emits that stand for no text of the source. */
const MARKERS = new Set(["doc-mode", "flow-error-end", "scalar"]);

/** Where a key may start: a line's start, or after `{`, `[`, `,`, `?` or `- `. */
const KEY_STARTS = new Set([
    "byte-order-mark",
    "doc-start",
    "newline",
    "flow-map-start",
    "flow-seq-start",
    "comma",
    "explicit-key-ind",
    "seq-item-ind",
]);

/**
 * The first key that starts with a bare `*`, as in `*: { weight: 1 }`. YAML reads it as an
 * alias (`*:` names the anchor ":"), which no stack file defines, so it is the mistake, not
 * what the parser stumbles on after it. Only a token in key position (followed by, or
 * ending in, `:`) whose anchor is nowhere in the file counts: a real alias is left alone.
 */
function bareAliasKey(text: string): AliasKey | undefined {
    const tokens: { type: string | null; source: string; offset: number }[] = [];
    let offset = 0;
    for (const source of new YAML.Lexer().lex(text)) {
        const type = YAML.CST.tokenType(source);
        const marker = type !== null && MARKERS.has(type) && !text.startsWith(source, offset);
        if (!marker) tokens.push({ type, source, offset });
        offset += marker ? 0 : source.length;
    }
    const significant = tokens.filter((token) => token.type !== "space");
    const anchors = new Set(significant.filter((t) => t.type === "anchor").map((t) => t.source.slice(1)));
    for (const [index, token] of significant.entries()) {
        const before = significant[index - 1]?.type;
        if (token.type !== "alias" || (index > 0 && (before === null || !KEY_STARTS.has(before)))) continue;
        const glued = token.source.endsWith(":");
        if (!glued && significant[index + 1]?.type !== "map-value-ind") continue;
        if (anchors.has(token.source.slice(1))) continue;
        const key = glued ? token.source.slice(0, -1) : token.source;
        const start = text.lastIndexOf("\n", token.offset - 1) + 1;
        const end = text.indexOf("\n", token.offset);
        const lineText = text.slice(start, end === -1 ? text.length : end).replace(/\r$/, "");
        const at = token.offset - start;
        const fixed = `${lineText.slice(0, at)}${JSON.stringify(key)}${glued ? ":" : ""}${lineText.slice(at + token.source.length)}`;
        return {
            line: text.slice(0, token.offset).split("\n").length,
            found: oneLine(lineText.trim()),
            quoted: oneLine(fixed.trim()),
        };
    }
    return undefined;
}

/**
 * Parses a stack file's YAML. Any error is one StackFileError line, without the warnings the
 * YAML library would print first; a bare `*` key gets its own message, since its parse error
 * points past it.
 */
function parseYaml(text: string, label: string): unknown {
    const document = YAML.parseDocument(text);
    let failure: unknown = document.errors[0];
    let value: unknown;
    if (failure === undefined) {
        try {
            // An alias whose anchor is missing fails only here.
            value = document.toJS();
        } catch (error) {
            failure = error;
        }
    }
    if (failure !== undefined) {
        const aliasKey = bareAliasKey(text);
        if (aliasKey) {
            throw new StackFileError(
                label,
                `line ${aliasKey.line}: expected a quoted key, as in ${aliasKey.quoted} (unquoted, * starts a YAML alias), found ${aliasKey.found}`,
            );
        }
        // The library's messages end "at line L, column C:" before a code excerpt.
        const first = String((failure as Error).message)
            .split("\n")[0]
            .replace(/(at line \d+, column \d+):$/, "$1");
        throw new StackFileError(label, `expected YAML, found a syntax error (${oneLine(first)})`);
    }
    // As YAML.parse does for a file it can read.
    for (const warning of document.warnings) process.emitWarning(warning);
    return value;
}

/**
 * Reads a stack file as the top of this file describes; `label` names it in errors. Throws
 * StackFileError for a file that is not a stack file, or a secure value other than a kubeconfig.
 */
export function readStackFile(path: string, label: string = path): StackFileConfig {
    let text: string;
    try {
        text = fs.readFileSync(path, "utf8");
    } catch {
        throw new StackFileError(label, "expected a readable stack file, found none");
    }
    return parseStackFile(text, label);
}

/** A stack file's text read as readStackFile reads the file; throws StackFileError as it does. */
export function parseStackFile(text: string, label: string): StackFileConfig {
    const document = parseYaml(text, label);
    if (document !== null && document !== undefined && (typeof document !== "object" || Array.isArray(document))) {
        throw new StackFileError(
            label,
            `expected a map with a config: section, found ${Array.isArray(document) ? "a list" : "a scalar"}`,
        );
    }
    const section = (document as { config?: unknown } | null)?.config ?? {};
    if (section === null || typeof section !== "object" || Array.isArray(section)) {
        throw new StackFileError(label, "config: expected a map of config keys, found something else");
    }
    const config: Record<string, string> = {};
    const secretKeys: string[] = [];
    const fleetRaw: Record<string, unknown> = {};
    for (const [key, rawValue] of Object.entries(section)) {
        // Pulumi accepts `project:key` and, for the project's own namespace, plain `key`.
        const fullKey = key.includes(":") ? key : `fedfleet:${key}`;
        const fleetKey = fullKey.startsWith("fedfleet:") ? fullKey.slice("fedfleet:".length) : undefined;
        const securePaths: ConfigPath[] = [];
        const value = replaceSecure(rawValue, [fleetKey ?? fullKey], securePaths);
        const misplaced = fleetKey !== undefined ? securePaths.find((p) => !isSecretSlot(p)) : undefined;
        if (misplaced) {
            // Named the way the validator names config paths: `fedfleet:services[0].overrides.a.labels["team.acme.io/x"]`.
            throw new StackFileError(
                label,
                `${oneLine(configPath(misplaced))}: expected a plain value (only clusters[].kubeconfig may be a secure value; keep application secrets in a secret store), found a secure value`,
            );
        }
        config[fullKey] = typeof value === "string" ? value : JSON.stringify(value);
        if (securePaths.length > 0) secretKeys.push(fullKey);
        // The value as the program reads it from the config above: a scalar written "3" is the number 3 there.
        // Defined, not assigned: assigning "__proto__" would replace the object's prototype instead of adding a key.
        if (fleetKey !== undefined)
            Object.defineProperty(fleetRaw, fleetKey, {
                value: configValueOf(config[fullKey]),
                enumerable: true,
                writable: true,
                configurable: true,
            });
    }
    return { config, secretKeys: secretKeys.sort(), fleetRaw };
}

/** The real path of `file`, or of its nearest existing ancestor with the rest appended when it does not exist. */
function realPath(file: string): string {
    const absolute = path.resolve(file);
    try {
        return fs.realpathSync.native(absolute);
    } catch {
        const parent = path.dirname(absolute);
        return parent === absolute ? absolute : path.join(realPath(parent), path.basename(absolute));
    }
}

/**
 * How plan files and errors name a stack file: its path from the project root with forward
 * slashes when it is inside the project, else its resolved absolute path. Every spelling of
 * one file (`./stacks/../stacks/x`, absolute, through a symlink) gives the same label, so the
 * same stack file gives byte-identical plan files.
 */
export function stackFileLabelOf(file: string, projectRoot: string): string {
    const resolved = realPath(file);
    const relative = path.relative(realPath(projectRoot), resolved);
    const outside =
        relative === "" || relative === ".." || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative);
    return outside ? resolved : relative.split(path.sep).join("/");
}

/** The checked-in stacks of a project: every stacks/Pulumi.<name>.yaml, by name. */
export function checkedInStacks(projectRoot: string): { stack: string; file: string }[] {
    const dir = path.join(projectRoot, "stacks");
    if (!fs.existsSync(dir)) return [];
    return fs
        .readdirSync(dir)
        .flatMap((file) => {
            const stack = STACK_FILE_NAME.exec(file)?.[1];
            return stack ? [{ stack, file: path.join("stacks", file) }] : [];
        })
        .sort(byKey((entry) => entry.stack));
}
