// What every checked-in stack registers, read back from the program's own registrations:
// namespaces enforce Pod Security "restricted", pods mount no service-account token and run
// as their service's own account, every Deployment that can run two or more pods in a
// cluster has a disruption budget there, and ingress is denied but for each service's ports.
import assert from "node:assert/strict";
import type { RecordedResource } from "../../src/preview/harness/recording-monitor";
import { ofType, planStack } from "../support/plan";
import { nonEmpty } from "../support/non-empty";

type Spec = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- manifests read loosely
const spec = (r: RecordedResource) => r.inputs.spec as Spec;
const meta = (r: RecordedResource) =>
    r.inputs.metadata as { name: string; namespace?: string; labels?: Record<string, string> };
/** The cluster of a service's object: the part of its name after `@`. */
const clusterOf = (r: RecordedResource) => r.name.split("@")[1];
const key = (r: RecordedResource) => `${meta(r).namespace}/${meta(r).name}@${clusterOf(r)}`;

for (const stack of ["dev", "staging", "prod"]) {
    describe(`stacks/Pulumi.${stack}.yaml: hardening of what it registers`, () => {
        it("every managed namespace enforces, audits and warns at Pod Security restricted", async () => {
            const namespaces = ofType(await planStack(stack), "kubernetes:core/v1:Namespace");
            assert.ok(namespaces.length > 0);
            for (const namespace of namespaces) {
                const labels = meta(namespace).labels ?? {};
                for (const mode of ["enforce", "audit", "warn"]) {
                    assert.equal(labels[`pod-security.kubernetes.io/${mode}`], "restricted", namespace.name);
                    assert.match(labels[`pod-security.kubernetes.io/${mode}-version`], /^(latest|v1\.\d+)$/);
                }
            }
        });

        it("no pod mounts a service-account token, and each runs as its service's own account", async () => {
            const run = await planStack(stack);
            const accounts = new Map(ofType(run, "kubernetes:core/v1:ServiceAccount").map((a) => [key(a), a]));
            for (const deployment of nonEmpty(ofType(run, "kubernetes:apps/v1:Deployment"), "Deployment")) {
                const pod = spec(deployment).template.spec;
                assert.equal(pod.automountServiceAccountToken, false, deployment.name);
                assert.equal(pod.serviceAccountName, meta(deployment).name, deployment.name);
                const account = accounts.get(key(deployment));
                assert.ok(account, `${deployment.name} has its own ServiceAccount`);
                assert.equal(account.inputs.automountServiceAccountToken, false);
                assert.ok(deployment.dependencies.includes(account.urn), "the account exists before the pods");
            }
        });

        it("every Deployment that can run 2 or more replicas in a cluster has a budget there", async () => {
            const run = await planStack(stack);
            const budgets = new Map(ofType(run, "kubernetes:policy/v1:PodDisruptionBudget").map((p) => [key(p), p]));
            const autoscalers = new Map(
                ofType(run, "kubernetes:autoscaling/v2:HorizontalPodAutoscaler").map((h) => [key(h), h]),
            );
            let counted = 0;
            for (const deployment of ofType(run, "kubernetes:apps/v1:Deployment")) {
                const hpa = autoscalers.get(key(deployment));
                const ceiling = hpa ? spec(hpa).maxReplicas : spec(deployment).replicas;
                const budget = budgets.get(key(deployment));
                assert.equal(Boolean(budget), ceiling >= 2, `${deployment.name}: up to ${ceiling}`);
                if (!budget) continue;
                counted++;
                assert.deepEqual(spec(budget).selector, spec(deployment).selector);
                assert.equal(spec(budget).unhealthyPodEvictionPolicy, "AlwaysAllow");
            }
            assert.ok(counted > 0);
        });

        it("pods spread per rollout, write only to /tmp, and take ingress only on their service's ports", async () => {
            const run = await planStack(stack);
            const policies = new Map(
                ofType(run, "kubernetes:networking.k8s.io/v1:NetworkPolicy").map((p) => [key(p), p]),
            );
            const services = new Map(ofType(run, "kubernetes:core/v1:Service").map((s) => [key(s), s]));
            for (const deployment of nonEmpty(ofType(run, "kubernetes:apps/v1:Deployment"), "Deployment")) {
                const pod = spec(deployment).template.spec;
                for (const constraint of nonEmpty<Spec>(pod.topologySpreadConstraints ?? [], "spread constraint"))
                    assert.deepEqual(constraint.matchLabelKeys, ["pod-template-hash"]);
                assert.deepEqual(pod.volumes, [{ name: "tmp", emptyDir: {} }]);
                for (const container of pod.containers) {
                    assert.equal(container.securityContext.readOnlyRootFilesystem, true);
                    assert.deepEqual(container.volumeMounts, [{ name: "tmp", mountPath: "/tmp" }]);
                }
                const allow = policies.get(key(deployment));
                assert.ok(allow, `${deployment.name} has its allow policy`);
                assert.deepEqual(spec(allow).podSelector, spec(deployment).selector);
                const targeted = spec(services.get(key(deployment))!).ports.map(
                    (p: Spec) => `${p.protocol}/${p.targetPort}`,
                );
                const allowed = spec(allow).ingress[0].ports.map((p: Spec) => `${p.protocol}/${p.port}`);
                assert.deepEqual(allowed.sort(), [...new Set(targeted)].sort());
            }
            for (const namespace of nonEmpty(ofType(run, "kubernetes:core/v1:Namespace"), "Namespace")) {
                const deny = ofType(run, "kubernetes:networking.k8s.io/v1:NetworkPolicy").find(
                    (p) =>
                        meta(p).name === "default-deny-ingress" &&
                        meta(p).namespace === meta(namespace).name &&
                        p.parent === namespace.parent,
                );
                assert.ok(deny, `${namespace.name} denies ingress by default`);
                assert.deepEqual(spec(deny), { podSelector: {}, policyTypes: ["Ingress"] });
            }
        });

        it("every cluster it builds enforces network policies", async () => {
            const run = await planStack(stack);
            // Every checked-in stack has clusters on both clouds.
            for (const cluster of nonEmpty(ofType(run, "gcp:container/cluster:Cluster"), "GKE cluster"))
                assert.equal(cluster.inputs.datapathProvider, "ADVANCED_DATAPATH", cluster.name);
            const cniAddons = ofType(run, "aws:eks/addon:Addon").filter((a) => a.inputs.addonName === "vpc-cni");
            assert.equal(cniAddons.length, ofType(run, "aws:eks/cluster:Cluster").length, "a vpc-cni per EKS cluster");
            for (const addon of nonEmpty(cniAddons, "vpc-cni add-on"))
                assert.deepEqual(JSON.parse(String(addon.inputs.configurationValues)), { enableNetworkPolicy: "true" });
        });
    });
}
