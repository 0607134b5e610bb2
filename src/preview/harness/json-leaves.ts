// The string leaves of a JSON tree (a recorded resource's inputs or outputs), by path. Pure.

/** Every string leaf of a value, by dotted path (`a.b[0].c`), in key order as stored. */
export function stringLeaves(value: unknown, at = ""): [string, string][] {
    if (typeof value === "string") return [[at, value]];
    if (Array.isArray(value)) return value.flatMap((item, i) => stringLeaves(item, `${at}[${i}]`));
    if (value !== null && typeof value === "object")
        return Object.entries(value).flatMap(([key, inner]) => stringLeaves(inner, at ? `${at}.${key}` : key));
    return [];
}
