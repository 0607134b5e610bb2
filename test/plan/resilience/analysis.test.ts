// The resilience analysis on synthetic fleets, one routing policy at a time: where the global
// name sends traffic after each loss (by the provider's documented rule, cited in
// src/plan/resilience/routing-after-loss.ts), and whether what serves then can carry the
// service's declared replicas.
import assert from "node:assert/strict";
import {
    ResilienceEntry,
    ResilienceOptions,
    resilienceSummary,
    serviceResilience,
} from "../../../src/plan/resilience/analysis";
import type { Route53ServiceDnsPlan } from "../../../src/plan/dns/dns-plan";
import { SyntheticCluster, SyntheticRouting, syntheticService } from "./fleets";

function analyse(
    clusters: SyntheticCluster[],
    routing: SyntheticRouting,
    demand?: number,
    options?: ResilienceOptions,
): ResilienceEntry[] {
    const { service, regions } = syntheticService(clusters, routing, demand);
    return serviceResilience(service, regions, options);
}

/** The entry for losing a cluster (`aws-use1`) or a region (`region us-east-1`). */
function losing(entries: readonly ResilienceEntry[], what: string): ResilienceEntry {
    const found = entries.find((e) =>
        "cluster" in e.loss ? e.loss.cluster === what : `region ${e.loss.region}` === what,
    );
    assert.ok(found, `an entry for losing ${what} among ${JSON.stringify(entries.map((e) => e.loss))}`);
    return found;
}

const aws = (cluster: string, region: string, replicas: number, max?: number): SyntheticCluster => ({
    cluster,
    cloud: "aws",
    region,
    replicas,
    max,
});
const gcp = (cluster: string, region: string, replicas: number, max?: number): SyntheticCluster => ({
    cluster,
    cloud: "gcp",
    region,
    replicas,
    max,
});

/** Checkout in prod as shipped on 2026-11-29: 10 fixed replicas, 5/3/2, failover aws-use1 -> aws-euw1. */
const SHIPPED_CHECKOUT = [
    aws("aws-use1", "us-east-1", 5),
    aws("aws-euw1", "eu-west-1", 3),
    gcp("gke-usc1", "us-central1", 2),
];
const FAILOVER: SyntheticRouting = {
    provider: "route53",
    routing: "failover",
    primary: "aws-use1",
    secondary: "aws-euw1",
};

