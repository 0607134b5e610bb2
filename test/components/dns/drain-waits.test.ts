// Drain before delete: every DNS record that depends on a Kubernetes Service depends on it
// through a wait whose destroy takes the service's failover estimate. Pulumi deletes dependents
// first (pulumi/pulumi step_generator.go, ScheduleDeletes), so a removal deletes the records,
// spends the wait, and only then deletes the Service. Checked on what the checked-in stacks
// register, and by scheduling a removal the way the engine does.
import assert from "node:assert/strict";
import type { RecordedResource } from "../../../src/preview/harness/recording-monitor";
import { deleteSteps } from "../../support/dependency-graph";
import { planStack } from "../../support/plan";

const SLEEP = "time:index/sleep:Sleep";
const SERVICE = "kubernetes:core/v1:Service";
const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
const NETWORK_POLICY = "kubernetes:networking.k8s.io/v1:NetworkPolicy";

/** A drain wait: a Sleep of a service's DNS component (soaks and pod holds are Sleeps too). */
const isDrainWait = (r: RecordedResource) => r.type === SLEEP && /::fedfleet:dns:\w+ServiceDns::/.test(r.parent ?? "");
/** A pods hold: a Sleep of a FederatedService that holds a Deployment on delete. */
const isPodsHold = (r: RecordedResource) => r.type === SLEEP && r.name.endsWith("-pods");
const RECORDS = ["aws:route53/record:Record", "gcp:dns/recordSet:RecordSet"];

/** Every URN `from` depends on, directly or through others. */
function reachable(from: RecordedResource, byUrn: ReadonlyMap<string, RecordedResource>): Set<string> {
    const seen = new Set<string>();
    const stack = [...from.dependencies];
    while (stack.length > 0) {
        const urn = stack.pop()!;
        if (seen.has(urn)) continue;
        seen.add(urn);
        const next = byUrn.get(urn);
        if (next) stack.push(...next.dependencies);
    }
    return seen;
}

/** The destroy wait of a Sleep, in seconds; 0 for anything else. */
const waitSeconds = (r: RecordedResource) => {
    const duration = r.type === SLEEP ? (r.inputs as { destroyDuration?: string }).destroyDuration : undefined;
    return duration ? Number(/^(\d+)s$/.exec(duration)?.[1] ?? 0) : 0;
};

