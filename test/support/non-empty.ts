// A loop of assertions over a list passes when the list is empty: a registration the program
// stopped making would go unnoticed. Tests loop over `nonEmpty(list, what)` instead.
import assert from "node:assert/strict";

/** The items, after asserting there is at least one, so a loop over them cannot pass by running zero times. */
export function nonEmpty<T>(items: readonly T[], what: string): readonly T[] {
    assert.ok(items.length > 0, `expected at least one ${what}, found none`);
    return items;
}
