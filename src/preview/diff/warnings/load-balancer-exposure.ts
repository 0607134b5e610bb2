// A load balancer that turns internal (or public) through an annotation: the Service keeps its
// name and the counts say "update", but clients outside the cluster's network lose it (or
// the internet gains it). Decided by the same rule the manifests use (publicLoadBalancerAnnotation). Pure.
import { CLOUD_LABEL } from "../../../plan/core/labels";
import { KUBERNETES_TYPES } from "../../../plan/core/type-tokens";
import { AWS_LB_SCHEME_ANNOTATION, publicLoadBalancerAnnotation } from "../../../plan/workloads/manifests";
import type { PlanFile } from "../plan-diff";
import { groupBy, inClusters, inputsOf, keptPairs, workloadPlace } from "./resources";

const SERVICE = KUBERNETES_TYPES.service;

interface ServiceInputs {
    metadata?: { annotations?: Record<string, string>; labels?: Record<string, string> };
    spec?: { type?: string };
}

/**
 * Whether a LoadBalancer Service's load balancer is internal; undefined where fedfleet cannot tell
 * (existing clusters, other types). On AWS the controller's scheme annotation counts too: where
 * the AWS Load Balancer Controller handles the Service, `internal` decides (manifests.ts).
 */
function isInternal(inputs: ServiceInputs): boolean | undefined {
    const cloud = inputs.metadata?.labels?.[CLOUD_LABEL];
    if (inputs.spec?.type !== "LoadBalancer" || (cloud !== "aws" && cloud !== "gcp")) return undefined;
    const annotations = inputs.metadata?.annotations ?? {};
    if (cloud === "aws" && annotations[AWS_LB_SCHEME_ANNOTATION] === "internal") return true;
    return publicLoadBalancerAnnotation(cloud, annotations) === undefined;
}

/**
 * One warning per service and direction: its load balancer turns internal, or public, in these
 * clusters. Public DNS health checks probe from the internet, so they cannot reach a private
 * address: Route 53's checkers run outside any VPC (Route 53 API Reference, CreateHealthCheck,
 * private hosted zones); Cloud DNS public health checks probe internet endpoints (Google Cloud
 * blog, "Introducing Cloud DNS public IP health checks").
 */
export function loadBalancerExposureWarnings(base: PlanFile | undefined, head: PlanFile | undefined): string[] {
    const found: { service: string; internal: boolean; cluster: string }[] = [];
    for (const { before, after } of keptPairs(base, head, SERVICE)) {
        const place = workloadPlace(after.name);
        const [was, now] = [
            isInternal(inputsOf(before) as ServiceInputs),
            isInternal(inputsOf(after) as ServiceInputs),
        ];
        if (!place || was === undefined || now === undefined || was === now) continue;
        found.push({ service: place.object, internal: now, cluster: place.cluster });
    }
    return groupBy(found, (f) => `${f.service}\u0000${f.internal}`).map(([, rows]) => {
        const { service, internal } = rows[0];
        const where = inClusters(rows.map((r) => r.cluster));
        return internal
            ? `${service}: its load balancer in ${where} becomes internal (an annotation): clients outside the cluster's network lose it, and so do the public DNS answers and the health checks that reach it from the internet.`
            : `${service}: its load balancer in ${where} becomes internet-facing (an annotation): reachable from the internet, wherever its security rules allow.`;
    });
}
