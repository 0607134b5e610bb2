// Reads a Pulumi stack file the way the Pulumi CLI hands it to a program: each config
// key as text (structured values as JSON), plus the list of keys holding secrets.
// `secure:` values are encrypted with the stack's key and cannot be decrypted offline,
// so they become placeholders that the program treats as the secrets they are.
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";
import { configPath, oneLine } from "../../components/core/config-error";
import { byKey } from "../../components/core/order";
import { STACK_FILE_NAME, stackNameOf } from "../../components/core/stack-name";

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
    /** The `fedfleet:` namespace, parsed, for the harness's own use (mock outputs). */
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
    let document: unknown;
    try {
        document = YAML.parse(text);
    } catch (error) {
        const first = String((error as Error).message).split("\n")[0];
        throw new StackFileError(label, `expected YAML, found a syntax error (${first})`);
    }
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
        // Defined, not assigned: assigning "__proto__" would replace the object's prototype instead of adding a key.
        if (fleetKey !== undefined)
            Object.defineProperty(fleetRaw, fleetKey, { value, enumerable: true, writable: true, configurable: true });
    }
    return { config, secretKeys: secretKeys.sort(), fleetRaw };
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
