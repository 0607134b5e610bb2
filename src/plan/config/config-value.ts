// How the program reads one value of its stack config: the one rule the program
// (src/components/config/read.ts) and the offline preview's reading of a stack file
// (src/preview/harness/stack-file.ts) share, so both see the same fleet.

/**
 * A config value as the program sees it. Pulumi hands a program each config value as text:
 * structured values (maps, lists) as their JSON, scalars as they are written
 * (`pulumi.Config.getObject` parses the JSON back). fedfleet parses every value as JSON and
 * keeps the text when it is not JSON, so a scalar written `"3"` is the number 3 to the program.
 */
export function configValueOf(text: string): unknown {
    try {
        return JSON.parse(text);
    } catch {
        return text;
    }
}
