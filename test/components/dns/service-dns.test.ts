// The DNS wiring, through the mock engine: what each provider's records look like as
// registered, their health checks, the region fallback pair, and their dependencies.
import assert from "node:assert/strict";
import type { ProgramRun } from "../../../src/preview/harness/run-program";
import type { RecordedResource } from "../../../src/preview/harness/recording-monitor";
import { AWS_CLUSTER, GCP_CLUSTER, ofType, one, planYaml, stackYaml } from "../../support/plan";
import { nonEmpty } from "../../support/non-empty";

const SECOND_GCP = GCP_CLUSTER.replace("name: gke-euw1", "name: gke-usc1").replace(
    "region: europe-west1",
    "region: us-central1",
);

const SERVICE = (dns: string) => `  fedfleet:services:
    - name: web
      namespace: shop
      replicas: 6
      containers:
        - name: web
          image: ghcr.io/acme/web:1.0.0
          readinessProbe: { httpGet: { path: /ready, port: 8080 } }
      ports: [{ name: http, port: 80, targetPort: 8080 }]
      placement:
        clusters: CLUSTERS
${dns}`;

function stack(clusters: string, names: string[], dns: string, serviceDns = ""): string {
    return stackYaml(clusters) + dns + SERVICE(serviceDns).replace("CLUSTERS", `[${names.join(", ")}]`);
}

const ROUTE53 = (routing: string, extra = "") => `  fedfleet:dns:
    provider: route53
    zone: { name: test.fleet.example.com, create: true }
    routing: ${routing}
${extra}`;

const CLOUDDNS = (routing: string, extra = "") => `  fedfleet:dns:
    provider: clouddns
    project: acme-dns-proj
    zone: { name: test.fleet.example.com, id: test-zone }
    routing: ${routing}
${extra}`;

const GLOBAL = "web.shop.acme.svc.test.fleet.example.com";

const records = (run: ProgramRun, name?: string) =>
    ofType(run, "aws:route53/record:Record").filter((r) => name === undefined || r.inputs.name === name);
const short = (urn: string) => urn.split("::").slice(-2).join("::");

