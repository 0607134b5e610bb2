// Does a release reach a federated service's clusters in stages? Each FederatedService
// component registers its rollout (src/plan/rollout/waves.ts) as an output, which a real
// `pulumi preview --policy-pack policy` hands to stack policies as the offline preview does
// (see ./resilience.ts for the engine's sources).
import type { StackValidationPolicy } from "@pulumi/policy";
import { clustersReachedAtOnce, type ServiceRollout } from "../../src/plan/rollout/waves";
import { FEDFLEET_TYPES } from "../../src/plan/core/type-tokens";

/** Whether a value read from a component's outputs is a rollout with its waves. */
function isRollout(value: unknown): value is Pick<ServiceRollout, "waves"> {
    const waves = (value as Partial<ServiceRollout> | null)?.waves;
    return Array.isArray(waves) && waves.every((wave) => Array.isArray(wave));
}

/**
 * Every federated service that runs on two clusters or more (not counting held ones) rolls a
 * release out in at least two waves, so a release that never becomes ready stops at the first.
 */
export const progressiveRollout: StackValidationPolicy = {
    name: "progressive-rollout",
    description:
        "Each federated service on two clusters or more rolls a release out in at least two waves (fedfleet:rollout.waves or the service's rollout.waves), so a release that never becomes ready stops before it reaches every cluster.",
    enforcementLevel: "advisory",
    validateStack: (args, reportViolation) => {
        for (const service of args.resources.filter((r) => r.type === FEDFLEET_TYPES.federatedService)) {
            const rollout: unknown = service.props.rollout;
            if (!isRollout(rollout)) continue;
            const atOnce = clustersReachedAtOnce(rollout);
            if (atOnce.length === 0) continue;
            reportViolation(
                `Federated service ${service.name} rolls a release out to ${atOnce.join(", ")} at once: declare at least two waves in fedfleet:rollout.waves or its rollout.waves, a canary cluster first (docs/rollouts.md).`,
                service.urn,
            );
        }
    },
};

/** The rollout rules, in the order the pack lists them. */
export const rolloutPolicies = [progressiveRollout];
