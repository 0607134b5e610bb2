import assert from "node:assert/strict";
import type { ProgramRun } from "../../../src/preview/harness/run-program";
import { AWS_CLUSTER, EXISTING_CLUSTER, GCP_CLUSTER, ofType, planStack, planYaml, stackYaml } from "../../support/plan";

const SERVICES = `  fedfleet:services:
    - name: web
      namespace: shop
      replicas: 5
      containers:
        - name: web
          image: ghcr.io/acme/web:1.0.0
          ports: [{ name: http, containerPort: 8080 }]
      ports: [{ name: http, port: 80, targetPort: 8080 }]
      placement:
        selector: { matchExpressions: [{ key: cloud, operator: In, values: [aws, gcp] }] }
    - name: api
      namespace: shop
      replicas: 1
      autoscaling: { maxReplicas: 4 }
      containers:
        - name: api
          image: ghcr.io/acme/api:1.0.0
          resources: { requests: { cpu: 100m } }
      ports: [{ name: http, port: 80 }]
      placement:
        clusters: [aws-use1, lab-fra]
        preferences: { lab-fra: { weight: 0 } }
`;

const k8sProviderOf = (cluster: string, type: string) =>
    `urn:pulumi:test::fedfleet::fedfleet:cluster:${type}$pulumi:providers:kubernetes::${cluster}-k8s`;

