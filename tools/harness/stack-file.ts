// Reads a Pulumi stack file the way the Pulumi CLI hands it to a program: each config
// key as text (structured values as JSON), plus the list of keys holding secrets.
// `secure:` values are encrypted with the stack's key and cannot be decrypted offline,
// so they become placeholders that the program treats as the secrets they are.
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as YAML from "yaml";

export const SECURE_PLACEHOLDER = "offline-preview-placeholder-for-a-secure-value";

export class StackFileError extends Error {
    constructor(readonly stackFile: string, detail: string) {
        super(`${stackFile}: ${detail}`);
        this.name = "StackFileError";
    }
}

export interface StackFileConfig {
    /** Keys as `<namespace>:<key>`, values as the Pulumi language host passes them. */
    config: Record<string, string>;
    secretKeys: string[];
    /** The `fedfleet:` namespace, parsed, for the harness's own use (mock outputs). */
    fleetRaw: Record<string, unknown>;
}

function isSecure(value: unknown): boolean {
    return value !== null && typeof value === "object" && !Array.isArray(value)
        && Object.keys(value).length === 1 && typeof (value as { secure?: unknown }).secure === "string";
}

/**
 * Replaces every `{secure: ...}` in a value; reports whether there was one. The placeholder
 * carries a hash of the ciphertext, so a re-encrypted (changed) secret is a changed value
 * to plan:diff, which still only ever shows it masked.
 */
function replaceSecure(value: unknown): { value: unknown; secret: boolean } {
    if (isSecure(value)) {
        const ciphertext = (value as { secure: string }).secure;
        return { value: `${SECURE_PLACEHOLDER}:${createHash("sha256").update(ciphertext).digest("hex").slice(0, 12)}`, secret: true };
    }
    if (Array.isArray(value)) {
        const items = value.map(replaceSecure);
        return { value: items.map((item) => item.value), secret: items.some((item) => item.secret) };
    }
    if (value !== null && typeof value === "object") {
        let secret = false;
        const out: Record<string, unknown> = {};
        for (const [key, inner] of Object.entries(value)) {
            const replaced = replaceSecure(inner);
            out[key] = replaced.value;
            secret ||= replaced.secret;
        }
        return { value: out, secret };
    }
    return { value, secret: false };
}

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
        const { value, secret } = replaceSecure(rawValue);
        config[fullKey] = typeof value === "string" ? value : JSON.stringify(value);
        if (secret) secretKeys.push(fullKey);
        if (fullKey.startsWith("fedfleet:")) fleetRaw[fullKey.slice("fedfleet:".length)] = value;
    }
    return { config, secretKeys: secretKeys.sort(), fleetRaw };
}
