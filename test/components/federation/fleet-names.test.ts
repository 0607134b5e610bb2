// Local first through the mock engine (issue 29): the checked-in prod (Route53) and staging
// (Cloud DNS) stacks give every public service with DNS, in every cluster running it, one
// ExternalName Service whose target answers with that cluster's own endpoint while it is
// healthy; clusters that only have the namespace point at the global name; no new Route53
// health check; and the ExternalName waits for the records it points at.
import assert from "node:assert/strict";
import type { ProgramRun } from "../../../src/preview/harness/run-program";
import type { RecordedResource, LooseInputs } from "../../../src/preview/harness/recording-monitor";
import { lookupIn, owningClusterOfRecord } from "../../../src/preview/harness/ownership";
import { AWS_CLUSTER, GCP_CLUSTER, byUrn, ofType, planStack, planYaml, stackYaml } from "../../support/plan";

const T = {
    service: "kubernetes:core/v1:Service",
    record: "aws:route53/record:Record",
    healthCheck: "aws:route53/healthCheck:HealthCheck",
    recordSet: "gcp:dns/recordSet:RecordSet",
    gcpHealthCheck: "gcp:compute/healthCheck:HealthCheck",
};

interface ServiceOutput {
    clusters: Record<string, { replicas: number; namespace: string; endpoint: string | null }>;
    dns?: { skipped?: string; global: string; regions: Record<string, string>; local: Record<string, string> };
}

const inputs = (r: RecordedResource) => r.inputs as LooseInputs;
const servicesOf = (run: ProgramRun) => run.outputs.services as Record<string, ServiceOutput>;
const regionOf = (run: ProgramRun, cluster: string) =>
    (run.outputs.clusters as Record<string, { region: string }>)[cluster].region;

/** The ExternalName Services the run registered, with the cluster each lives in (by the owning-cluster walk). */
function externalNames(run: ProgramRun): { resource: RecordedResource; cluster?: string }[] {
    const lookup = lookupIn(byUrn(run));
    return ofType(run, T.service)
        .filter((r) => inputs(r).spec?.type === "ExternalName")
        .map((resource) => ({ resource, cluster: owningClusterOfRecord(resource, lookup)?.name }));
}

/** For each public service with DNS and each cluster running it: [service, cluster, namespace, endpoint]. */
function runningPublic(run: ProgramRun): [string, string, string, string][] {
    return Object.entries(servicesOf(run)).flatMap(([service, output]) =>
        output.dns && !output.dns.skipped
            ? Object.entries(output.clusters)
                  .filter(([, c]) => c.replicas > 0)
                  .map(([cluster, c]): [string, string, string, string] => [service, cluster, c.namespace, c.endpoint!])
            : [],
    );
}

/** The one ExternalName `<svc>-fleet` in a cluster and namespace; fails unless there is exactly one. */
function theExternalName(run: ProgramRun, service: string, cluster: string, namespace: string): RecordedResource {
    const found = externalNames(run).filter(
        (e) =>
            e.cluster === cluster &&
            inputs(e.resource).metadata.namespace === namespace &&
            inputs(e.resource).metadata.name === `${service}-fleet`,
    );
    assert.equal(found.length, 1, `${service}-fleet in ${cluster}/${namespace}`);
    return found[0].resource;
}

