// Why a Route53 local-first pair is two CNAMEs (issue 29): the shape "PRIMARY an alias to the
// cluster's load balancer, SECONDARY a CNAME to the region name" puts a CNAME beside an A
// record, which Route53 refuses and the provider contracts refuse too; and the two records of
// a failover pair have one type, so the region name's CNAME decides the PRIMARY's. The pair
// prod registers breaks no contract.
import assert from "node:assert/strict";
import { checkResourceContracts, formatViolation } from "../../../src/preview/contracts/contract";
import { resourceContracts } from "../../../src/preview/contracts";
import { AWS_TYPES as T } from "../../../src/preview/contracts/aws";
import type { LooseInputs as Inputs, RecordedResource } from "../../../src/preview/harness/recording-monitor";
import { planStack, stackResourcesWith } from "../../support/plan";

const inputs = (r: RecordedResource) => r.inputs as Inputs;
const PRIMARY = "payments/checkout-local-aws-use1-primary";
const MEMBER = "payments/checkout-member-aws-use1";

describe("contracts over local-first records", function () {
    this.timeout(120_000);

    it("prod's local pairs and member records break no contract", async () => {
        const run = await planStack("prod");
        const local = run.resources.filter((r) => r.type === T.record && /-(local|member)-/.test(r.name));
        assert.ok(local.length >= 12, `prod registers local-first records (${local.length})`);
        const violations = checkResourceContracts(run.resources, resourceContracts);
        assert.deepEqual(violations.map(formatViolation), []);
    });

    it("an alias A PRIMARY beside the CNAME SECONDARY is refused: a CNAME stands alone", async () => {
        const broken = await stackResourcesWith("prod", (resources, find) => {
            const member = inputs(find(T.record, MEMBER));
            const primary = inputs(find(T.record, PRIMARY));
            primary.type = "A";
            primary.aliases = member.aliases;
            delete primary.records;
            delete primary.ttl;
            assert.ok(resources.length > 0);
        });
        const violations = checkResourceContracts(broken, resourceContracts);
        assert.deepEqual([...new Set(violations.map((v) => v.contract))], ["aws.route53.record.cname-alone"]);
        for (const violation of violations)
            assert.match(violation.subject, /checkout-local-aws-use1-(primary|secondary)$/);
    });
});