describe("resilience analysis", () => {
    describe("Route53 failover", () => {
        it("losing the primary sends everything to the secondary alone: checkout as shipped has 3 for 10", () => {
            const entry = losing(analyse(SHIPPED_CHECKOUT, FAILOVER), "aws-use1");
            assert.deepEqual(
                { servedBy: entry.servedBy, demand: entry.demand, capacity: entry.capacity, ok: entry.ok },
                { servedBy: ["aws-euw1"], demand: 10, capacity: 3, ok: false },
            );
            assert.match(entry.why, /secondary takes all traffic/);
        });

        it("losing the secondary or a cluster outside the pair leaves the primary with everything", () => {
            const entries = analyse(SHIPPED_CHECKOUT, FAILOVER);
            for (const lost of ["aws-euw1", "gke-usc1", "region us-central1"]) {
                const entry = losing(entries, lost);
                assert.deepEqual(entry.servedBy, ["aws-use1"], lost);
                assert.equal(entry.capacity, 5, lost);
            }
        });

        it("survives when each of the pair's autoscalers can carry the whole service", () => {
            const entries = analyse(
                [
                    aws("aws-use1", "us-east-1", 5, 16),
                    aws("aws-euw1", "eu-west-1", 3, 16),
                    gcp("gke-usc1", "us-central1", 2, 8),
                ],
                FAILOVER,
                10,
            );
            assert.ok(
                entries.every((e) => e.ok),
                JSON.stringify(entries.filter((e) => !e.ok)),
            );
            assert.equal(losing(entries, "aws-use1").capacity, 16);
        });

        it("losing both of the pair at once (one region): Route53 fails open to the lost primary, nothing serves", () => {
            const entry = losing(
                analyse(
                    [
                        aws("aws-a", "us-east-1", 5, 20),
                        aws("aws-b", "us-east-1", 5, 20),
                        gcp("gke", "us-central1", 2, 20),
                    ],
                    {
                        provider: "route53",
                        routing: "failover",
                        primary: "aws-a",
                        secondary: "aws-b",
                    },
                ),
                "region us-east-1",
            );
            assert.deepEqual([entry.servedBy, entry.capacity, entry.ok], [[], 0, false]);
            assert.match(entry.why, /fails open/);
            assert.match(entry.why, /aws-a/);
        });
    });

    describe("Route53 weighted", () => {
        const clusters = [
            aws("aws-use1", "us-east-1", 4, 8),
            aws("aws-usw2", "us-west-2", 4, 8),
            gcp("gke-euw4", "europe-west4", 2, 4),
        ];
        const WEIGHTED: SyntheticRouting = { provider: "route53", routing: "weighted" };

        it("the survivors share the traffic by weight, and their maxima add up", () => {
            const entry = losing(analyse(clusters, WEIGHTED), "aws-use1");
            assert.deepEqual(entry.servedBy, ["aws-usw2", "gke-euw4"]);
            assert.equal(entry.capacity, 12);
            assert.equal(entry.ok, true);
        });

        it("a weight-0 record serves only once every record of nonzero weight is down", () => {
            const { service, regions } = syntheticService(clusters, WEIGHTED);
            const dns = service.dns as Route53ServiceDnsPlan;
            // Weight 0 on gke-euw4's global record, as a user draining it by weight would set.
            const records = dns.route53.records.map((r) =>
                r.name === dns.global && "cluster" in r.target && r.target.cluster === "gke-euw4"
                    ? { ...r, routing: { policy: "weighted" as const, weight: 0 } }
                    : r,
            );
            const zeroed = { ...service, dns: { ...dns, route53: { ...dns.route53, records } } };
            const entries = serviceResilience(zeroed, regions);
            assert.deepEqual(losing(entries, "aws-use1").servedBy, ["aws-usw2"]);
            // Both nonzero records lost at once: only the weight-0 one is left to answer.
            regions.set("aws-usw2", "us-east-1");
            const both = losing(serviceResilience(zeroed, regions), "region us-east-1");
            assert.deepEqual(both.servedBy, ["gke-euw4"]);
            assert.match(both.why, /weight-0/);
        });
    });

    describe("Route53 latency", () => {
        it("every surviving region can be chosen: all survivors take the lost region's clients", () => {
            const entries = analyse(
                [
                    aws("aws-use1", "us-east-1", 4, 6),
                    aws("aws-euw1", "eu-west-1", 4, 6),
                    aws("aws-apse1", "ap-southeast-1", 4, 6),
                ],
                { provider: "route53", routing: "latency" },
            );
            const entry = losing(entries, "aws-euw1");
            assert.deepEqual(entry.servedBy, ["aws-apse1", "aws-use1"]);
            assert.deepEqual([entry.capacity, entry.demand, entry.ok], [12, 12, true]);
            assert.match(entry.why, /nearest healthy region/);
        });
    });

    describe("Route53 geoproximity", () => {
        it("the survivors, nearest first for each client, take the traffic; fixed replicas leave no room", () => {
            const entries = analyse(
                [
                    aws("aws-use1", "us-east-1", 3),
                    gcp("gke-usc1", "us-central1", 3),
                    gcp("gke-euw4", "europe-west4", 3),
                ],
                { provider: "route53", routing: "geoproximity" },
            );
            const entry = losing(entries, "gke-usc1");
            assert.deepEqual(entry.servedBy, ["aws-use1", "gke-euw4"]);
            assert.deepEqual([entry.capacity, entry.demand, entry.ok], [6, 9, false]);
            assert.match(entry.why, /geoproximity/);
        });
    });

    describe("Cloud DNS", () => {
        const ipFleet = [
            gcp("gke-usc1", "us-central1", 4, 8),
            gcp("gke-euw4", "europe-west4", 4, 8),
            gcp("gke-ase1", "asia-southeast1", 2, 4),
        ];

        it("wrr, health-checked: the healthy targets share it", () => {
            const entry = losing(analyse(ipFleet, { provider: "clouddns", routing: "wrr" }), "gke-usc1");
            assert.deepEqual(entry.servedBy, ["gke-ase1", "gke-euw4"]);
            assert.deepEqual([entry.capacity, entry.ok], [12, true]);
        });

        it("wrr with a hostname endpoint is CNAMEs, not health-checked: a loss keeps sending clients to it", () => {
            const entry = losing(
                analyse([aws("aws-use1", "us-east-1", 2, 10), ...ipFleet], { provider: "clouddns", routing: "wrr" }),
                "gke-usc1",
            );
            assert.ok(entry.capacity >= entry.demand, "capacity is not what fails it");
            assert.equal(entry.ok, false);
            assert.match(entry.why, /not health-checked/);
            assert.match(entry.why, /still sent to lost gke-usc1/);
        });

        it("geo: each client goes to its nearest location with a healthy target, so every survivor can be chosen", () => {
            const entry = losing(analyse(ipFleet, { provider: "clouddns", routing: "geo" }), "gke-euw4");
            assert.deepEqual(entry.servedBy, ["gke-ase1", "gke-usc1"]);
            assert.match(entry.why, /nearest location/);
        });

        it("primaryBackup: the primary while it lives, then the backups by geo", () => {
            const entries = analyse(ipFleet, { provider: "clouddns", routing: "primaryBackup", primary: "gke-usc1" });
            assert.deepEqual(losing(entries, "gke-euw4").servedBy, ["gke-usc1"]);
            const primaryLost = losing(entries, "gke-usc1");
            assert.deepEqual(primaryLost.servedBy, ["gke-ase1", "gke-euw4"]);
            assert.deepEqual([primaryLost.capacity, primaryLost.ok], [12, true]);
            assert.match(primaryLost.why, /backups take all traffic/);
        });
    });

    describe("a service on one cluster", () => {
        it("never survives losing it, and says so", () => {
            const entries = analyse([aws("aws-use1", "us-east-1", 3, 30)], { provider: "route53", routing: "latency" });
            assert.deepEqual(
                entries.map((e) => [e.loss, e.servedBy, e.capacity, e.ok]),
                [
                    [{ cluster: "aws-use1" }, [], 0, false],
                    [{ region: "us-east-1" }, [], 0, false],
                ],
            );
            assert.match(entries[0].why, /never survives/);
            assert.match(resilienceSummary(entries).web, /never survives/);
        });
    });

    describe("services without a global name", () => {
        for (const [what, routing] of [
            ["internal", { internal: true }],
            ["in a stack without DNS", { none: true }],
        ] as const) {
            it(`${what}: the surviving clusters, each serving the callers that reach it`, () => {
                const entry = losing(
                    analyse([gcp("gke-usc1", "us-central1", 3, 6), gcp("gke-euw4", "europe-west4", 3, 6)], routing),
                    "gke-usc1",
                );
                assert.deepEqual([entry.servedBy, entry.capacity, entry.demand, entry.ok], [["gke-euw4"], 6, 6, true]);
                assert.match(entry.why, /no global name/);
            });
        }
    });

    describe("draining and held clusters", () => {
        const clusters = [
            aws("aws-use1", "us-east-1", 4, 8),
            aws("aws-usw2", "us-west-2", 4, 8),
            gcp("gke-euw4", "europe-west4", 4, 8),
        ];
        const LATENCY: SyntheticRouting = { provider: "route53", routing: "latency" };

        it("a draining cluster is never counted on, even where an older DNS plan still has its record", () => {
            const entries = analyse(clusters, LATENCY, 12, { draining: ["aws-usw2"] });
            const other = losing(entries, "aws-use1");
            assert.deepEqual(other.servedBy, ["gke-euw4"]);
            assert.deepEqual([other.capacity, other.ok], [8, false]);
            assert.match(other.why, /draining aws-usw2 not counted/);
            const itself = losing(entries, "aws-usw2");
            assert.deepEqual(itself.servedBy, ["aws-use1", "gke-euw4"]);
            assert.match(itself.why, /out of DNS already/);
        });

        it("a held cluster may still get traffic, but its capacity counts 0", () => {
            const entry = losing(analyse(clusters, LATENCY, 12, { held: ["gke-euw4"] }), "aws-use1");
            assert.deepEqual(entry.servedBy, ["aws-usw2", "gke-euw4"]);
            assert.deepEqual([entry.capacity, entry.ok], [8, false]);
            assert.match(entry.why, /held gke-euw4 counted as 0/);
        });
    });

    describe("entries", () => {
        it("one per cluster with a share, then one per region, in name order; a cluster with no share has none", () => {
            const entries = analyse(
                [
                    aws("b", "us-east-1", 2, 4),
                    aws("a", "us-east-1", 2, 4),
                    gcp("c", "europe-west4", 2, 4),
                    gcp("d", "us-central1", 0),
                ],
                { provider: "route53", routing: "weighted" },
            );
            assert.deepEqual(
                entries.map((e) => e.loss),
                [
                    { cluster: "a" },
                    { cluster: "b" },
                    { cluster: "c" },
                    { region: "europe-west4" },
                    { region: "us-east-1" },
                ],
            );
            assert.deepEqual(losing(entries, "region us-east-1").servedBy, ["c"]);
        });

        it("the summary names each loss not survived and by how much", () => {
            const summary = resilienceSummary(analyse(SHIPPED_CHECKOUT, FAILOVER)).web;
            assert.match(summary, /aws-use1 \(capacity 3 for demand 10\)/);
            assert.match(summary, /region us-east-1 \(capacity 3 for demand 10\)/);
        });
    });
});
