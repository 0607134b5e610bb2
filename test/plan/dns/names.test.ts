import assert from "node:assert/strict";
import {
    clusterEndpointName,
    dnsNameProblem,
    globalName,
    isWithinZone,
    regionMembersName,
    regionName,
    ServiceNameParts,
} from "../../../src/plan/dns/names";

const PARTS: ServiceNameParts = { service: "web", namespace: "shop", federation: "acme", domain: "fleet.example.com" };

describe("DNS names of a federated service", () => {
    it("globalName is <svc>.<ns>.<federation>.svc.<domain>", () => {
        assert.equal(globalName(PARTS), "web.shop.acme.svc.fleet.example.com");
    });

    it("regionName is <svc>.<ns>.<federation>.svc.<region>.<domain>", () => {
        assert.equal(regionName(PARTS, "us-east-1"), "web.shop.acme.svc.us-east-1.fleet.example.com");
        assert.equal(regionName(PARTS, "europe-west1"), "web.shop.acme.svc.europe-west1.fleet.example.com");
    });

    it("regionMembersName is one level below the region name", () => {
        assert.equal(regionMembersName(PARTS, "us-east-1"), "members.web.shop.acme.svc.us-east-1.fleet.example.com");
    });

    it("clusterEndpointName is <cluster>.<region name>", () => {
        assert.equal(
            clusterEndpointName(PARTS, "gke-usc1", "us-central1"),
            "gke-usc1.web.shop.acme.svc.us-central1.fleet.example.com",
        );
    });
});

describe("dnsNameProblem", () => {
    it("accepts legal names", () => {
        for (const name of [
            "web.shop.acme.svc.fleet.example.com",
            "a",
            "0.1.2",
            "a-b.c--d.e9",
            `${"a".repeat(63)}.example.com`,
            // 253 characters exactly: 63 + 1 + 63 + 1 + 63 + 1 + 61
            [63, 63, 63, 61].map((n) => "x".repeat(n)).join("."),
        ]) {
            assert.equal(dnsNameProblem(name), undefined, name);
        }
        assert.equal([63, 63, 63, 61].map((n) => "x".repeat(n)).join(".").length, 253);
    });

    it("rejects a 64-character label", () => {
        const label = "a".repeat(64);
        assert.equal(
            dnsNameProblem(`${label}.example.com`),
            `the label "${"a".repeat(20)}..." of 64 characters, more than 63`,
        );
    });

    it("rejects a name over 253 characters", () => {
        const name = [63, 63, 63, 62].map((n) => "x".repeat(n)).join(".");
        assert.equal(name.length, 254);
        assert.equal(dnsNameProblem(name), "254 characters, more than DNS's 253");
    });

    it("rejects an empty label (leading, doubled or trailing dot, or an empty name)", () => {
        assert.equal(dnsNameProblem("web..example.com"), "an empty label");
        assert.equal(dnsNameProblem(".example.com"), "an empty label");
        assert.equal(dnsNameProblem("example.com."), "an empty label");
        assert.equal(dnsNameProblem(""), "an empty label");
    });

    it("rejects underscores, upper case and outer hyphens", () => {
        assert.equal(dnsNameProblem("my_svc.example.com"), `the label "my_svc", not letters, digits and inner hyphens`);
        assert.equal(dnsNameProblem("Web.example.com"), `the label "Web", not letters, digits and inner hyphens`);
        assert.equal(dnsNameProblem("-web.example.com"), `the label "-web", not letters, digits and inner hyphens`);
        assert.equal(dnsNameProblem("web-.example.com"), `the label "web-", not letters, digits and inner hyphens`);
    });
});

describe("isWithinZone", () => {
    it("accepts the zone apex", () => {
        assert.equal(isWithinZone("fleet.example.com", "fleet.example.com"), true);
    });

    it("accepts names under the zone, at any depth", () => {
        assert.equal(isWithinZone("dev.fleet.example.com", "fleet.example.com"), true);
        assert.equal(isWithinZone("a.b.dev.fleet.example.com", "fleet.example.com"), true);
        assert.equal(isWithinZone("dev.fleet.example.com", "example.com"), true);
    });

    it("rejects a sibling that merely ends with the zone's text", () => {
        assert.equal(isWithinZone("evilfleet.example.com", "fleet.example.com"), false);
    });

    it("rejects a parent or an unrelated name", () => {
        assert.equal(isWithinZone("example.com", "fleet.example.com"), false);
        assert.equal(isWithinZone("fleet.example.org", "fleet.example.com"), false);
    });

    it("ignores a trailing dot on the zone", () => {
        assert.equal(isWithinZone("fleet.example.com", "fleet.example.com."), true);
        assert.equal(isWithinZone("dev.fleet.example.com", "fleet.example.com."), true);
        assert.equal(isWithinZone("evilfleet.example.com", "fleet.example.com."), false);
    });
});
