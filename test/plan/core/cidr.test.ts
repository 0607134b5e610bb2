// parseCidr decides the family before it parses (ipaddr.parseCIDR throws for every IPv4 range
// on its way): the law is that it reads every text as ipaddr.js's generic functions do.
import assert from "node:assert/strict";
import fc from "fast-check";
import * as ipaddr from "ipaddr.js";
import { parseCidr } from "../../../src/plan/core/cidr";

/** What ipaddr.js's own family-blind functions make of a text. */
function generic(text: string) {
    if (!ipaddr.isValidCIDR(text)) return undefined;
    const [address, prefix] = ipaddr.parseCIDR(text);
    return { text, address, prefix, family: address.kind() };
}

const octet = fc.integer({ min: 0, max: 255 });
const ipv4 = fc.tuple(octet, octet, octet, octet).map((parts) => parts.join("."));
const hextet = fc.integer({ min: 0, max: 0xffff }).map((n) => n.toString(16));
const ipv6 = fc.oneof(
    fc.array(hextet, { minLength: 8, maxLength: 8 }).map((parts) => parts.join(":")),
    fc
        .tuple(fc.array(hextet, { maxLength: 3 }), fc.array(hextet, { maxLength: 3 }))
        .map(([head, tail]) => `${head.join(":")}::${tail.join(":")}`),
    ipv4.map((v4) => `::ffff:${v4}`),
);
const prefix = fc.oneof(fc.integer({ min: 0, max: 130 }).map(String), fc.constantFrom("", "-1", "08", "x", "1/2"));
/** CIDR-like texts made of an address and a prefix, either family, odd prefixes. */
const generated = fc.tuple(fc.oneof(ipv4, ipv6), prefix).map(([address, length]) => `${address}/${length}`);
/** And the rest: IPv4 in ipaddr's looser forms, other edge cases, any string at all. */
const others = fc.oneof(
    fc.constantFrom("10.0.0.0", "0x0a.0.0.0/8", "167772160/8", "10.0.0/24", " 10.0.0.0/8", "::/0", "fe80::1%eth0/64"),
    fc.string(),
);
const texts = fc.oneof(
    generated.map((text) => ({ text, generated: true })),
    others.map((text) => ({ text, generated: false })),
);

describe("parseCidr (src/plan/core/cidr)", () => {
    it("reads every text as ipaddr.isValidCIDR and ipaddr.parseCIDR do: same family, address and prefix", () => {
        const seen = { ipv4: 0, ipv6: 0, refused: 0 };
        fc.assert(
            fc.property(texts, ({ text, generated }) => {
                const expected = generic(text);
                const parsed = parseCidr(text);
                assert.equal(parsed === undefined, expected === undefined, text);
                if (generated) seen[parsed?.family ?? "refused"] += 1;
                if (!parsed || !expected) return;
                assert.equal(parsed.family, expected.family, text);
                assert.equal(parsed.prefix, expected.prefix, text);
                assert.equal(parsed.address.toString(), expected.address.toString(), text);
                assert.equal(parsed.address.kind(), expected.address.kind(), text);
            }),
            { numRuns: 2000 },
        );
        // Of the address/prefix texts alone, many were of each family and many refused: the law
        // held on both families, not on the fixed cases alone.
        for (const [kind, count] of Object.entries(seen)) assert.ok(count > 100, `${kind}: ${count} of 2000`);
    });

    it("reads the families and refusals of the fleet's own ranges", () => {
        assert.equal(parseCidr("10.52.0.0/14")?.family, "ipv4");
        assert.equal(parseCidr("2001:db8::/32")?.family, "ipv6");
        assert.equal(parseCidr("10.0.0.0/33"), undefined);
        assert.equal(parseCidr("10.0.0.0"), undefined);
    });
});
