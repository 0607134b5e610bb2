// How long a removal waits after a cluster's records are gone: the service's failover
// estimate, written as a Sleep duration the time provider accepts and read back the same.
import assert from "node:assert/strict";
import * as fc from "fast-check";
import { drainWaitSeconds, sleepDuration, sleepSeconds, SLEEP_DURATION } from "../../../src/plan/dns/drain";
import { estimateFailoverSeconds, type FailoverInputs } from "../../../src/plan/dns/failover";

const inputs: fc.Arbitrary<FailoverInputs> = fc.record({
    provider: fc.constantFrom("route53" as const, "clouddns" as const),
    protocol: fc.constantFrom("HTTP" as const, "HTTPS" as const, "TCP" as const),
    intervalSeconds: fc.constantFrom(10, 30, 60),
    failureThreshold: fc.integer({ min: 1, max: 10 }),
    timeoutSeconds: fc.option(fc.integer({ min: 1, max: 10 }), { nil: undefined }),
    ttl: fc.integer({ min: 5, max: 3600 }),
    endpointKinds: fc.array(fc.constantFrom("ip" as const, "hostname" as const), { minLength: 1, maxLength: 4 }),
});

describe("drain wait", () => {
    it("is the service's failover estimate, never shorter than any TTL resolvers were given", () => {
        fc.assert(
            fc.property(inputs, (i) => {
                const seconds = drainWaitSeconds(i);
                assert.equal(seconds, estimateFailoverSeconds(i));
                assert.ok(seconds >= i.ttl);
                // An alias to a load balancer answers with its 60 s (Route 53 API, ResourceRecordSet.TTL).
                if (i.provider === "route53" && i.endpointKinds.includes("hostname")) assert.ok(seconds >= 60);
            }),
        );
    });

    it("is written as a duration terraform-provider-time accepts, and read back to the same seconds", () => {
        fc.assert(
            fc.property(fc.integer({ min: 1, max: 100_000 }), (seconds) => {
                const duration = sleepDuration(seconds);
                assert.match(duration, SLEEP_DURATION);
                assert.equal(sleepSeconds(duration), seconds);
            }),
        );
        assert.equal(sleepSeconds("2m"), 120);
        assert.equal(sleepSeconds("1.5h"), 5400);
        assert.equal(sleepSeconds("250ms"), 0.25);
        for (const bad of ["", "30", "30 s", "-5s", "5d", 30, undefined])
            assert.equal(sleepSeconds(bad), undefined, String(bad));
    });
});
