// Edits of the prod stack file that the resilience tests replay: checkout as shipped on
// 2026-11-29, and storefront autoscaled to at most its minimum. Each asserts it applied.
import assert from "node:assert/strict";

function edit(
    text: string,
    pattern: RegExp,
    replacement: (match: string, ...groups: string[]) => string,
    what: string,
) {
    assert.match(text, pattern, `the prod stack has ${what}`);
    return text.replace(pattern, replacement);
}

/**
 * Checkout as prod shipped it on 2026-11-29: 10 fixed replicas (no autoscaling) on aws-use1,
 * aws-euw1 and gke-usc1, weights 3/2/1, at least 2 each, at most 6 on the AWS clusters.
 */
export function checkoutAsShipped(prod: string): string {
    const fixed = edit(
        prod,
        /\n *# 40 fleet-wide[^\n]*\n *autoscaling: \{ maxReplicas: 40 \}/,
        () => "",
        "checkout's autoscaling",
    );
    return edit(
        fixed,
        /(aws-(?:use1|euw1): \{ weight: \d, minReplicas: 2, maxReplicas: )16 \}/g,
        (_match, bound) => `${bound}6 }`,
        "checkout's AWS bounds",
    );
}

/** Storefront autoscaled from its 12 replicas to at most 12: no room above its minimum anywhere. */
export function storefrontAtMostTwelve(prod: string): string {
    return edit(
        prod,
        /(- name: storefront\n[\s\S]*?autoscaling: \{ maxReplicas: )40( \})/,
        (_match, before, after) => `${before}12${after}`,
        "storefront's autoscaling",
    );
}