describe("Route53 service DNS", () => {
    let run: ProgramRun;
    before(async () => {
        run = await planYaml(stack(AWS_CLUSTER + GCP_CLUSTER, ["aws-use1", "gke-euw1"], ROUTE53("latency")));
    });

    it("health-checks every endpoint on the service's health path and port, by name for hostnames and by IP for IPs", () => {
        const checks = ofType(run, "aws:route53/healthCheck:HealthCheck").filter((c) => c.inputs.type !== "CALCULATED");
        assert.equal(checks.length, 2);
        const aws = checks.find((c) => c.name === "shop/web@aws-use1")!;
        assert.match(String(aws.inputs.fqdn), /\.elb\.us-east-1\.amazonaws\.com$/);
        assert.equal(aws.inputs.ipAddress, undefined);
        const gcp = checks.find((c) => c.name === "shop/web@gke-euw1")!;
        assert.match(String(gcp.inputs.ipAddress), /^\d+\.\d+\.\d+\.\d+$/);
        for (const check of checks) {
            assert.equal(check.inputs.type, "HTTP");
            assert.equal(check.inputs.port, 80);
            assert.equal(check.inputs.resourcePath, "/ready");
            assert.equal(check.inputs.requestInterval, 10);
            assert.equal(check.inputs.failureThreshold, 3);
        }
    });

    it("answers the global name by latency: an alias to the NLB on AWS, an A record for GKE's IP, mapped to the nearest AWS region", () => {
        const global = records(run, GLOBAL);
        assert.equal(global.length, 2);
        const aws = global.find((r) => r.inputs.setIdentifier === "aws-use1")!;
        assert.deepEqual(aws.inputs.latencyRoutingPolicies, [{ region: "us-east-1" }]);
        const alias = (aws.inputs.aliases as { name: string; zoneId: string; evaluateTargetHealth: boolean }[])[0];
        assert.match(alias.name, /\.elb\.us-east-1\.amazonaws\.com$/);
        assert.equal(alias.zoneId, "Z26RNL4JYFTOTI");
        assert.equal(alias.evaluateTargetHealth, true);
        assert.equal(aws.inputs.records, undefined, "a hostname is never resolved to IPs");
        const gcp = global.find((r) => r.inputs.setIdentifier === "gke-euw1")!;
        assert.deepEqual(gcp.inputs.latencyRoutingPolicies, [{ region: "eu-west-3" }]);
        assert.equal(gcp.inputs.type, "A");
        assert.equal((gcp.inputs.records as string[]).length, 1);
        assert.equal(gcp.inputs.ttl, 30);
        const checkIds = new Map(ofType(run, "aws:route53/healthCheck:HealthCheck").map((c) => [c.name, c]));
        assert.ok(gcp.dependencies.includes(checkIds.get("shop/web@gke-euw1")!.urn));
        assert.ok(typeof gcp.inputs.healthCheckId === "string" && gcp.inputs.healthCheckId.length > 0);
    });

    it("gives each region name a failover pair: its own endpoints while any is healthy, then the global name", () => {
        const regionName = "web.shop.acme.svc.us-east-1.test.fleet.example.com";
        const pair = records(run, regionName);
        const primary = pair.find(
            (r) => (r.inputs.failoverRoutingPolicies as { type: string }[])[0].type === "PRIMARY",
        )!;
        const secondary = pair.find(
            (r) => (r.inputs.failoverRoutingPolicies as { type: string }[])[0].type === "SECONDARY",
        )!;
        assert.deepEqual(primary.inputs.records, [`members.${regionName}`]);
        assert.equal(primary.inputs.type, "CNAME");
        assert.deepEqual(secondary.inputs.records, [GLOBAL]);
        assert.equal(secondary.inputs.healthCheckId, undefined);
        const calculated = one(run, "aws:route53/healthCheck:HealthCheck", "shop/web@region/us-east-1");
        assert.equal(calculated.inputs.type, "CALCULATED");
        // Its name before the rename stays its URN.
        const aliases = calculated.aliases as { spec?: { name: string; parenturn: string } }[];
        assert.deepEqual(
            aliases.map((alias) => [alias.spec?.name, alias.spec?.parenturn]),
            [["shop/web@us-east-1", calculated.parent]],
        );
        assert.equal(calculated.inputs.childHealthThreshold, 1);
        const endpointCheck = one(run, "aws:route53/healthCheck:HealthCheck", "shop/web@aws-use1");
        assert.ok(calculated.dependencies.includes(endpointCheck.urn));
        assert.equal(records(run, `members.${regionName}`).length, 1);
    });

    it("gives a region's check its own name when a cluster is named like the region", async () => {
        const lab = `    - name: lab-fra
      cloud: existing
      region: lab-fra
      zones: [rack-a, rack-b]
      context: lab-admin
      loadBalancerAddress: ip
      kubeconfig:
        secure: v1:abc:def
`;
        const labRun = await planYaml(stack(AWS_CLUSTER + lab, ["aws-use1", "lab-fra"], ROUTE53("weighted")));
        const checks = ofType(labRun, "aws:route53/healthCheck:HealthCheck").filter((c) => c.name.endsWith("lab-fra"));
        assert.deepEqual(checks.map((c) => [c.name, c.inputs.type]).sort(), [
            ["shop/web@lab-fra", "HTTP"],
            ["shop/web@region/lab-fra", "CALCULATED"],
        ]);
        // The cluster's check holds the old name, so the region's check claims no alias to it.
        assert.deepEqual(checks.find((c) => c.inputs.type === "CALCULATED")!.aliases, []);
    });

    it("makes each record depend on its own cluster's Service only, never another cluster's", () => {
        const services = ofType(run, "kubernetes:core/v1:Service");
        const dnsChildren: RecordedResource[] = [
            ...ofType(run, "aws:route53/record:Record"),
            ...ofType(run, "aws:route53/healthCheck:HealthCheck"),
        ];
        for (const resource of nonEmpty(dnsChildren, "Route53 record or health check")) {
            const serviceDeps = services.filter((s) => resource.dependencies.includes(s.urn)).map((s) => s.name);
            const regionOrCluster =
                resource.name.includes("euw1") || resource.name.includes("europe-west1")
                    ? "gke-euw1"
                    : resource.name.includes("use1") || resource.name.includes("us-east-1")
                      ? "aws-use1"
                      : undefined;
            if (regionOrCluster)
                assert.ok(
                    serviceDeps.every((name) => name.endsWith(`@${regionOrCluster}`)),
                    `${short(resource.urn)}: ${serviceDeps}`,
                );
            else assert.deepEqual(serviceDeps, [], short(resource.urn));
        }
    });

    it("creates the zone, protected only in prod, and parents DNS under a component of the service's name", async () => {
        const zone = one(run, "aws:route53/zone:Zone");
        assert.equal(zone.inputs.name, "test.fleet.example.com");
        assert.equal(zone.protect, false);
        const component = one(run, "fedfleet:dns:Route53ServiceDns", "shop/web");
        for (const record of nonEmpty(records(run), "Route53 record")) assert.equal(record.parent, component.urn);
        const prod = await planYaml(
            stack(AWS_CLUSTER + GCP_CLUSTER, ["aws-use1", "gke-euw1"], ROUTE53("latency")).replace(
                "environment: dev",
                "environment: prod",
            ),
        );
        assert.equal(one(prod, "aws:route53/zone:Zone").protect, true);
    });

    it("weights records by replica share under weighted routing", async () => {
        const weighted = await planYaml(
            stack(AWS_CLUSTER + GCP_CLUSTER, ["aws-use1", "gke-euw1"], ROUTE53("weighted")),
        );
        const weights = records(weighted, GLOBAL)
            .map((r) => [r.inputs.setIdentifier, r.inputs.weightedRoutingPolicies])
            .sort();
        assert.deepEqual(weights, [
            ["aws-use1", [{ weight: 3 }]],
            ["gke-euw1", [{ weight: 3 }]],
        ]);
    });

    it("routes by coordinates under geoproximity: the AWS region for EKS, the region's location elsewhere", async () => {
        const geo = await planYaml(stack(AWS_CLUSTER + GCP_CLUSTER, ["aws-use1", "gke-euw1"], ROUTE53("geoproximity")));
        const policies = Object.fromEntries(
            records(geo, GLOBAL).map((r) => [r.inputs.setIdentifier, r.inputs.geoproximityRoutingPolicy]),
        );
        assert.deepEqual(policies["aws-use1"], { awsRegion: "us-east-1" });
        const gcp = policies["gke-euw1"] as { coordinates: { latitude: string; longitude: string }[] };
        assert.match(gcp.coordinates[0].latitude, /^50\.\d\d$/);
    });

    it("answers only the configured primary and secondary under failover routing", async () => {
        const failover = await planYaml(
            stack(
                AWS_CLUSTER + GCP_CLUSTER + SECOND_GCP,
                ["aws-use1", "gke-euw1", "gke-usc1"],
                ROUTE53("failover", "    failover: { primary: gke-usc1, secondary: aws-use1 }\n"),
            ),
        );
        const roles = records(failover, GLOBAL)
            .map((r) => [r.inputs.setIdentifier, (r.inputs.failoverRoutingPolicies as { type: string }[])[0].type])
            .sort();
        assert.deepEqual(roles, [
            ["aws-use1", "SECONDARY"],
            ["gke-usc1", "PRIMARY"],
        ]);
    });

    it("exports the names, records and the failover estimate", () => {
        const dns = (run.outputs.services as Record<string, { dns: Record<string, unknown> }>).web.dns;
        assert.equal(dns.global, GLOBAL);
        assert.deepEqual(dns.regions, {
            "europe-west1": "web.shop.acme.svc.europe-west1.test.fleet.example.com",
            "us-east-1": "web.shop.acme.svc.us-east-1.test.fleet.example.com",
        });
        // The test service's readiness probe is HTTP; the AWS endpoint is an NLB alias (60 s).
        assert.equal(dns.failoverSeconds, 3 * (10 + 6) + 30 + 60);
        assert.equal((dns.records as unknown[]).length, records(run).length);
    });
});