for (const stack of ["prod", "staging", "dev"]) {
    describe(`drain waits in ${stack}'s registrations`, () => {
        let resources: RecordedResource[];
        let byUrn: Map<string, RecordedResource>;
        before(async () => {
            resources = (await planStack(stack)).resources;
            byUrn = new Map(resources.map((r) => [r.urn, r]));
        });

        it("every DNS record that depends on a Kubernetes Service does so through a wait whose destroy takes time", () => {
            const records = resources.filter((r) => RECORDS.includes(r.type));
            let checked = 0;
            for (const record of records) {
                const services = [...reachable(record, byUrn)].filter((urn) => byUrn.get(urn)?.type === SERVICE);
                for (const service of services) {
                    // Some wait W: the record reaches W, W reaches the Service, W's destroy waits.
                    const guards = [...reachable(record, byUrn)]
                        .map((urn) => byUrn.get(urn)!)
                        .filter((w) => w.type === SLEEP && waitSeconds(w) > 0 && reachable(w, byUrn).has(service));
                    assert.ok(
                        guards.length > 0,
                        `${record.name} reaches ${service.split("::").pop()} with no wait between`,
                    );
                    checked += 1;
                }
            }
            // Every stack has DNS records in front of Services: none found would check nothing.
            assert.ok(checked >= (stack === "prod" ? 20 : 1), `${checked} record-to-Service paths checked`);
        });

        it("each wait holds its service's drain estimate, as the stack output says it", async () => {
            const services = (await planStack(stack)).outputs.services as Record<
                string,
                { dns?: { drainSeconds?: number } }
            >;
            const waits = resources.filter(isDrainWait);
            assert.ok(waits.length > 0, `${stack} registers drain waits`);
            for (const wait of waits) {
                const service = wait.name.split("@")[0].split("/").pop()!;
                assert.equal(waitSeconds(wait), services[service].dns?.drainSeconds, wait.name);
                assert.deepEqual(
                    wait.dependencies.map((urn) => byUrn.get(urn)!.type),
                    [SERVICE],
                    `${wait.name} depends on its Service alone`,
                );
            }
        });

        it("removing a service deletes its records first, then waits, then deletes its Services, as ScheduleDeletes orders deletes", () => {
            // Condemn one federated service's DNS component and workloads, as removing it from the stack file would.
            const component = resources.find((r) => /^fedfleet:dns:\w+ServiceDns$/.test(r.type));
            if (!component) return;
            const name = component.name;
            const condemned = resources.filter(
                (r) =>
                    r.urn !== component.urn &&
                    (r.parent === component.urn || (r.parent?.endsWith(`FederatedService::${name}`) ?? false)),
            );
            const { stepOf: step } = deleteSteps(condemned);
            const waits = condemned.filter(isDrainWait);
            assert.ok(waits.length > 0, `${name} has waits`);
            for (const wait of waits) {
                const service = wait.dependencies[0];
                const records = condemned.filter((r) => RECORDS.includes(r.type) && reachable(r, byUrn).has(service));
                assert.ok(records.length > 0, wait.name);
                for (const record of records)
                    assert.ok(step(record.urn) < step(wait.urn), `${record.name} before ${wait.name}`);
                assert.ok(step(wait.urn) < step(service), `${wait.name} before its Service`);
            }
        });
        it("each cluster DNS answers with holds its Deployment and the policy admitting its pods a wait of their own: the drain estimate and Route 53's 60 s propagation", async () => {
            const services = (await planStack(stack)).outputs.services as Record<
                string,
                { dns?: { drainSeconds?: number } }
            >;
            const drainWaits = resources.filter(isDrainWait);
            const holds = resources.filter(isPodsHold);
            // One hold per drain wait: per service, per cluster DNS answers with.
            assert.deepEqual(
                holds.map((h) => h.name.replace(/-pods$/, "")).sort(),
                drainWaits.map((w) => w.name).sort(),
            );
            for (const hold of holds) {
                const service = hold.name.split("@")[0].split("/").pop()!;
                assert.equal(waitSeconds(hold), services[service].dns!.drainSeconds! + 60, hold.name);
                // What serving the pods needs: the Deployment, and the policy admitting their traffic
                // (the namespace denies all other ingress), both of that service in that cluster.
                assert.deepEqual(
                    hold.dependencies.map((urn) => byUrn.get(urn)!.type).sort(),
                    [DEPLOYMENT, NETWORK_POLICY].sort(),
                    `${hold.name} depends on its Deployment and NetworkPolicy alone`,
                );
                for (const urn of hold.dependencies)
                    assert.equal(byUrn.get(urn)!.name, hold.name.replace(/-pods$/, ""), `${hold.name}: ${urn}`);
            }
        });

        it("nothing waits for a pods hold, so no record, Service or later wave is delayed by it on create", () => {
            const holds = new Set(resources.filter(isPodsHold).map((h) => h.urn));
            assert.ok(holds.size > 0);
            for (const r of resources)
                assert.ok(!r.dependencies.some((urn) => holds.has(urn)), `${r.name} depends on a pods hold`);
        });

        it("removing a cluster from a service: its Deployment goes only after its hold, which outlasts the records' propagation and the drain, as ScheduleDeletes orders deletes", () => {
            const hold = resources.find(isPodsHold)!;
            const deployment = hold.dependencies.map((urn) => byUrn.get(urn)!).find((r) => r.type === DEPLOYMENT)!;
            const admission = hold.dependencies.map((urn) => byUrn.get(urn)!).find((r) => r.type === NETWORK_POLICY)!;
            const cluster = hold.name.split("@")[1].replace(/-pods$/, "");
            const service = hold.parent!;
            // Condemn every resource of that service in that cluster, and the DNS objects pointing there.
            const inCluster = (r: RecordedResource) =>
                r.name.endsWith(`@${cluster}`) || r.name.endsWith(`@${cluster}-pods`);
            const condemned = resources.filter(
                (r) => inCluster(r) && (r.parent === service || /::fedfleet:dns:\w+ServiceDns::/.test(r.parent ?? "")),
            );
            assert.ok(condemned.some((r) => r.urn === deployment.urn));
            const { steps: order, stepOf: step } = deleteSteps(condemned);
            assert.ok(step(hold.urn) < step(deployment.urn), "the hold is spent before the Deployment goes");
            // Without the policy that admits it, traffic never reaches the held pods (found by a stranger's review).
            assert.ok(step(hold.urn) < step(admission.urn), "the hold is spent before the admitting policy goes");
            // Antichains run one after another: the Deployment goes after the longest wait of each earlier one.
            const before = order.slice(0, step(deployment.urn)).map((a) => Math.max(0, ...a.map(waitSeconds)));
            const drain = condemned.filter(isDrainWait).map(waitSeconds);
            assert.ok(drain.length > 0, `${cluster} has a drain wait`);
            assert.ok(
                before.reduce((a, b) => a + b, 0) >= Math.max(...drain) + 60,
                `${deployment.name} goes after ${before.join("+")} s`,
            );
        });
    });
}
