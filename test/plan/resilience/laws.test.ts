// Laws of the resilience analysis, over random fleets and every routing policy: more capacity
// never hurts, a held cluster never helps, a lost or draining cluster is never counted on, and
// under active-active routing losing more clusters never leaves more capacity.
import assert from "node:assert/strict";
import fc from "fast-check";
import { ResilienceEntry, serviceResilience } from "../../../src/plan/resilience/analysis";
import { SyntheticCluster, SyntheticRouting, syntheticService } from "./fleets";

const REGIONS = ["us-central1", "europe-west4", "asia-southeast1"];

/** 2 to 5 Google Cloud clusters (IP endpoints, so every policy is health-checked), regions shared at random. */
const fleets = fc
    .array(
        fc.record({
            region: fc.constantFrom(...REGIONS),
            replicas: fc.integer({ min: 1, max: 6 }),
            headroom: fc.option(fc.integer({ min: 0, max: 12 }), { nil: undefined }),
        }),
        { minLength: 2, maxLength: 5 },
    )
    .map((specs) =>
        specs.map((spec, index): SyntheticCluster => ({
            cluster: `c${index}`,
            cloud: "gcp",
            region: spec.region,
            replicas: spec.replicas,
            max: spec.headroom === undefined ? undefined : spec.replicas + spec.headroom,
        })),
    );

/** Routings whose every record is active while healthy. */
const ACTIVE_ACTIVE: SyntheticRouting[] = [
    { provider: "route53", routing: "weighted" },
    { provider: "route53", routing: "geoproximity" },
    { provider: "clouddns", routing: "wrr" },
    { provider: "clouddns", routing: "geo" },
    { internal: true },
];
const ALL_ROUTINGS: SyntheticRouting[] = [
    ...ACTIVE_ACTIVE,
    { provider: "route53", routing: "failover", primary: "c0", secondary: "c1" },
    { provider: "clouddns", routing: "primaryBackup", primary: "c0" },
];

const lossKey = (e: ResilienceEntry) => JSON.stringify(e.loss);

describe("resilience analysis: laws", () => {
    it("raising one cluster's maximum never lowers a capacity, nor turns ok into not ok", () => {
        fc.assert(
            fc.property(
                fleets,
                fc.constantFrom(...ALL_ROUTINGS),
                fc.nat(),
                fc.integer({ min: 1, max: 20 }),
                (clusters, routing, pick, extra) => {
                    const { service, regions } = syntheticService(clusters, routing);
                    const raised = clusters[pick % clusters.length].cluster;
                    // Only the maximum moves: the DNS plan (weights follow shares) stays the same.
                    const bigger = {
                        ...service,
                        placement: service.placement.map((p) =>
                            p.cluster === raised
                                ? {
                                      ...p,
                                      autoscaling: {
                                          minReplicas: p.replicas,
                                          maxReplicas: (p.autoscaling?.maxReplicas ?? p.replicas) + extra,
                                      },
                                  }
                                : p,
                        ),
                    };
                    const before = serviceResilience(service, regions);
                    const after = new Map(serviceResilience(bigger, regions).map((e) => [lossKey(e), e]));
                    for (const entry of before) {
                        const now = after.get(lossKey(entry))!;
                        assert.deepEqual(now.servedBy, entry.servedBy);
                        assert.ok(now.capacity >= entry.capacity);
                        if (entry.ok) assert.ok(now.ok, `${lossKey(entry)}: ${now.why}`);
                    }
                },
            ),
        );
    });

    it("holding a cluster never raises a capacity, nor turns not ok into ok", () => {
        fc.assert(
            fc.property(fleets, fc.constantFrom(...ALL_ROUTINGS), fc.nat(), (clusters, routing, pick) => {
                const { service, regions } = syntheticService(clusters, routing);
                const held = [clusters[pick % clusters.length].cluster];
                const free = new Map(serviceResilience(service, regions).map((e) => [lossKey(e), e]));
                for (const entry of serviceResilience(service, regions, { held })) {
                    const without = free.get(lossKey(entry))!;
                    assert.ok(entry.capacity <= without.capacity);
                    if (!without.ok) assert.ok(!entry.ok);
                }
            }),
        );
    });

    it("no loss is ever served by a lost, draining or unplaced cluster", () => {
        fc.assert(
            fc.property(
                fleets,
                fc.constantFrom(...ALL_ROUTINGS),
                fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }),
                (clusters, routing, drainingFlags) => {
                    const { service, regions } = syntheticService(clusters, routing);
                    const draining = clusters.filter((_, i) => drainingFlags[i]).map((c) => c.cluster);
                    for (const entry of serviceResilience(service, regions, { draining })) {
                        const lost = clusters
                            .filter((c) =>
                                "cluster" in entry.loss
                                    ? c.cluster === entry.loss.cluster
                                    : c.region === entry.loss.region,
                            )
                            .map((c) => c.cluster);
                        for (const cluster of entry.servedBy) {
                            assert.ok(!lost.includes(cluster), `${cluster} is lost in ${lossKey(entry)}`);
                            assert.ok(!draining.includes(cluster), `${cluster} is draining`);
                            assert.ok(regions.has(cluster), `${cluster} runs the service`);
                        }
                        if (entry.ok) assert.ok(entry.capacity >= entry.demand && entry.servedBy.length > 0);
                    }
                },
            ),
        );
    });

    it("under active-active routing, losing a region leaves no more than losing any one of its clusters", () => {
        fc.assert(
            fc.property(fleets, fc.constantFrom(...ACTIVE_ACTIVE), (clusters, routing) => {
                const { service, regions } = syntheticService(clusters, routing);
                const entries = serviceResilience(service, regions);
                for (const region of entries.filter((e) => "region" in e.loss)) {
                    const name = (region.loss as { region: string }).region;
                    for (const member of entries.filter(
                        (e) => "cluster" in e.loss && regions.get(e.loss.cluster) === name,
                    )) {
                        assert.ok(region.capacity <= member.capacity, `${name} vs ${lossKey(member)}`);
                        if (region.ok) assert.ok(member.ok, `${name} survives but ${lossKey(member)} does not`);
                    }
                }
            }),
        );
    });
});