describe("FederatedService", () => {
    let run: ProgramRun;
    before(async () => {
        run = await planYaml(stackYaml(AWS_CLUSTER + GCP_CLUSTER + EXISTING_CLUSTER) + SERVICES);
    });

    it("expands into per-cluster objects parented by the service and using that cluster's provider", () => {
        const web = "urn:pulumi:test::fedfleet::fedfleet:service:FederatedService::shop/web";
        const children = run.resources.filter((r) => r.parent === web);
        assert.deepEqual(children.map((r) => `${r.type} ${r.name}`).sort(), [
            "kubernetes:apps/v1:Deployment shop/web@aws-use1",
            "kubernetes:apps/v1:Deployment shop/web@gke-euw1",
            "kubernetes:core/v1:Service shop/web@aws-use1",
            "kubernetes:core/v1:Service shop/web@gke-euw1",
            "kubernetes:core/v1:ServiceAccount shop/web@aws-use1",
            "kubernetes:core/v1:ServiceAccount shop/web@gke-euw1",
            "kubernetes:networking.k8s.io/v1:NetworkPolicy shop/web@aws-use1",
            "kubernetes:networking.k8s.io/v1:NetworkPolicy shop/web@gke-euw1",
            "kubernetes:policy/v1:PodDisruptionBudget shop/web@aws-use1",
            "kubernetes:policy/v1:PodDisruptionBudget shop/web@gke-euw1",
        ]);
        for (const child of children) {
            const [cluster, type] = child.name.endsWith("aws-use1")
                ? ["aws-use1", "EksCluster"]
                : ["gke-euw1", "GkeCluster"];
            assert.equal(child.provider, k8sProviderOf(cluster, type), child.urn);
        }
        const replicas = children
            .filter((r) => r.type === "kubernetes:apps/v1:Deployment")
            .map((d) => [d.name, (d.inputs.spec as { replicas: number }).replicas])
            .sort();
        assert.deepEqual(replicas, [
            ["shop/web@aws-use1", 3],
            ["shop/web@gke-euw1", 2],
        ]);
    });

    it("creates each namespace once per cluster, under the cluster, shared by both services", () => {
        const namespaces = ofType(run, "kubernetes:core/v1:Namespace");
        assert.deepEqual(namespaces.map((n) => n.name).sort(), ["aws-use1-ns-shop", "gke-euw1-ns-shop"]);
        const awsNamespace = namespaces.find((n) => n.name === "aws-use1-ns-shop")!;
        assert.equal(awsNamespace.parent, "urn:pulumi:test::fedfleet::fedfleet:cluster:EksCluster::aws-use1");
        assert.equal(awsNamespace.provider, k8sProviderOf("aws-use1", "EksCluster"));
        const awsObjects = run.resources.filter(
            (r) => r.type.startsWith("kubernetes:") && r.name.endsWith("@aws-use1"),
        );
        assert.ok(awsObjects.length >= 4);
        for (const object of awsObjects) assert.ok(object.dependencies.includes(awsNamespace.urn), object.urn);
    });

    it("leaves the replica count to the HPA when autoscaling, and gives a zero-share cluster nothing", () => {
        const api = run.resources.filter(
            (r) => r.parent === "urn:pulumi:test::fedfleet::fedfleet:service:FederatedService::shop/api",
        );
        assert.deepEqual(api.map((r) => `${r.type} ${r.name}`).sort(), [
            "kubernetes:apps/v1:Deployment shop/api@aws-use1",
            "kubernetes:autoscaling/v2:HorizontalPodAutoscaler shop/api@aws-use1",
            "kubernetes:core/v1:Service shop/api@aws-use1",
            "kubernetes:core/v1:ServiceAccount shop/api@aws-use1",
            "kubernetes:networking.k8s.io/v1:NetworkPolicy shop/api@aws-use1",
            // Its HPA can scale it to 4 here: a budget from the start, whatever the minimum of 1.
            "kubernetes:policy/v1:PodDisruptionBudget shop/api@aws-use1",
        ]);
        const deployment = api.find((r) => r.type === "kubernetes:apps/v1:Deployment")!;
        // Created at the HPA's minimum, then left to the HPA (autoscaling-handover.test.ts).
        assert.equal((deployment.inputs.spec as Record<string, unknown>).replicas, 1);
        assert.deepEqual(deployment.ignoreChanges, ["spec.replicas"]);
        const hpa = api.find((r) => r.type.includes("HorizontalPodAutoscaler"))!;
        assert.equal((hpa.inputs.spec as { minReplicas: number }).minReplicas, 1);
        assert.equal((hpa.inputs.spec as { maxReplicas: number }).maxReplicas, 4);
    });

    it("exports, per service, each chosen cluster's replicas, namespace and load-balancer endpoint", () => {
        const services = run.outputs.services as Record<
            string,
            { clusters: Record<string, { replicas: number; namespace: string; endpoint: string | null }> }
        >;
        assert.equal(services.web.clusters["aws-use1"].replicas, 3);
        assert.match(String(services.web.clusters["aws-use1"].endpoint), /\.elb\.us-east-1\.amazonaws\.com$/);
        assert.match(String(services.web.clusters["gke-euw1"].endpoint), /^\d+\.\d+\.\d+\.\d+$/);
        assert.equal(services.web.clusters["gke-euw1"].namespace, "shop");
        assert.deepEqual(services.api.clusters["lab-fra"], { replicas: 0, namespace: "shop", endpoint: null });
    });

    for (const stack of ["dev", "staging", "prod"]) {
        it(`places at least two services in the ${stack} stack, one by selector and one by name`, async () => {
            const services = (await planStack(stack)).outputs.services as Record<
                string,
                { clusters: Record<string, unknown> }
            >;
            assert.ok(Object.keys(services).length >= 2);
            for (const [name, service] of Object.entries(services))
                assert.ok(Object.keys(service.clusters).length >= 2, name);
        });
    }
});

describe("FleetNamespaces", () => {
    // kube-* namespaces are refused by validation (api-parity.test.ts): fedfleet never creates them.
    it("never manages the cluster's own default namespace", async () => {
        const run = await planYaml(
            stackYaml(AWS_CLUSTER) +
                SERVICES.replace(/namespace: shop/g, "namespace: default")
                    .replace(/\[aws-use1, lab-fra\]/, "[aws-use1]")
                    .replace("preferences: { lab-fra: { weight: 0 } }", "preferences: {}")
                    .replace("values: [aws, gcp]", "values: [aws]"),
        );
        assert.deepEqual(ofType(run, "kubernetes:core/v1:Namespace"), []);
        assert.ok(ofType(run, "kubernetes:apps/v1:Deployment").length >= 2);
    });
});