describe("local first, prod (Route53)", function () {
    this.timeout(180_000);
    let run: ProgramRun;
    before(async () => {
        run = await planStack("prod");
    });

    it("every running cluster of every public service: one <svc>-fleet whose target is a health-checked PRIMARY to the cluster's own endpoint, with a SECONDARY", () => {
        const cases = runningPublic(run);
        assert.ok(cases.length >= 6, "prod runs public services in several clusters");
        const records = ofType(run, T.record);
        const checks = new Map(ofType(run, T.healthCheck).map((c) => [c.urn, c]));
        for (const [service, cluster, namespace, endpoint] of cases) {
            const target = inputs(theExternalName(run, service, cluster, namespace)).spec.externalName as string;
            assert.equal(target, servicesOf(run)[service].dns!.local[cluster]);
            const at = records.filter((r) => inputs(r).name === target);
            const role = (r: RecordedResource) => inputs(r).failoverRoutingPolicies?.[0]?.type;
            const primary = at.filter((r) => role(r) === "PRIMARY");
            const secondary = at.filter((r) => role(r) === "SECONDARY");
            assert.equal(at.length, 2, target);
            assert.equal(primary.length, 1, target);
            assert.equal(secondary.length, 1, target);
            // PRIMARY: health-checked by a check of this cluster's endpoint...
            assert.ok(inputs(primary[0]).healthCheckId, `${target} PRIMARY has a health check`);
            const check = primary[0].dependencies.map((urn) => checks.get(urn)).find(Boolean)!;
            assert.ok(check, `${target} PRIMARY depends on a health check`);
            assert.equal(inputs(check).fqdn ?? inputs(check).ipAddress, endpoint);
            // ...answering, through the one name it points at, with this cluster's endpoint only.
            const answer = records.filter((r) => inputs(r).name === inputs(primary[0]).records[0]);
            assert.equal(answer.length, 1);
            const values = inputs(answer[0]).aliases?.map((a: LooseInputs) => a.name) ?? inputs(answer[0]).records;
            assert.deepEqual(values, [endpoint]);
            // SECONDARY: the cluster's region name, unchecked (Route53 answers with it when PRIMARY is down).
            assert.deepEqual(inputs(secondary[0]).records, [
                servicesOf(run)[service].dns!.regions[regionOf(run, cluster)],
            ]);
            assert.equal(inputs(secondary[0]).healthCheckId, undefined);
        }
    });

    it("makes no ExternalName beyond the running clusters' own: every prod cluster with a namespace runs its services", () => {
        assert.equal(externalNames(run).length, runningPublic(run).length);
    });

    it("adds no Route53 health check: one per running endpoint and one per region of each service, as before", () => {
        const expected = Object.values(servicesOf(run))
            .filter((s) => s.dns && !s.dns.skipped)
            .reduce((sum, s) => {
                const running = Object.keys(s.clusters).filter((c) => s.clusters[c].replicas > 0);
                return sum + running.length + new Set(running.map((c) => regionOf(run, c))).size;
            }, 0);
        const checks = ofType(run, T.healthCheck);
        assert.equal(checks.length, expected);
        const local = new Set(Object.values(servicesOf(run)).flatMap((s) => Object.values(s.dns?.local ?? {})));
        for (const check of checks)
            assert.ok(![...local].some((name) => String(inputs(check).tags?.Name).includes(name)));
    });

    it("each <svc>-fleet lives in its cluster's namespace and waits for its own cluster's local records only", () => {
        const records = ofType(run, T.record);
        for (const [service, cluster, namespace] of runningPublic(run)) {
            const external = theExternalName(run, service, cluster, namespace);
            const target = inputs(external).spec.externalName as string;
            const pair = records.filter((r) => inputs(r).name === target);
            const member = records.filter((r) => inputs(r).name === inputs(pair[0]).records[0]);
            const waitsFor = records.filter((r) => external.dependencies.includes(r.urn));
            assert.deepEqual(
                waitsFor.map((r) => r.urn).sort(),
                [...pair, ...member].map((r) => r.urn).sort(),
                `${service}-fleet in ${cluster}`,
            );
            const namespaceUrn = ofType(run, "kubernetes:core/v1:Namespace").find(
                (n) => n.name === `${cluster}-ns-${namespace}`,
            )?.urn;
            assert.ok(namespaceUrn && external.dependencies.includes(namespaceUrn));
        }
    });
});

