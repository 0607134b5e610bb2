// Every checked-in stack can be deployed from where its deployer says pulumi up runs: each
// EKS API is open to the deployer's egress and nothing wider (or private with the deployer
// inside), and each GKE cluster is reached through its DNS endpoint.
import assert from "node:assert/strict";
import { validateFleetConfig } from "../../src/plan/config/validate";
import { readStackFile } from "../../src/preview/harness/stack-file";
import { ofType, planStack, stackFilePath } from "../support/plan";
import { nonEmpty } from "../support/non-empty";

for (const stack of ["dev", "staging", "prod"]) {
    describe(`stacks/Pulumi.${stack}.yaml: the deploy path`, () => {
        const label = `stacks/Pulumi.${stack}.yaml`;
        const config = validateFleetConfig(readStackFile(stackFilePath(stack), label).fleetRaw, label);

        it("declares a deployer", () => {
            assert.ok(config.deployer, "fedfleet:deployer");
            assert.ok(config.deployer.egressCidrs.length > 0 || config.deployer.insideNetworks);
        });

        it("opens every EKS API to the deployer's egress and the cluster's own CIDRs, nothing else", async () => {
            const run = await planStack(stack);
            const eks = ofType(run, "aws:eks/cluster:Cluster");
            assert.equal(eks.length, config.clusters.filter((c) => c.cloud === "aws").length);
            for (const cluster of nonEmpty(eks, "EKS cluster")) {
                const declared = config.clusters.find((c) => cluster.name === `${c.name}-eks`);
                assert.ok(declared?.cloud === "aws", cluster.name);
                const vpc = cluster.inputs.vpcConfig as { endpointPublicAccess: boolean; publicAccessCidrs?: string[] };
                const expected = [...new Set([...declared.publicAccessCidrs, ...config.deployer!.egressCidrs])];
                assert.deepEqual(vpc.publicAccessCidrs ?? [], expected, cluster.name);
                assert.equal(vpc.endpointPublicAccess, expected.length > 0, cluster.name);
            }
        });

        it("gives the deploy role cluster-admin and the preview role view on every EKS cluster", async () => {
            const run = await planStack(stack);
            const associations = ofType(run, "aws:eks/accessPolicyAssociation:AccessPolicyAssociation");
            for (const cluster of nonEmpty(
                config.clusters.filter((c) => c.cloud === "aws"),
                "aws cluster",
            )) {
                const own = associations.filter((a) => a.name.startsWith(`${cluster.name}-`));
                const policyOf = (arn: string | undefined) =>
                    own.find((a) => a.inputs.principalArn === arn)?.inputs.policyArn;
                assert.match(String(policyOf(config.deployer!.aws.deployRoleArn)), /AmazonEKSClusterAdminPolicy$/);
                assert.match(String(policyOf(config.deployer!.aws.previewRoleArn)), /AmazonEKSViewPolicy$/);
            }
        });

        it("opens every GKE cluster's DNS endpoint to user traffic", async () => {
            const run = await planStack(stack);
            const gke = ofType(run, "gcp:container/cluster:Cluster");
            assert.equal(gke.length, config.clusters.filter((c) => c.cloud === "gcp").length);
            for (const cluster of nonEmpty(gke, "GKE cluster")) {
                assert.deepEqual(
                    cluster.inputs.controlPlaneEndpointsConfig,
                    { dnsEndpointConfig: { allowExternalTraffic: true } },
                    cluster.name,
                );
            }
        });
    });
}
