// Rules that judge many resources in one stack validation, each of which may hold a value a
// preview does not know yet. Reading one throws the policy SDK's UnknownValueError, which makes
// the whole rule "can't run during preview" (@pulumi/policy server.js); caught per item here, the
// other items are still judged, and the first unknown is raised once they all have been.

// The proxy module's typings are stripped from the package; its runtime is what the SDK's server uses.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const proxy = require("@pulumi/policy/proxy") as Record<string, unknown> & {
    UnknownValueError: new (...args: never[]) => Error;
};
const { UnknownValueError } = proxy;
/** The SDK's sentinels for values a preview does not know (proxy.js: unknownStringValue, ...). */
const SENTINELS = new Set(
    Object.entries(proxy)
        .filter(([name, value]) => /^unknown[A-Z][a-z]+Value$/.test(name) && typeof value === "string")
        .map(([, value]) => value),
);

/** Whether a raw value (read past the proxy) is one a preview does not know yet. */
export function isUnknown(value: unknown): boolean {
    return SENTINELS.has(value);
}

/** Collects the unknown values met while judging items one by one, to raise after the last. */
export class PendingUnknowns {
    private first: Error | undefined;

    /** Runs one item's check; an unknown value it reads is kept, not raised, so the next item runs. */
    run(check: () => void): void {
        try {
            check();
        } catch (error) {
            if (!(error instanceof UnknownValueError)) throw error;
            this.first ??= error;
        }
    }

    /** Raises the first unknown value met, if any: the SDK then reports the rule as unable to run in full. */
    rethrow(): void {
        if (this.first) throw this.first;
    }
}
