// The contracts of cloud reality, round 2, each broken on purpose (most exactly as main
// registered before the fix): a private EKS API no rule opens, a vpc-cni whose policy agent
// drops all traffic, a KMS grant to a GKE agent that does not exist yet, a LoadBalancer Service
// left behind its cluster on destroy, two health checks with one name, a private health-checked
// address, a primaryBackup without backups. And what the program now registers keeps them.
import assert from "node:assert/strict";
import { awsEksContracts } from "../../../src/preview/contracts/aws-eks";
import { AWS_TYPES as T } from "../../../src/plan/core/type-tokens";
import { checkResourceContracts, formatViolation } from "../../../src/preview/contracts/contract";
import { resourceContracts } from "../../../src/preview/contracts";
import { GCP_TYPES as G } from "../../../src/plan/core/type-tokens";
import { gcpGkeContracts } from "../../../src/preview/contracts/gcp-gke";
import type { RecordedResource, LooseInputs as Inputs } from "../../../src/preview/harness/recording-monitor";
import { itBreaksEachContract } from "./support";
import {
    AWS_CLUSTER,
    one,
    ofType,
    planStack,
    planYaml,
    stackResourcesWith,
    stackYaml,
    type RegistrationsEdit,
} from "../../support/plan";
import { nonEmpty } from "../../support/non-empty";

const inputs = (resource: RecordedResource) => resource.inputs as Inputs;

const AWS_BREAKS: Record<string, RegistrationsEdit> = {
    "aws.vpc.security-group-ingress.shape": (resources, find) => {
        const cluster = find(T.eksCluster, "aws-use1-eks");
        resources.push({
            ...cluster,
            urn: `${cluster.urn}-rule`,
            type: T.securityGroupIngressRule,
            name: "aws-use1-api-from-nowhere",
            dependencies: [cluster.urn],
            protect: false,
            inputs: { securityGroupId: "sg-0123456789abcdef0", ipProtocol: "tcp", fromPort: 443, toPort: 443 },
        });
    },
    // What main registered with insideNetworks: true: a private endpoint and no rule.
    "aws.eks.cluster.private-endpoint-reachable": (_, find) => {
        const vpcConfig = inputs(find(T.eksCluster, "aws-use1-eks")).vpcConfig;
        vpcConfig.endpointPublicAccess = false;
        delete vpcConfig.publicAccessCidrs;
    },
    // What main registered for 1.35.
    "aws.eks.addon.vpc-cni-policy-agent": (resources) => {
        const cni = resources.find((r) => r.type === T.addon && inputs(r).addonName === "vpc-cni")!;
        inputs(cni).addonVersion = "v1.21.1-eksbuild.7";
    },
};

const GCP_BREAKS: Record<string, RegistrationsEdit> = {
    // What main registered: no service identity, so the grant could run before the agent exists.
    "gcp.kms.gke-agent-after-identity": (resources) => {
        const identities = new Set(resources.filter((r) => r.type === G.serviceIdentity).map((r) => r.urn));
        resources.splice(0, resources.length, ...resources.filter((r) => !identities.has(r.urn)));
        for (const r of resources) r.dependencies = r.dependencies.filter((urn) => !identities.has(urn));
    },
    "gcp.k8s.load-balancer-before-cluster": (_, find) =>
        (find("pulumi:providers:kubernetes", "gke-usc1-k8s").dependencies = []),
    "gcp.compute.health-check.unique-name": (resources, find) => {
        const check = find(G.healthCheck);
        resources.push({ ...check, urn: `${check.urn}-twin`, name: `${check.name}-twin` });
    },
    // A lab's MetalLB address, health-checked from the internet.
    "gcp.dns.record-set.internet-targets": (resources) => {
        const set = resources.find((r) => r.type === G.recordSet && inputs(r).routingPolicy?.primaryBackup)!;
        inputs(set).routingPolicy.primaryBackup.primary.externalEndpoints[0] = "10.20.30.40";
    },
};

describe("cloud reality, round 2: provider contracts", function () {
    this.timeout(180_000);

    describe("EKS", () => itBreaksEachContract(awsEksContracts, "prod", AWS_BREAKS));
    describe("Google Cloud", () => itBreaksEachContract(gcpGkeContracts, "staging", GCP_BREAKS));

    it("the record-set contract refuses a primaryBackup with no backup (was: backupGeos: [] accepted)", async () => {
        const broken = await stackResourcesWith("staging", (resources) => {
            const set = resources.find((r) => r.type === G.recordSet && inputs(r).routingPolicy?.primaryBackup)!;
            inputs(set).routingPolicy.primaryBackup.backupGeos = [];
        });
        const violations = checkResourceContracts(broken, resourceContracts);
        assert.deepEqual(
            violations.map((v) => `${v.contract} ${v.field}`),
            ["gcp.dns.record-set routingPolicy.primaryBackup.backupGeos"],
        );
    });

    it("runners inside the networks: one rule per range on the cluster's security group, for 443, before any Kubernetes call", async () => {
        const run = await planYaml(
            stackYaml(AWS_CLUSTER.replace("      publicAccessCidrs: [198.51.100.0/24]\n", "")) +
                "  fedfleet:deployer:\n    insideNetworks: true\n    insideCidrs: [10.200.0.0/24, 10.10.64.0/24]\n",
        );
        const rules = ofType(run, T.securityGroupIngressRule);
        assert.deepEqual(rules.map((r) => inputs(r).cidrIpv4).sort(), ["10.10.64.0/24", "10.200.0.0/24"]);
        const cluster = one(run, T.eksCluster);
        const groupId = (run.resourceOutputs.get(cluster.urn) as Inputs).vpcConfig.clusterSecurityGroupId;
        assert.match(groupId, /^sg-[0-9a-f]{17}$/);
        for (const rule of rules) {
            assert.deepEqual(
                { ...inputs(rule), cidrIpv4: undefined, description: undefined },
                {
                    securityGroupId: groupId,
                    ipProtocol: "tcp",
                    fromPort: 443,
                    toPort: 443,
                    cidrIpv4: undefined,
                    description: undefined,
                },
            );
            assert.ok(rule.dependencies.includes(cluster.urn));
        }
        const provider = one(run, "pulumi:providers:kubernetes");
        for (const rule of rules)
            assert.ok(provider.dependencies.includes(rule.urn), "Kubernetes calls wait for the rule");
        assert.deepEqual(run.contracts.map(formatViolation), []);
    });

    it("creates the GKE service agent in each GKE project, and grants it the KMS role only after", async () => {
        const run = await planStack("staging");
        const identities = ofType(run, G.serviceIdentity);
        assert.deepEqual(
            identities.map((r) => [inputs(r).project, inputs(r).service]),
            [["acme-fleet-staging", "container.googleapis.com"]],
        );
        const api = ofType(run, G.service).find((r) => inputs(r).service === "container.googleapis.com")!;
        assert.ok(identities[0].dependencies.includes(api.urn), "the identity waits for the API");
        for (const grant of nonEmpty(ofType(run, G.cryptoKeyMember), "KMS key grant"))
            assert.ok(grant.dependencies.includes(identities[0].urn), `${grant.name} waits for the agent`);
    });

    for (const stack of ["dev", "staging", "prod"]) {
        it(`${stack} breaks none of them`, async () => {
            const run = await planStack(stack);
            const ids = new Set([...awsEksContracts, ...gcpGkeContracts].map((c) => c.id));
            assert.deepEqual(run.contracts.filter((v) => ids.has(v.contract)).map(formatViolation), []);
        });
    }
});
