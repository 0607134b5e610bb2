import assert from "node:assert/strict";
import type { ProgramRun } from "../../../../src/preview/harness/run-program";
import { AWS_CLUSTER, ancestors, ofType, one, planYaml, stackYaml } from "../../../support/plan";
import { EKS_ADDON_VERSIONS } from "../../../../src/plan/clusters/aws/addon-versions";
import { nodeGroupDesiredSize } from "../../../../src/plan/clusters/aws/node-groups";
import { nonEmpty } from "../../../support/non-empty";

const COMPONENT = "urn:pulumi:test::fedfleet::fedfleet:cluster:EksCluster::aws-use1";
const AWS_PROVIDER = "urn:pulumi:test::fedfleet::fedfleet:cluster:EksCluster$pulumi:providers:aws::aws-use1-aws";

describe("EksCluster", () => {
    let run: ProgramRun;
    before(async () => {
        run = await planYaml(stackYaml(AWS_CLUSTER));
    });

    it("is a component whose every child descends from it and uses the cluster's own AWS provider", () => {
        one(run, "fedfleet:cluster:EksCluster", "aws-use1");
        const children = run.resources.filter((r) => r.urn !== COMPONENT);
        assert.ok(children.length > 30);
        for (const child of children) {
            assert.ok(ancestors(run, child).includes(COMPONENT), `${child.urn} is not under the cluster`);
            assert.ok(child.name.startsWith("aws-use1-"), `${child.name} is not named after the component`);
            if (child.type.startsWith("aws:")) assert.equal(child.provider, AWS_PROVIDER, child.urn);
        }
        nonEmpty(
            children.filter((child) => child.type.startsWith("aws:")),
            "AWS resource under the cluster, to check its provider",
        );
        assert.equal(one(run, "pulumi:providers:aws").inputs.region, "us-east-1");
    });

    it("builds a VPC with public and private subnets in three zones and a NAT gateway per zone", () => {
        const vpc = one(run, "aws:ec2/vpc:Vpc");
        assert.equal(vpc.inputs.cidrBlock, "10.10.0.0/16");
        const subnets = ofType(run, "aws:ec2/subnet:Subnet");
        const publicSubnets = subnets.filter(
            (s) => (s.inputs.tags as Record<string, string>)["kubernetes.io/role/elb"] === "1",
        );
        const privateSubnets = subnets.filter(
            (s) => (s.inputs.tags as Record<string, string>)["kubernetes.io/role/internal-elb"] === "1",
        );
        assert.equal(publicSubnets.length, 3);
        assert.equal(privateSubnets.length, 3);
        // us-east-1 by default: by AZ ID, avoiding use1-az3 (no EKS control planes there), since
        // zone names map to AZ IDs per account in this region.
        for (const subnets of [privateSubnets, publicSubnets]) {
            assert.deepEqual(
                new Set(subnets.map((s) => s.inputs.availabilityZoneId)),
                new Set(["use1-az1", "use1-az2", "use1-az4"]),
            );
            assert.ok(subnets.every((s) => s.inputs.availabilityZone === undefined));
        }
        assert.equal(ofType(run, "aws:ec2/natGateway:NatGateway").length, 3);
        const privateRoutes = ofType(run, "aws:ec2/routeTable:RouteTable").filter((t) => t.name.endsWith("-private"));
        assert.equal(privateRoutes.length, 3);
        for (const table of privateRoutes) {
            const routes = table.inputs.routes as { cidrBlock: string; natGatewayId?: string }[];
            assert.match(String(routes[0].natGatewayId), /^nat-/);
        }
    });

    it("gives the cluster and node roles only the managed policies they need, and the CNI policy to aws-node via IRSA", () => {
        const attached = (role: string) =>
            ofType(run, "aws:iam/rolePolicyAttachment:RolePolicyAttachment")
                .filter((a) => a.name.startsWith(`aws-use1-${role}-`))
                .map((a) => a.inputs.policyArn)
                .sort();
        assert.deepEqual(attached("cluster"), ["arn:aws:iam::aws:policy/AmazonEKSClusterPolicy"]);
        assert.deepEqual(attached("node"), [
            "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly",
            "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
        ]);
        assert.deepEqual(attached("vpc-cni"), ["arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy"]);
        const cniTrust = JSON.parse(String(one(run, "aws:iam/role:Role", "aws-use1-vpc-cni").inputs.assumeRolePolicy));
        const condition = cniTrust.Statement[0].Condition.StringEquals;
        assert.ok(Object.values(condition).includes("system:serviceaccount:kube-system:aws-node"));
    });

    it("runs the configured version with KMS secrets encryption, control-plane logs and API access entries", () => {
        const cluster = one(run, "aws:eks/cluster:Cluster");
        const key = one(run, "aws:kms/key:Key");
        assert.equal(cluster.inputs.version, "1.35");
        assert.equal(key.inputs.enableKeyRotation, true);
        const encryption = cluster.inputs.encryptionConfig as { provider: { keyArn: string }; resources: string[] };
        assert.deepEqual(encryption.resources, ["secrets"]);
        assert.match(encryption.provider.keyArn, /^arn:aws:kms:us-east-1:\d{12}:key\//);
        assert.ok(cluster.dependencies.includes(key.urn));
        assert.deepEqual(cluster.inputs.enabledClusterLogTypes, ["api", "audit", "authenticator"]);
        assert.equal((cluster.inputs.accessConfig as { authenticationMode: string }).authenticationMode, "API");
        const entry = one(run, "aws:eks/accessEntry:AccessEntry");
        assert.equal(entry.inputs.principalArn, "arn:aws:iam::123456789012:role/platform-admin");
        const association = one(run, "aws:eks/accessPolicyAssociation:AccessPolicyAssociation");
        assert.equal(
            association.inputs.policyArn,
            "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
        );
    });

    it("keeps the private endpoint on and limits the public one to the configured CIDRs", () => {
        const vpcConfig = one(run, "aws:eks/cluster:Cluster").inputs.vpcConfig as Record<string, unknown>;
        assert.equal(vpcConfig.endpointPrivateAccess, true);
        assert.equal(vpcConfig.endpointPublicAccess, true);
        assert.deepEqual(vpcConfig.publicAccessCidrs, ["198.51.100.0/24"]);
    });

    it("keeps the endpoint private when the deployer runs inside the networks, rather than opening it to 0.0.0.0/0", async () => {
        const privateOnly = await planYaml(
            stackYaml(AWS_CLUSTER.replace("      publicAccessCidrs: [198.51.100.0/24]\n", "")) +
                "  fedfleet:deployer: { insideNetworks: true, insideCidrs: [10.200.0.0/24] }\n",
        );
        const vpcConfig = one(privateOnly, "aws:eks/cluster:Cluster").inputs.vpcConfig as Record<string, unknown>;
        assert.equal(vpcConfig.endpointPublicAccess, false);
        assert.equal(vpcConfig.publicAccessCidrs, undefined);
    });

    it("puts managed node groups on the private subnets with the configured size, which Pulumi owns (no autoscaler on EKS)", () => {
        const group = one(run, "aws:eks/nodeGroup:NodeGroup");
        const privateIds = ofType(run, "aws:ec2/subnet:Subnet").filter((s) => s.name.endsWith("-private")).length;
        assert.equal((group.inputs.subnetIds as string[]).length, privateIds);
        const privateSubnetUrns = ofType(run, "aws:ec2/subnet:Subnet")
            .filter((s) => s.name.endsWith("-private"))
            .map((s) => s.urn);
        assert.equal(privateSubnetUrns.length, 3, "a private subnet per zone");
        for (const urn of privateSubnetUrns) assert.ok(group.dependencies.includes(urn));
        assert.ok(!group.dependencies.some((urn) => urn.endsWith("-public") && urn.includes("subnet:Subnet")));
        assert.deepEqual(group.inputs.scalingConfig, { desiredSize: 3, maxSize: 5, minSize: 2 });
        assert.deepEqual(group.inputs.instanceTypes, ["m6i.large"]);
        // A raised minimum raises the size in the same update: nothing else owns it.
        assert.deepEqual(group.ignoreChanges, []);
    });

    it("sets up an OIDC provider and the vpc-cni, coredns, kube-proxy and metrics-server add-ons", () => {
        const oidc = one(run, "aws:iam/openIdConnectProvider:OpenIdConnectProvider");
        assert.match(String(oidc.inputs.url), /^https:\/\/oidc\.eks\.us-east-1\.amazonaws\.com\/id\//);
        assert.deepEqual(oidc.inputs.clientIdLists, ["sts.amazonaws.com"]);
        const addons = ofType(run, "aws:eks/addon:Addon");
        // metrics-server: HPAs on CPU need it, and EKS does not deploy it.
        assert.deepEqual(addons.map((a) => a.inputs.addonName).sort(), [
            "coredns",
            "kube-proxy",
            "metrics-server",
            "vpc-cni",
        ]);
        const cni = addons.find((a) => a.inputs.addonName === "vpc-cni")!;
        assert.match(String(cni.inputs.serviceAccountRoleArn), /:role\/aws-use1-vpc-cni/);
        for (const addon of addons) assert.match(String(addon.inputs.addonVersion), /-eksbuild\./);
    });

    it("hands out a secret kubeconfig through a Kubernetes provider that is the component's child", () => {
        const provider = one(run, "pulumi:providers:kubernetes");
        assert.equal(provider.parent, COMPONENT);
        assert.equal(provider.inputs.kubeconfig, "[secret]");
        assert.equal(
            run.outputs.clusters &&
                (run.outputs.clusters as Record<string, { loadBalancerAddress: string }>)["aws-use1"]
                    .loadBalancerAddress,
            "hostname",
        );
    });

    it("protects nothing outside prod", () => {
        assert.deepEqual(
            run.resources.filter((r) => r.protect),
            [],
        );
    });

    it("protects the cluster and its KMS key in prod, not its node groups (replaced create-before-delete)", async () => {
        const prod = await planYaml(stackYaml(AWS_CLUSTER, "prod"));
        const protectedTypes = prod.resources
            .filter((r) => r.protect)
            .map((r) => r.type)
            .sort();
        assert.deepEqual(protectedTypes, ["aws:eks/cluster:Cluster", "aws:kms/key:Key"]);
    });
});

describe("EksCluster physical names", () => {
    it("carry the stack, so dev and prod can share an account and region", async () => {
        const run = await planYaml(stackYaml(AWS_CLUSTER), "prod");
        assert.equal(one(run, "aws:eks/cluster:Cluster").inputs.name, "prod-aws-use1");
        assert.equal(one(run, "aws:kms/alias:Alias").inputs.name, "alias/fedfleet/prod-aws-use1-secrets");
    });
});

describe("EksCluster: what a first pulumi up depends on", () => {
    let run: ProgramRun;
    before(async () => {
        run = await planYaml(stackYaml(AWS_CLUSTER));
    });

    it("gives no implicit admin to the cluster's creator: access is exactly the declared entries", () => {
        const cluster = one(run, "aws:eks/cluster:Cluster");
        assert.deepEqual(cluster.inputs.accessConfig, {
            authenticationMode: "API",
            bootstrapClusterCreatorAdminPermissions: false,
        });
        assert.deepEqual(
            ofType(run, "aws:eks/accessEntry:AccessEntry").map((e) => e.inputs.principalArn),
            ["arn:aws:iam::123456789012:role/platform-admin"],
        );
    });

    it("installs the add-on versions pinned for the Kubernetes version, with no lookup at run time", () => {
        const versions = Object.fromEntries(
            ofType(run, "aws:eks/addon:Addon").map((a) => [a.inputs.addonName, a.inputs.addonVersion]),
        );
        assert.deepEqual(versions, EKS_ADDON_VERSIONS["1.35"]);
    });

    it("creates node groups after the vpc-cni and kube-proxy add-ons, and CoreDNS after the node groups", () => {
        const addons = new Map(ofType(run, "aws:eks/addon:Addon").map((a) => [a.inputs.addonName as string, a.urn]));
        const group = one(run, "aws:eks/nodeGroup:NodeGroup");
        assert.ok(group.dependencies.includes(addons.get("vpc-cni")!));
        assert.ok(group.dependencies.includes(addons.get("kube-proxy")!));
        for (const name of ["coredns", "metrics-server"]) {
            const addon = ofType(run, "aws:eks/addon:Addon").find((a) => a.inputs.addonName === name)!;
            assert.ok(addon.dependencies.includes(group.urn), name);
        }
    });

    it("opens the API to the declared deployer and nothing wider, and gives its roles their own entries", async () => {
        const withDeployer = await planYaml(
            stackYaml(AWS_CLUSTER) +
                `  fedfleet:deployer:
    egressCidrs: [192.0.2.0/28]
    aws:
      deployRoleArn: arn:aws:iam::123456789012:role/fedfleet-deploy
      previewRoleArn: arn:aws:iam::123456789012:role/fedfleet-preview
`,
        );
        const vpcConfig = one(withDeployer, "aws:eks/cluster:Cluster").inputs.vpcConfig as Record<string, unknown>;
        assert.equal(vpcConfig.endpointPublicAccess, true);
        assert.deepEqual(vpcConfig.publicAccessCidrs, ["198.51.100.0/24", "192.0.2.0/28"]);
        const policies = ofType(withDeployer, "aws:eks/accessPolicyAssociation:AccessPolicyAssociation").map((a) => [
            a.name,
            a.inputs.principalArn,
            a.inputs.policyArn,
        ]);
        assert.deepEqual(policies, [
            [
                "aws-use1-admin-0",
                "arn:aws:iam::123456789012:role/platform-admin",
                "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
            ],
            [
                "aws-use1-deployer",
                "arn:aws:iam::123456789012:role/fedfleet-deploy",
                "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
            ],
            [
                "aws-use1-previewer",
                "arn:aws:iam::123456789012:role/fedfleet-preview",
                "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy",
            ],
        ]);
        const provider = one(withDeployer, "pulumi:providers:kubernetes");
        for (const name of ["aws-use1-admin-0", "aws-use1-deployer", "aws-use1-previewer"]) {
            assert.ok(
                provider.dependencies.some((urn) => urn.endsWith(`AccessPolicyAssociation::${name}`)),
                name,
            );
        }
        assert.deepEqual(withDeployer.contracts, []);
    });

    it("opens the Kubernetes provider only once the admins' access entries and policies exist", () => {
        const provider = one(run, "pulumi:providers:kubernetes");
        for (const association of nonEmpty(
            ofType(run, "aws:eks/accessPolicyAssociation:AccessPolicyAssociation"),
            "access policy association",
        )) {
            assert.ok(provider.dependencies.includes(association.urn), association.name);
        }
    });

    it("tags every subnet for the EKS cluster's own name, which the service controller looks for", () => {
        for (const subnet of nonEmpty(ofType(run, "aws:ec2/subnet:Subnet"), "subnet")) {
            const tags = subnet.inputs.tags as Record<string, string>;
            assert.deepEqual(
                Object.keys(tags).filter((k) => k.startsWith("kubernetes.io/cluster/")),
                ["kubernetes.io/cluster/test-aws-use1"],
                subnet.name,
            );
        }
    });
});

describe("nodeGroupDesiredSize", () => {
    it("is the configured size, else the minimum, at least one: a raised minimum raises it", () => {
        assert.equal(nodeGroupDesiredSize({ minSize: 2, desiredSize: 4 }), 4);
        assert.equal(nodeGroupDesiredSize({ minSize: 3 }), 3);
        assert.equal(nodeGroupDesiredSize({ minSize: 5 }), 5);
        assert.equal(nodeGroupDesiredSize({ minSize: 0 }), 1);
    });
});
