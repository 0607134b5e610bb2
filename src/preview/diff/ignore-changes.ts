// What the engine applies for a resource with `ignoreChanges`: the program's new inputs, with
// each ignored path holding the old input's value instead (pulumi/pulumi
// pkg/resource/deploy/step_generator.go, processIgnoreChanges). A create has no old inputs and
// applies the program's own. Pure.

function isRecord(value: unknown): value is Record<string, unknown> {
    return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** The inputs an update applies: `after`, with every `ignoreChanges` path (dotted) taken from `before`. */
export function appliedInputs(
    before: Record<string, unknown> | undefined,
    after: Record<string, unknown>,
    ignoreChanges: readonly string[],
): Record<string, unknown> {
    if (!before || ignoreChanges.length === 0) return after;
    const out = JSON.parse(JSON.stringify(after)) as Record<string, unknown>;
    for (const path of ignoreChanges) {
        const keys = path.split(".");
        let from: unknown = before;
        for (const key of keys) from = isRecord(from) ? from[key] : undefined;
        let into: Record<string, unknown> = out;
        for (const key of keys.slice(0, -1)) {
            if (!isRecord(into[key])) into[key] = {};
            into = into[key] as Record<string, unknown>;
        }
        const last = keys[keys.length - 1];
        if (from === undefined) delete into[last];
        else into[last] = JSON.parse(JSON.stringify(from));
    }
    return out;
}
