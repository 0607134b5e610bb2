// The config reference (docs/config-reference.md) and the schema name the same keys: every
// key the reference lists exists in the schema, and every key of the schema is listed
// (itself, or by a row that describes the object or list holding it).
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import type { z } from "zod";
import { fleetConfigSchema } from "../../../src/plan/config/schema";
import { PROJECT_ROOT } from "../../support/plan";

/** The page that lists every key of the `fedfleet:` namespace, from the project root. */
const REFERENCE = "docs/config-reference.md";

interface Def {
    type: string;
    shape?: Record<string, z.ZodType>;
    innerType?: z.ZodType;
    in?: z.ZodType;
    element?: z.ZodType;
    options?: z.ZodType[];
}
const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** Every key path of a schema: `nodePools`, `nodePools[].name`, `zone.name`; maps and scalars are leaves. */
function schemaPaths(schema: z.ZodType, prefix = ""): string[] {
    const def = defOf(schema);
    switch (def.type) {
        case "optional":
        case "default":
        case "nullable":
            return schemaPaths(def.innerType!, prefix);
        case "pipe":
            return schemaPaths(def.in!, prefix);
        case "union":
            return [...new Set(def.options!.flatMap((option) => schemaPaths(option, prefix)))];
        case "array":
            return schemaPaths(def.element!, `${prefix}[]`);
        case "object":
            return Object.entries(def.shape!).flatMap(([key, inner]) => {
                const here = prefix ? `${prefix}.${key}` : key;
                return [here, ...schemaPaths(inner, here)];
            });
        default:
            return [];
    }
}

/** Paths the config reference page lists, as `<section>.<key>` (`clusters[].nodePools[].name`). */
function referencePaths(page: string): string[] {
    assert.match(page, /^# Config reference$/m, `${REFERENCE} is the config reference`);
    const lines = page.split("\n");
    const out: string[] = [];
    let section: string | undefined;
    for (const line of lines) {
        const heading = /^## `fedfleet:(\w+)`(.*)$/.exec(line);
        if (heading) {
            section = /a list/.test(heading[2]) ? `${heading[1]}[]` : heading[1];
            continue;
        }
        const cell = /^\| (`[^|]*`(?: \/ `[^|]*`)*) \|/.exec(line);
        if (!section || !cell) continue;
        const keys = [...cell[1].matchAll(/`([^`]+)`/g)].map((m) => m[1]);
        // `nodePools[].minSize` / `maxSize`: later keys share the first one's parent.
        const parent = keys[0].includes(".") ? keys[0].slice(0, keys[0].lastIndexOf(".") + 1) : "";
        // A trailing `[]` names the list itself (`containers[]`): the schema calls it `containers`.
        keys.forEach((key, index) =>
            out.push(`${section}.${index > 0 && !key.includes(".") ? parent : ""}${key}`.replace(/\[\]$/, "")),
        );
    }
    return out;
}

/** Schema keys no row lists: not itself, not an object or list holding it, not one of the keys it holds. */
function unlisted(documented: readonly string[], schema: readonly string[]): string[] {
    const listed = new Set(documented);
    const sections = new Set(["federation", "clusters", "services", "dns", "deployer"]);
    const covered = (key: string) =>
        key.split(".").some((_, i, parts) =>
            listed.has(
                parts
                    .slice(0, i + 1)
                    .join(".")
                    .replace(/\[\]$/, ""),
            ),
        ) || documented.some((row) => row.startsWith(`${key}.`) || row.startsWith(`${key}[].`));
    return schema.filter((key) => !sections.has(key) && !covered(key));
}

describe("config reference (docs/config-reference.md)", () => {
    const page = fs.readFileSync(path.join(PROJECT_ROOT, REFERENCE), "utf8");
    const documented = referencePaths(page);
    const schema = schemaPaths(fleetConfigSchema);

    it("lists only keys the schema has", () => {
        assert.ok(documented.length > 60, `${documented.length} keys read from ${REFERENCE}`);
        const known = new Set(schema);
        assert.deepEqual(
            documented.filter((key) => !known.has(key)),
            [],
            `keys in ${REFERENCE} the schema does not have`,
        );
    });

    it("lists every key of the schema, the object or list that holds it, or the keys it holds", () => {
        assert.deepEqual(unlisted(documented, schema), [], `schema keys ${REFERENCE} does not list`);
    });

    it("would notice a key missing from the reference", () => {
        const without = page.replace(/^\| `kubeconfig` .*\n/m, "");
        assert.notEqual(without, page);
        assert.deepEqual(unlisted(referencePaths(without), schema), ["clusters[].kubeconfig"]);
    });
});
