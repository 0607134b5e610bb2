// Would each federated service survive losing one of its clusters (and, when configured, a
// whole region)? The analysis is the fleet plan's (src/plan/resilience); each FederatedService
// component registers its entries as an output. A real `pulumi preview --policy-pack policy`
// hands them to stack policies as the offline preview does: the engine sets a component's
// state outputs to what it registers, in a preview too (pulumi/pulumi
// pkg/resource/deploy/step_executor.go, ExecuteRegisterResourceOutputs), and AnalyzeStack is
// given every resource's state outputs (step_generator.go, AnalyzeResources).
import type { StackValidationPolicy } from "@pulumi/policy";
import { lossLabel, type ResilienceEntry } from "../../src/plan/resilience/analysis";
import { TYPES } from "./support";

interface ResilienceConfig {
    surviveRegions?: boolean;
}

/** Whether a value read from a component's outputs is an entry of the analysis. */
function isEntry(value: unknown): value is ResilienceEntry {
    const entry = value as Partial<ResilienceEntry> | null;
    return (
        typeof entry === "object" &&
        entry !== null &&
        typeof entry.ok === "boolean" &&
        typeof entry.loss === "object" &&
        entry.loss !== null
    );
}

/**
 * For every federated service, every loss of one cluster it runs on (and with `surviveRegions`,
 * of every region it runs in) leaves clusters that DNS sends its traffic to and that can run
 * the replicas it declares.
 */
export const survivesClusterLoss: StackValidationPolicy = {
    name: "survives-cluster-loss",
    description:
        "Each federated service survives losing any one cluster it runs on (and, with surviveRegions, any one region): the clusters DNS then sends its traffic to can run the replicas it declares without a new pulumi up.",
    enforcementLevel: "advisory",
    configSchema: { properties: { surviveRegions: { type: "boolean", default: false } } },
    validateStack: (args, reportViolation) => {
        const { surviveRegions = false } = args.getConfig<ResilienceConfig>();
        for (const service of args.resources.filter((r) => r.type === TYPES.federatedService)) {
            const entries: unknown = service.props.resilience;
            if (!Array.isArray(entries)) continue;
            // A loss that fails only while a cluster drains is a chosen, temporary state: the preview
            // and plan diff say it, the policy does not block the drain (docs/resilience.md).
            const failed = entries
                .filter(isEntry)
                .filter((e) => !e.ok && !e.whileDraining && ("cluster" in e.loss || surviveRegions));
            if (failed.length === 0) continue;
            const losses = failed.map((e) => `losing ${lossLabel(e.loss)} (${e.why})`).join("; ");
            reportViolation(`Federated service ${failed[0].service} does not survive ${losses}.`, service.urn);
        }
    },
};

/** The resilience rules, in the order the pack lists them. */
export const resiliencePolicies = [survivesClusterLoss];
