import assert from "node:assert/strict";
import fc from "fast-check";
import { planSubnets } from "../../../../src/plan/clusters/aws/subnets";

function range(cidr: string): [number, number] {
    const [ip, prefix] = cidr.split("/");
    const start = ip.split(".").reduce((acc, octet) => acc * 256 + Number(octet), 0);
    return [start, start + 2 ** (32 - Number(prefix)) - 1];
}

describe("planSubnets", () => {
    it("gives each zone a large private and a small public subnet", () => {
        assert.deepEqual(planSubnets("10.10.0.0/16", ["a", "b", "c"]), [
            { zone: "a", privateCidr: "10.10.0.0/19", publicCidr: "10.10.224.0/22" },
            { zone: "b", privateCidr: "10.10.32.0/19", publicCidr: "10.10.228.0/22" },
            { zone: "c", privateCidr: "10.10.64.0/19", publicCidr: "10.10.232.0/22" },
        ]);
    });

    it("never overlaps subnets and keeps them inside the VPC", () => {
        fc.assert(
            fc.property(
                fc.integer({ min: 0, max: 255 }),
                fc.integer({ min: 16, max: 22 }),
                fc.integer({ min: 1, max: 7 }),
                (second, prefix, zoneCount) => {
                    const vpc = `10.${second}.0.0/${prefix}`;
                    const [vpcStart, vpcEnd] = range(`10.${second}.0.0/16`);
                    const ranges = planSubnets(
                        vpc,
                        Array.from({ length: zoneCount }, (_, i) => `z${i}`),
                    )
                        .flatMap((s) => [range(s.privateCidr), range(s.publicCidr)])
                        .sort((a, b) => a[0] - b[0]);
                    assert.equal(ranges.length, 2 * zoneCount, "a private and a public subnet per zone");
                    ranges.forEach(([start, end], i) => {
                        assert.ok(start >= vpcStart && end <= vpcEnd);
                        if (i > 0) assert.ok(start > ranges[i - 1][1], "overlap");
                    });
                },
            ),
        );
    });

    it("rejects prefixes and zone counts it cannot carve", () => {
        assert.throws(() => planSubnets("10.0.0.0/24", ["a"]), /between \/16 and \/22/);
        assert.throws(() => planSubnets("10.0.0.0/16", ["a", "b", "c", "d", "e", "f", "g", "h"]), /at most 7 zones/);
    });
});
