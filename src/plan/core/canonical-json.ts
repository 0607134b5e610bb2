// JSON whose bytes depend only on its content: object keys sorted at every level. Plan files
// and digests of manifests use it, so the same content always gives the same bytes. Pure.

/** A copy of a value with the keys of every object in code-unit order; arrays keep their order. */
export function sortKeysDeep(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(sortKeysDeep);
    if (value !== null && typeof value === "object")
        return Object.fromEntries(
            Object.keys(value)
                .sort()
                .map((key) => [key, sortKeysDeep((value as Record<string, unknown>)[key])]),
        );
    return value;
}

/** Keys sorted at every level, indented by two, with a final newline. */
export function canonicalJson(value: unknown): string {
    return `${JSON.stringify(sortKeysDeep(value), null, 2)}\n`;
}
