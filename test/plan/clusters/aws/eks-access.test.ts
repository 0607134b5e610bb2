import assert from "node:assert/strict";
import { awsClusterSchema, deployerSchema, DeployerInput } from "../../../../src/plan/config/schema";
import { FleetConfigError } from "../../../../src/plan/core/config-error";
import {
    CLUSTER_ADMIN_ACCESS_POLICY,
    EKS_MAX_PUBLIC_ACCESS_CIDRS,
    planEksEndpoint,
    VIEW_ACCESS_POLICY,
} from "../../../../src/plan/clusters/aws/eks-access";

const ADMIN = "arn:aws:iam::123456789012:role/platform-admin";
const DEPLOY = "arn:aws:iam::123456789012:role/fedfleet-deploy";
const PREVIEW = "arn:aws:iam::123456789012:role/fedfleet-preview";

function cluster(extra: Record<string, unknown> = {}) {
    return awsClusterSchema.parse({
        name: "aws-use1",
        cloud: "aws",
        region: "us-east-1",
        adminPrincipalArns: [ADMIN],
        nodePools: [{ name: "general" }],
        ...extra,
    });
}
const deployer = (input: DeployerInput) => deployerSchema.parse(input);

function refusal(run: () => unknown): FleetConfigError {
    try {
        run();
    } catch (error) {
        assert.ok(error instanceof FleetConfigError, String(error));
        return error;
    }
    assert.fail("expected a FleetConfigError");
}

describe("planEksEndpoint: where pulumi up reaches an EKS API from, and as whom", () => {
    it("opens the public endpoint to the cluster's own CIDRs and the deployer's, nothing else", () => {
        const plan = planEksEndpoint(
            cluster({ publicAccessCidrs: ["198.51.100.0/24"] }),
            deployer({ egressCidrs: ["203.0.113.16/28", "198.51.100.0/24"] }),
        );
        assert.deepEqual(plan.publicAccessCidrs, ["198.51.100.0/24", "203.0.113.16/28"]);
    });

    it("keeps the endpoint private when the deployer runs inside the networks and the cluster lists none", () => {
        assert.deepEqual(
            planEksEndpoint(cluster(), deployer({ insideNetworks: true, insideCidrs: ["10.200.0.0/24"] }))
                .publicAccessCidrs,
            [],
        );
    });

    it("refuses a private endpoint no declared deployer can reach, naming the cluster and what to declare", () => {
        for (const declared of [undefined, deployer({})]) {
            const error = refusal(() => planEksEndpoint(cluster(), declared));
            assert.deepEqual(error.path, ["publicAccessCidrs"]);
            assert.match(error.message, /fedfleet:deployer\.egressCidrs/);
            assert.match(error.message, /fedfleet:deployer\.insideNetworks: true/);
            assert.match(error.found, /cluster aws-use1/);
        }
    });

    it(`refuses more than ${EKS_MAX_PUBLIC_ACCESS_CIDRS} public CIDRs (EKS quota, not adjustable)`, () => {
        const many = Array.from({ length: EKS_MAX_PUBLIC_ACCESS_CIDRS }, (_, i) => `203.0.${i}.0/24`);
        assert.equal(
            planEksEndpoint(cluster({ publicAccessCidrs: many }), undefined).publicAccessCidrs.length,
            EKS_MAX_PUBLIC_ACCESS_CIDRS,
        );
        const error = refusal(() =>
            planEksEndpoint(cluster({ publicAccessCidrs: many }), deployer({ egressCidrs: ["192.0.2.0/28"] })),
        );
        assert.equal(error.found, "41");
    });

    it("makes the deploy role an admin once and the preview role a viewer, each with its own entry", () => {
        const plan = planEksEndpoint(
            cluster({ publicAccessCidrs: ["198.51.100.0/24"] }),
            deployer({ aws: { deployRoleArn: DEPLOY, previewRoleArn: PREVIEW } }),
        );
        assert.deepEqual(plan.accessEntries, [
            { key: "admin-0", principalArn: ADMIN, policyArn: CLUSTER_ADMIN_ACCESS_POLICY },
            { key: "deployer", principalArn: DEPLOY, policyArn: CLUSTER_ADMIN_ACCESS_POLICY },
            { key: "previewer", principalArn: PREVIEW, policyArn: VIEW_ACCESS_POLICY },
        ]);
        // Already an admin: no second entry for the same principal (CreateAccessEntry: ResourceInUseException).
        const listed = planEksEndpoint(
            cluster({ publicAccessCidrs: ["198.51.100.0/24"], adminPrincipalArns: [ADMIN, DEPLOY] }),
            deployer({ aws: { deployRoleArn: DEPLOY } }),
        );
        assert.deepEqual(
            listed.accessEntries.map((e) => e.principalArn),
            [ADMIN, DEPLOY],
        );
    });

    it("needs an admin, which the deploy role can be, and never makes the preview role one", () => {
        const alone = cluster({ publicAccessCidrs: ["198.51.100.0/24"], adminPrincipalArns: [] });
        assert.deepEqual(refusal(() => planEksEndpoint(alone, undefined)).path, ["adminPrincipalArns"]);
        assert.deepEqual(
            planEksEndpoint(alone, deployer({ aws: { deployRoleArn: DEPLOY } })).accessEntries.map((e) => e.key),
            ["deployer"],
        );
        const error = refusal(() =>
            planEksEndpoint(
                cluster({ publicAccessCidrs: ["198.51.100.0/24"], adminPrincipalArns: [ADMIN, PREVIEW] }),
                deployer({ aws: { previewRoleArn: PREVIEW } }),
            ),
        );
        assert.deepEqual(error.path, ["adminPrincipalArns", 1]);
    });
});
