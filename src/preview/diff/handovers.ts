// Autoscaling switched on for a running service: who owns the Deployment's replica count while
// `pulumi up` applies it, and after. Pure.
import { compareCodeUnits } from "../../plan/core/order";
import type { PlanFile, ResourceChange } from "./plan-diff";

const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
const HPA = "kubernetes:autoscaling/v2:HorizontalPodAutoscaler";
const REPLICAS = "spec.replicas";

/**
 * One line per service whose running Deployments start leaving `spec.replicas` to a new HPA:
 * the engine applies the old value there (ignoreChanges), so the count never drops, and the
 * HPA owns the field once it first writes it (Kubernetes docs, Server-Side Apply, "Transferring
 * ownership"; pulumi-kubernetes handleSSAIgnoreFields then leaves it out).
 */
export function autoscalingHandovers(
    base: PlanFile | undefined,
    head: PlanFile | undefined,
    changes: readonly ResourceChange[],
): string[] {
    if (!base || !head) return [];
    const before = new Map(base.resources.map((r) => [r.urn, r]));
    const newHpas = changes.filter((c) => c.op === "create" && c.type === HPA);
    const byService = new Map<string, { cluster: string; replicas: unknown }[]>();
    for (const deployment of head.resources.filter((r) => r.type === DEPLOYMENT)) {
        const old = before.get(deployment.urn);
        if (!old || old.ignoreChanges.includes(REPLICAS) || !deployment.ignoreChanges.includes(REPLICAS)) continue;
        // Its HPA shares its name (`<namespace>/<service>@<cluster>`).
        const hpa = newHpas.find((c) => c.name === deployment.name);
        if (!hpa) continue;
        const service = hpa.service ?? deployment.name;
        const replicas = (old.inputs.spec as Record<string, unknown> | undefined)?.replicas;
        byService.set(service, [...(byService.get(service) ?? []), { cluster: hpa.cluster ?? "?", replicas }]);
    }
    return [...byService.entries()]
        .sort(([a], [b]) => compareCodeUnits(a, b))
        .map(([service, rows]) => {
            const where = rows
                .sort((a, b) => compareCodeUnits(a.cluster, b.cluster))
                .map((r) => `${r.cluster} keeps ${String(r.replicas)}`)
                .join(", ");
            return `${service}: autoscaling switched on: the Deployments keep their running replicas (${where}) while the up creates the HPAs, since Pulumi now leaves spec.replicas alone (ignoreChanges: the old value is applied, never released to the API default of 1); each HPA takes the field over when it first scales.`;
        });
}
