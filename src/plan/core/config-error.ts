// The one error fedfleet raises for a mistake in what a user declared: where (the config
// path, and the stack file when there is one), what was expected, and what was found.
// Validation, placement and DNS planning throw it; components turn it into Pulumi's
// InputPropertiesError. Pure.

/** The namespace of fedfleet's keys in a stack file. */
export const CONFIG_NAMESPACE = "fedfleet";

/** One step of a config path: a key, or an index into a list. */
export type PathPart = string | number;

const SHORT_ESCAPES: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f" };

/** C0 and C1 control characters, DEL, and the Unicode line and paragraph separators. */
function isLineBreaking(c: string): boolean {
    const code = c.charCodeAt(0);
    return code <= 0x1f || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029;
}

/**
 * Text from a stack file made safe for a one-line report: line breaks (including U+2028/9
 * and NEL) and other control characters become JSON-style escapes.
 */
export function oneLine(text: string): string {
    let out = "";
    for (const c of text) {
        out += isLineBreaking(c) ? (SHORT_ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`) : c;
    }
    return out;
}

/** `["clusters", 1, "name"]` -> `fedfleet:clusters[1].name`, the way users see keys in a stack file. */
export function configPath(parts: readonly PathPart[]): string {
    let text = `${CONFIG_NAMESPACE}:`;
    parts.forEach((part, index) => {
        if (typeof part === "number") text += `[${part}]`;
        // Keys such as label names may hold dots, slashes or even newlines: quote them.
        else if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(part)) text += `[${JSON.stringify(part)}]`;
        else text += index === 0 ? part : `.${part}`;
    });
    return text;
}

/**
 * A mistake in a fleet's config. Its message is the whole report, on one line:
 * `<stack file>: <config path>: expected <what>, found <what>` (no file when the config
 * did not come from one, as when a program declares a fleet in TypeScript).
 */
export class FleetConfigError extends Error {
    /** `fedfleet:services[0].placement`: the path as users see it. */
    readonly configPath: string;
    readonly expected: string;
    readonly found: string;

    /**
     * @param path where the mistake is, from the root of the `fedfleet:` namespace (or of the
     *   part a planner was handed; see `under`)
     * @param stackFile how to name the stack file, e.g. `stacks/Pulumi.dev.yaml`
     */
    constructor(
        readonly path: readonly PathPart[],
        expected: string,
        found: string,
        readonly stackFile?: string,
    ) {
        // Parts can quote the stack file (keys, values, cluster names); none may break the line.
        const [where, want, got] = [configPath(path), expected, found].map(oneLine);
        super(`${stackFile === undefined ? "" : `${stackFile}: `}${where}: expected ${want}, found ${got}`);
        this.configPath = where;
        this.expected = want;
        this.found = got;
        this.name = "FleetConfigError";
    }

    /** The same mistake, located under `prefix` (a planner reports relative to what it was handed). */
    under(prefix: readonly PathPart[]): FleetConfigError {
        return new FleetConfigError([...prefix, ...this.path], this.expected, this.found, this.stackFile);
    }

    /** The same mistake, named in a stack file. */
    inFile(stackFile: string): FleetConfigError {
        return new FleetConfigError(this.path, this.expected, this.found, stackFile);
    }
}
