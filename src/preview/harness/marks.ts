// What the preview writes in place of a value it must not or cannot show: a secret, or a value
// not known until deployment. Plain data, no Pulumi: the plan files, the pack runner and the
// plan diff read these marks without loading the SDK.
import { createHmac } from "node:crypto";

/** What a secret is recorded as; with FEDFLEET_SECRET_DIGEST_KEY set, secretMark adds a keyed digest. */
export const SECRET_MARK = "[secret]";
/** What a value not known until deployment is recorded as. */
export const UNKNOWN_MARK = "[unknown]";

/**
 * With FEDFLEET_SECRET_DIGEST_KEY set (plan:diff sets a random one per comparison and
 * never stores it, or with --cache the cache's own key: src/preview/diff/cache.ts), a secret
 * is recorded as `[secret:<keyed digest>]`: two runs can tell that a secret changed without
 * either plan holding anything about its value.
 */
export function secretMark(value: unknown): string {
    const key = process.env.FEDFLEET_SECRET_DIGEST_KEY;
    if (!key) return SECRET_MARK;
    return `[secret:${createHmac("sha256", key)
        .update(JSON.stringify(value ?? null))
        .digest("hex")
        .slice(0, 16)}]`;
}
