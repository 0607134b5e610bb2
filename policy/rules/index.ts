// Every rule of the fedfleet pack, in one list: the pack's entry file and the offline
// preview's harness both take them from here, so the two can never disagree.
import type { Policies } from "@pulumi/policy";
import { clusterPolicies } from "./clusters";
import { dnsPolicies } from "./dns";
import { federationPolicies } from "./federation";
import { hardeningPolicies } from "./hardening";
import { resiliencePolicies } from "./resilience";
import { workloadPolicies } from "./workloads";

/** The pack's name: Pulumi reports the pack's violations under it. */
export const PACK_NAME = "fedfleet";

/** Every rule of the pack, for the pack itself and for the offline preview's harness. */
export const policies: Policies = [
    ...clusterPolicies,
    ...workloadPolicies,
    ...dnsPolicies,
    ...federationPolicies,
    ...hardeningPolicies,
    ...resiliencePolicies,
];
