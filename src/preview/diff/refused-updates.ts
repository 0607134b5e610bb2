// Updates in place that look harmless in a diff but that the provider refuses, so a real
// `pulumi up` fails on them. Each rule cites its source. Pure.
import { AWS_TYPES } from "../../plan/core/type-tokens";

/** A rule: why the provider refuses this change of a resource's inputs, or undefined. */
interface RefusedUpdateRule {
    type: string;
    /** The provider that refuses, as reports name it. */
    provider: string;
    refuses: (before: Record<string, unknown>, after: Record<string, unknown>) => string | undefined;
}

/** A Kubernetes minor ("1.35") as a number of minors, for counting steps; undefined otherwise. */
function minorIndex(version: unknown): number | undefined {
    const match = typeof version === "string" ? /^(\d+)\.(\d+)$/.exec(version) : null;
    return match ? Number(match[1]) * 1000 + Number(match[2]) : undefined;
}

const RULES: readonly RefusedUpdateRule[] = [
    {
        // EKS User Guide, update-cluster: "you can update only one minor version at a time"
        // (the Kubernetes version skew policy for kube-apiserver), and an updated cluster cannot
        // be downgraded. UpdateClusterVersion fails otherwise.
        type: AWS_TYPES.eksCluster,
        provider: "EKS",
        refuses: (before, after) => {
            const [from, to] = [minorIndex(before.version), minorIndex(after.version)];
            if (from === undefined || to === undefined || to === from || to === from + 1) return undefined;
            return `version ${String(before.version)} → ${String(after.version)} (one minor version at a time, never back: EKS User Guide, update-cluster)`;
        },
    },
];

/**
 * Why the provider refuses updating a resource of `type` from `before` to `after` in place:
 * "<provider>: <what> (<rule and source>)", or undefined when it accepts the update.
 */
export function refusedUpdate(
    type: string,
    before: Record<string, unknown>,
    after: Record<string, unknown>,
): { provider: string; reason: string } | undefined {
    for (const rule of RULES.filter((r) => r.type === type)) {
        const reason = rule.refuses(before, after);
        if (reason) return { provider: rule.provider, reason };
    }
    return undefined;
}
