import assert from "node:assert/strict";
import fc from "fast-check";
import {
    AWS_REGIONS,
    Cloud,
    GCP_REGIONS,
    greatCircleKm,
    knownRegions,
    nearestAwsRegion,
    regionInfo,
    RegionInfo,
} from "../../../src/plan/regions/catalog";
import { nonEmpty } from "../../support/non-empty";

const TABLES: ReadonlyArray<[Cloud, Readonly<Record<string, RegionInfo>>]> = [
    ["aws", AWS_REGIONS],
    ["gcp", GCP_REGIONS],
];

function gcp(region: string): RegionInfo {
    const info = regionInfo("gcp", region);
    assert.ok(info, `missing gcp region ${region}`);
    return info;
}

describe("regions/catalog", () => {
    describe("data integrity", () => {
        for (const [cloud, table] of TABLES) {
            it(`${cloud}: keys, cloud field and zones are consistent`, () => {
                assert.ok(Object.keys(table).length > 20);
                for (const [key, info] of Object.entries(table)) {
                    assert.equal(info.region, key);
                    assert.equal(info.cloud, cloud);
                    assert.ok(info.zones.length >= 2, `${key} has ${info.zones.length} zones`);
                    assert.equal(new Set(info.zones).size, info.zones.length, `${key} has duplicate zones`);
                    const sep = cloud === "gcp" ? "-" : "";
                    for (const z of info.zones) {
                        assert.ok(z.startsWith(key), `${z} does not start with ${key}`);
                        assert.match(
                            z.slice(key.length),
                            new RegExp(`^${sep}[a-z]$`),
                            `${z} is not ${key}${sep}<letter>`,
                        );
                    }
                    assert.ok(info.location.length > 0);
                }
            });

            it(`${cloud}: coordinates are in range`, () => {
                for (const info of nonEmpty(Object.values(table), `${cloud} region`)) {
                    assert.ok(Number.isFinite(info.latitude) && Math.abs(info.latitude) <= 90, info.region);
                    assert.ok(Number.isFinite(info.longitude) && Math.abs(info.longitude) <= 180, info.region);
                }
            });
        }

        it("records us-west-1's two usable AZs rather than padding to three", () => {
            assert.deepEqual(regionInfo("aws", "us-west-1")?.zones, ["us-west-1b", "us-west-1c"]);
        });

        it("uses the real, non-contiguous zone letters where they differ from a,b,c", () => {
            assert.deepEqual(gcp("us-central1").zones, [
                "us-central1-a",
                "us-central1-b",
                "us-central1-c",
                "us-central1-f",
            ]);
            assert.deepEqual(gcp("europe-west1").zones, ["europe-west1-b", "europe-west1-c", "europe-west1-d"]);
            assert.deepEqual(gcp("us-east1").zones, ["us-east1-b", "us-east1-c", "us-east1-d"]);
            assert.deepEqual(regionInfo("aws", "ca-central-1")?.zones, [
                "ca-central-1a",
                "ca-central-1b",
                "ca-central-1d",
            ]);
        });

        it("is frozen", () => {
            assert.ok(Object.isFrozen(AWS_REGIONS) && Object.isFrozen(GCP_REGIONS));
            assert.ok(Object.isFrozen(AWS_REGIONS["us-east-1"]));
            assert.ok(Object.isFrozen(AWS_REGIONS["us-east-1"]!.zones));
        });
    });

    describe("regionInfo / knownRegions", () => {
        it("looks regions up per cloud", () => {
            assert.equal(regionInfo("aws", "us-east-1")?.location, "N. Virginia");
            assert.equal(regionInfo("gcp", "europe-west1")?.cloud, "gcp");
            assert.equal(regionInfo("gcp", "us-east-1"), undefined);
            assert.equal(regionInfo("aws", "europe-west1"), undefined);
            assert.equal(regionInfo("aws", "nowhere-1"), undefined);
        });

        it("does not leak Object.prototype members", () => {
            for (const name of ["constructor", "toString", "__proto__", "hasOwnProperty"]) {
                assert.equal(regionInfo("aws", name), undefined);
                assert.equal(regionInfo("gcp", name), undefined);
            }
        });

        it("lists regions sorted and complete", () => {
            for (const [cloud, table] of TABLES) {
                const names = knownRegions(cloud);
                assert.deepEqual(names, [...names].sort());
                assert.equal(names.length, Object.keys(table).length);
            }
            assert.ok(knownRegions("aws").includes("us-east-1"));
            assert.ok(knownRegions("gcp").includes("europe-west1"));
            assert.ok(!knownRegions("aws").includes("us-gov-west-1"), "GovCloud is not a commercial region");
        });

        it("returns a fresh array each call", () => {
            knownRegions("aws").pop();
            assert.equal(knownRegions("aws").length, Object.keys(AWS_REGIONS).length);
        });
    });

    describe("greatCircleKm", () => {
        const point = fc.record({
            latitude: fc.double({ min: -90, max: 90, noNaN: true }),
            longitude: fc.double({ min: -180, max: 180, noNaN: true }),
        });

        it("is zero on identical points", () => {
            fc.assert(fc.property(point, (p) => greatCircleKm(p, { ...p }) === 0));
        });

        it("is symmetric, non-negative and at most half the circumference", () => {
            fc.assert(
                fc.property(point, point, (a, b) => {
                    const ab = greatCircleKm(a, b);
                    assert.ok(Math.abs(ab - greatCircleKm(b, a)) < 1e-9);
                    assert.ok(ab >= 0 && ab <= Math.PI * 6371 + 1e-6);
                }),
            );
        });

        it("matches a known distance (London-Paris ~344 km)", () => {
            const km = greatCircleKm(AWS_REGIONS["eu-west-2"]!, AWS_REGIONS["eu-west-3"]!);
            assert.ok(km > 335 && km < 350, `${km}`);
        });

        it("rejects invalid coordinates", () => {
            assert.throws(
                () => greatCircleKm({ latitude: NaN, longitude: 0 }, { latitude: 0, longitude: 0 }),
                RangeError,
            );
            assert.throws(
                () => greatCircleKm({ latitude: 0, longitude: 0 }, { latitude: 91, longitude: 0 }),
                RangeError,
            );
        });
    });

    describe("nearestAwsRegion", () => {
        it("maps europe-west1 (St. Ghislain) to eu-west-3 (Paris, ~205 km; London ~300 km)", () => {
            assert.equal(nearestAwsRegion(gcp("europe-west1")), "eu-west-3");
        });

        it("maps us-central1 (Council Bluffs, Iowa) to us-east-2 (Columbus, ~1100 km)", () => {
            assert.equal(nearestAwsRegion(gcp("us-central1")), "us-east-2");
        });

        it("maps asia-northeast1 (Tokyo) to ap-northeast-1", () => {
            assert.equal(nearestAwsRegion(gcp("asia-northeast1")), "ap-northeast-1");
        });

        it("maps every AWS region's own coordinates to itself", () => {
            fc.assert(
                fc.property(fc.constantFrom(...knownRegions("aws")), (r) => {
                    assert.equal(nearestAwsRegion(AWS_REGIONS[r]!), r);
                }),
            );
        });

        it("always returns a known AWS region", () => {
            const regions = new Set(knownRegions("aws"));
            fc.assert(
                fc.property(
                    fc.double({ min: -90, max: 90, noNaN: true }),
                    fc.double({ min: -180, max: 180, noNaN: true }),
                    (latitude, longitude) => regions.has(nearestAwsRegion({ latitude, longitude })),
                ),
            );
        });

        it("rejects invalid coordinates", () => {
            assert.throws(() => nearestAwsRegion({ latitude: 0, longitude: Infinity }), RangeError);
        });
    });
});