describe("local first, staging (Cloud DNS)", function () {
    this.timeout(180_000);
    let run: ProgramRun;
    before(async () => {
        run = await planStack("staging");
    });

    it("every running IP cluster: one <svc>-fleet whose target is a primaryBackup set, primary the cluster's endpoint, health-checked", () => {
        const cases = runningPublic(run);
        const sets = ofType(run, T.recordSet);
        const healthChecks = new Set(ofType(run, T.gcpHealthCheck).map((c) => c.urn));
        let checked = 0;
        for (const [service, cluster, namespace, endpoint] of cases) {
            const target = inputs(theExternalName(run, service, cluster, namespace)).spec.externalName as string;
            assert.equal(target, servicesOf(run)[service].dns!.local[cluster]);
            const at = sets.filter((s) => inputs(s).name === `${target}.`);
            assert.equal(at.length, 1, target);
            const set = inputs(at[0]);
            if (/^\d+\.\d+\.\d+\.\d+$/.test(endpoint)) {
                assert.equal(set.type, "A");
                assert.deepEqual(set.routingPolicy.primaryBackup.primary.externalEndpoints, [endpoint]);
                assert.ok(set.routingPolicy.primaryBackup.backupGeos.length > 0);
                assert.ok(set.routingPolicy.healthCheck, `${target} names the service's health check`);
                assert.ok(at[0].dependencies.some((urn) => healthChecks.has(urn)));
                checked += 1;
            } else {
                // A load-balancer hostname cannot be a Cloud DNS health-checked target: the local name
                // is a CNAME to the cluster's region name (docs/local-first.md, Limits).
                const regionName = servicesOf(run)[service].dns!.regions[regionOf(run, cluster)];
                assert.deepEqual([set.type, set.rrdatas, set.routingPolicy], ["CNAME", [`${regionName}.`], undefined]);
            }
        }
        assert.ok(checked >= 5, "staging's IP clusters are health-checked primaries");
        assert.ok(checked < cases.length, "staging has a hostname cluster (aws-use2) too");
    });

    it("clusters that have the namespace but do not run the service point at its global name", () => {
        const running = new Set(runningPublic(run).map(([s, c, ns]) => `${s}@${c}/${ns}`));
        const namespaces = new Set(
            ofType(run, "kubernetes:core/v1:Namespace").map(
                (n) => `${owningClusterOfRecord(n, lookupIn(byUrn(run)))?.name}/${inputs(n).metadata.name}`,
            ),
        );
        const others = externalNames(run).filter(({ resource, cluster }) => {
            const meta = inputs(resource).metadata;
            return !running.has(`${meta.name.replace(/-fleet$/, "")}@${cluster}/${meta.namespace}`);
        });
        // aws-use2 runs storefront in shop, not checkout.
        assert.ok(others.length >= 1, "staging has a cluster with the namespace but not the service");
        for (const { resource, cluster } of others) {
            const meta = inputs(resource).metadata;
            assert.ok(namespaces.has(`${cluster}/${meta.namespace}`), `${meta.name} in ${cluster} has its namespace`);
            assert.equal(
                inputs(resource).spec.externalName,
                servicesOf(run)[meta.name.replace(/-fleet$/, "")].dns!.global,
            );
        }
    });
});

describe("local first, transitions", function () {
    this.timeout(180_000);
    const yaml = (webClusters: string) =>
        stackYaml(AWS_CLUSTER + GCP_CLUSTER) +
        `  fedfleet:dns:
    provider: route53
    zone: { name: test.fleet.example.com, create: true }
  fedfleet:services:
` +
        ["web", "api"]
            .map(
                (name) => `    - name: ${name}
      namespace: shop
      replicas: 4
      containers: [{ name: app, image: "nginx:1.27" }]
      ports: [{ name: http, port: 80 }]
      placement: { clusters: ${name === "web" ? webClusters : "[aws-use1, gke-euw1]"} }
`,
            )
            .join("");

    it("a cluster that stops running a service keeps <svc>-fleet (same URN), which now points at the global name", async () => {
        const before = await planYaml(yaml("[aws-use1, gke-euw1]"));
        const after = await planYaml(yaml("[aws-use1]"));
        const webFleet = (run: ProgramRun) =>
            externalNames(run).find(
                (e) => e.cluster === "gke-euw1" && inputs(e.resource).metadata.name === "web-fleet",
            )!.resource;
        assert.equal(webFleet(before).urn, webFleet(after).urn);
        assert.equal(
            inputs(webFleet(before)).spec.externalName,
            "web.shop.acme.svc.gke-euw1.europe-west1.test.fleet.example.com",
        );
        assert.equal(inputs(webFleet(after)).spec.externalName, "web.shop.acme.svc.test.fleet.example.com");
        // Its local records go with it; api's stay.
        const names = (run: ProgramRun) => new Set(ofType(run, T.record).map((r) => String(inputs(r).name)));
        const local = "web.shop.acme.svc.gke-euw1.europe-west1.test.fleet.example.com";
        assert.ok(names(before).has(local));
        assert.ok(!names(after).has(local));
        assert.ok(names(after).has("api.shop.acme.svc.gke-euw1.europe-west1.test.fleet.example.com"));
    });
});
