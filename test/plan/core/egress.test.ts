// `up` refuses a runner whose egress the deployer does not declare (issue 24): the EKS endpoints
// admit only fedfleet:deployer.egressCidrs (or, inside the networks, insideCidrs), so a runner
// elsewhere would fail halfway through an up.
import assert from "node:assert/strict";
import { egressRefusal } from "../../../src/plan/core/egress";

const FILE = "stacks/Pulumi.prod.yaml";
const outside = { egressCidrs: ["203.0.113.16/28", "2001:db8:40::/48"], insideNetworks: false, insideCidrs: [] };

describe("egressRefusal: may up run from this runner", () => {
    it("runs when every look at the public egress falls inside a declared range (IPv4 or IPv6)", () => {
        const runner = { publicAddresses: ["203.0.113.17", "203.0.113.30", "2001:db8:40::9"], localAddresses: [] };
        assert.equal(egressRefusal(outside, runner, FILE), undefined);
    });

    it("refuses a hosted runner's address outside the ranges, naming the file, the ranges and the address", () => {
        const refusal = egressRefusal(outside, { publicAddresses: ["198.51.100.7"], localAddresses: [] }, FILE);
        assert.match(
            refusal ?? "",
            /^stacks\/Pulumi\.prod\.yaml: .*198\.51\.100\.7 .*egressCidrs \[203\.0\.113\.16\/28/,
        );
    });

    it("refuses when one look of a NAT pool lands outside, though another is inside", () => {
        const runner = { publicAddresses: ["203.0.113.20", "203.0.113.32"], localAddresses: [] };
        assert.match(egressRefusal(outside, runner, FILE) ?? "", /203\.0\.113\.32/);
    });

    it("fails closed: no egress seen, or no range declared", () => {
        assert.match(
            egressRefusal(outside, { publicAddresses: [], localAddresses: [] }, FILE) ?? "",
            /could not be told/,
        );
        const none = { ...outside, egressCidrs: [] };
        assert.match(
            egressRefusal(none, { publicAddresses: ["203.0.113.17"], localAddresses: [] }, FILE) ?? "",
            /egressCidrs is empty/,
        );
    });

    it("inside the networks, an interface in insideCidrs is what counts, not the public egress", () => {
        const inside = { egressCidrs: [], insideNetworks: true, insideCidrs: ["10.200.0.0/16"] };
        assert.equal(egressRefusal(inside, { publicAddresses: [], localAddresses: ["10.200.4.5"] }, FILE), undefined);
        assert.match(
            egressRefusal(inside, { publicAddresses: ["203.0.113.17"], localAddresses: ["172.17.0.2"] }, FILE) ?? "",
            /insideCidrs \[10\.200\.0\.0\/16\] holds none of this runner's addresses \(172\.17\.0\.2\)/,
        );
    });

    it("never takes a malformed echo answer for an address inside", () => {
        assert.notEqual(
            egressRefusal(outside, { publicAddresses: ["not-an-ip"], localAddresses: [] }, FILE),
            undefined,
        );
    });
});