describe("Cloud DNS service DNS", () => {
    const recordSets = (run: ProgramRun) => ofType(run, "gcp:dns/recordSet:RecordSet");

    for (const routing of ["wrr", "geo", "primaryBackup"]) {
        it(`writes one ${routing} record set for the global name, with health-checked IP targets`, async () => {
            const extra = routing === "primaryBackup" ? "    failover: { primary: gke-usc1 }\n" : "";
            const run = await planYaml(
                stack(GCP_CLUSTER + SECOND_GCP, ["gke-euw1", "gke-usc1"], CLOUDDNS(routing, extra)),
            );
            const check = one(run, "gcp:compute/healthCheck:HealthCheck");
            assert.deepEqual(check.inputs.httpHealthCheck, { port: 80, requestPath: "/ready" });
            assert.equal((check.inputs.sourceRegions as string[]).length, 3);
            const global = recordSets(run).find((r) => r.inputs.name === `${GLOBAL}.`)!;
            assert.equal(global.inputs.type, "A");
            assert.equal(global.inputs.managedZone, "test-zone");
            const policy = global.inputs.routingPolicy as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
            assert.equal(policy.healthCheck, "projects/acme-dns-proj/global/healthChecks/fedfleet-test-shop-web");
            if (routing === "wrr") {
                assert.deepEqual(
                    policy.wrrs.map((w: { weight: number }) => w.weight),
                    [3, 3],
                );
                for (const item of policy.wrrs) assert.equal(item.healthCheckedTargets.externalEndpoints.length, 1);
            } else if (routing === "geo") {
                assert.deepEqual(
                    policy.geos.map((g: { location: string }) => g.location),
                    ["europe-west1", "us-central1"],
                );
            } else {
                assert.equal(policy.primaryBackup.primary.externalEndpoints.length, 1);
                assert.deepEqual(
                    policy.primaryBackup.backupGeos.map((g: { location: string }) => g.location),
                    ["europe-west1"],
                );
                assert.equal(policy.primaryBackup.trickleRatio, 0);
            }
            // Region names fall back to the rest of the fleet when their own endpoints fail.
            const region = recordSets(run).find(
                (r) => r.inputs.name === "web.shop.acme.svc.us-central1.test.fleet.example.com.",
            )!;
            const regionPolicy = region.inputs.routingPolicy as {
                primaryBackup: { backupGeos: { location: string }[] };
            };
            assert.deepEqual(
                regionPolicy.primaryBackup.backupGeos.map((g) => g.location),
                ["europe-west1"],
            );
        });
    }

    it("uses CNAMEs for AWS load-balancer hostnames, never resolving them, and says they are not health-checked", async () => {
        const run = await planYaml(stack(AWS_CLUSTER + GCP_CLUSTER, ["aws-use1", "gke-euw1"], CLOUDDNS("wrr")));
        const global = recordSets(run).find((r) => r.inputs.name === `${GLOBAL}.`)!;
        assert.equal(global.inputs.type, "CNAME");
        const wrrs = (global.inputs.routingPolicy as { wrrs: { rrdatas: string[] }[] }).wrrs;
        const targets = wrrs.map((w) => w.rrdatas[0]);
        assert.equal(targets.length, 2);
        assert.ok(targets.includes("gke-euw1.web.shop.acme.svc.europe-west1.test.fleet.example.com."), targets.join());
        assert.ok(
            targets.some((t) => /\.elb\.us-east-1\.amazonaws\.com\.$/.test(t)),
            targets.join(),
        );
        assert.deepEqual(ofType(run, "gcp:compute/healthCheck:HealthCheck"), []);
        const dns = (run.outputs.services as Record<string, { dns: { failoverSeconds: number | null } }>).web.dns;
        assert.equal(dns.failoverSeconds, null);
    });
});
