// A service's region names fit on one line: a brace form when they differ only in the region
// (it must expand to exactly those names), the names themselves otherwise.
import assert from "node:assert/strict";
import * as fc from "fast-check";
import { regionName, ServiceNameParts } from "../../../src/plan/dns/names";
import { regionNamesText } from "../../../src/preview/plan/service-facts";

/** The names a one-line text stands for: a brace form expanded, or the comma-separated names. */
function expand(text: string): string[] {
    const brace = /\{([^}]*)\}/.exec(text);
    if (!brace) return text.split(", ");
    return brace[1].split(",").map((region) => text.replace(brace[0], region));
}

describe("a service's region names in one line (src/preview/plan/service-facts)", () => {
    const cases: { title: string; parts: ServiceNameParts; regions: string[] }[] = [
        {
            title: "names Federation v1 builds",
            parts: { service: "web", namespace: "shop", federation: "acme", domain: "fleet.example.com" },
            regions: ["eu-west-1", "us-central1", "us-east-1"],
        },
        {
            title: "a namespace spelled like a region",
            parts: { service: "web", namespace: "us-east-1", federation: "acme", domain: "example.com" },
            regions: ["eu-west-1", "us-east-1"],
        },
        {
            title: "a domain that holds a region's name",
            parts: { service: "web", namespace: "shop", federation: "acme", domain: "us-east-1.example.com" },
            regions: ["us-east-1", "europe-west4"],
        },
    ];
    for (const { title, parts, regions } of cases) {
        it(`stands for exactly the region names: ${title}`, () => {
            const names = Object.fromEntries(regions.map((region) => [region, regionName(parts, region)]));
            const text = regionNamesText(names);
            assert.deepEqual(expand(text).sort(), Object.values(names).sort(), text);
        });
    }

    it("always stands for exactly the names it is given (property)", () => {
        const label = fc.stringMatching(/^[a-z][a-z0-9-]{0,6}[a-z0-9]$/);
        const parts = fc.record({
            service: label,
            namespace: label,
            federation: label,
            domain: fc.array(label, { minLength: 1, maxLength: 3 }).map((labels) => labels.join(".")),
        });
        const regions = fc.uniqueArray(label, { minLength: 1, maxLength: 5 });
        fc.assert(
            fc.property(parts, regions, (p, rs) => {
                const names = Object.fromEntries(rs.sort().map((region) => [region, regionName(p, region)]));
                assert.deepEqual(expand(regionNamesText(names)).sort(), Object.values(names).sort());
            }),
            { numRuns: Number(process.env.FC_NUM_RUNS ?? 100) },
        );
    });

    it("gives the brace form for names that differ only in the region, the one name for one region", () => {
        const parts = { service: "web", namespace: "shop", federation: "acme", domain: "example.com" };
        assert.equal(
            regionNamesText({ a1: regionName(parts, "a1"), b2: regionName(parts, "b2") }),
            "web.shop.acme.svc.{a1,b2}.example.com",
        );
        assert.equal(regionNamesText({ a1: regionName(parts, "a1") }), regionName(parts, "a1"));
        assert.equal(regionNamesText({}), "none");
    });

    it("lists the names when they differ in more than the region", () => {
        const text = regionNamesText({ a1: "x.a1.example.com", b2: "y.b2.example.com" });
        assert.equal(text, "x.a1.example.com, y.b2.example.com");
    });
});
