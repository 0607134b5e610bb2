import assert from "node:assert/strict";
import { REPLACE_ON_CHANGE, replacingFields } from "../../../src/preview/diff/replace-rules";
import { planStack } from "../../support/plan";

describe("replacingFields", () => {
    const EKS = "aws:eks/cluster:Cluster";

    it("matches a changed field at or below a replace-forcing one", () => {
        assert.deepEqual(replacingFields(EKS, { name: "a" }, { name: "b" }, ["name"]), ["name"]);
        assert.deepEqual(
            replacingFields("gcp:container/cluster:Cluster", {}, {}, ["ipAllocationPolicy.clusterSecondaryRangeName"]),
            ["ipAllocationPolicy.clusterSecondaryRangeName"],
        );
        assert.deepEqual(replacingFields(EKS, { version: "1.32" }, { version: "1.33" }, ["version"]), []);
    });

    it("matches an object added or removed above a replace-forcing field only when that field changes", () => {
        const added = { kubernetesNetworkConfig: { serviceIpv4Cidr: "172.20.0.0/16" } };
        assert.deepEqual(replacingFields(EKS, {}, added, ["kubernetesNetworkConfig"]), [
            "kubernetesNetworkConfig.serviceIpv4Cidr",
        ]);
        assert.deepEqual(replacingFields(EKS, added, {}, ["kubernetesNetworkConfig"]), [
            "kubernetesNetworkConfig.serviceIpv4Cidr",
        ]);
        assert.deepEqual(
            replacingFields(EKS, {}, { kubernetesNetworkConfig: { elasticLoadBalancing: { enabled: true } } }, [
                "kubernetesNetworkConfig",
            ]),
            [],
        );
    });

    it("knows nothing of types it was not told about", () => {
        assert.deepEqual(replacingFields("aws:s3/bucket:Bucket", {}, { bucket: "x" }, ["bucket"]), []);
    });
    // One case per rule the providers' sources gave a verdict on that a curated list got wrong.
    const cases: [string, string, unknown, unknown, string[]][] = [
        // eks/cluster.go (#34209): subnets and security groups update in place since v5.25.
        [EKS, "vpcConfig.subnetIds", ["subnet-a"], ["subnet-b"], []],
        // route53/record.go: a new type or set identifier is a DELETE+CREATE batch inside the update.
        ["aws:route53/record:Record", "type", "A", "CNAME", []],
        ["aws:route53/record:Record", "setIdentifier", "a", "b", []],
        ["aws:route53/record:Record", "name", "a.example.com", "b.example.com", ["name"]],
        // route53/health_check.go: regions updates in place; the interval does not.
        ["aws:route53/healthCheck:HealthCheck", "regions", ["us-east-1"], ["eu-west-1"], []],
        ["aws:route53/healthCheck:HealthCheck", "requestInterval", 10, 30, ["requestInterval"]],
        // google-beta resource_container_cluster.go: enablePrivateNodes updates in place since v7.13.
        ["gcp:container/cluster:Cluster", "privateClusterConfig.enablePrivateNodes", false, true, []],
        [
            "gcp:container/cluster:Cluster",
            "datapathProvider",
            "LEGACY_DATAPATH",
            "ADVANCED_DATAPATH",
            ["datapathProvider"],
        ],
        ["gcp:container/cluster:Cluster", "nodeConfig.serviceAccount", "a@p", "b@p", ["nodeConfig.serviceAccount"]],
        // resource_compute_network.go: routingMode updates in place.
        ["gcp:compute/network:Network", "routingMode", "REGIONAL", "GLOBAL", []],
        // resource_dns_record_set.go: type is not ForceNew.
        ["gcp:dns/recordSet:RecordSet", "type", "A", "CNAME", []],
        // pulumi-kubernetes diff.go: a Service's type updates in place, its clusterIP does not.
        ["kubernetes:core/v1:Service", "spec.type", "ClusterIP", "LoadBalancer", []],
        ["kubernetes:core/v1:Service", "spec.clusterIP", "10.0.0.1", "10.0.0.2", ["spec.clusterIP"]],
        // ec2/vpc_route_table.go, vpc_route_table_association.go, eks/access_entry.go, iam/role_policy_attachment.go.
        ["aws:ec2/routeTable:RouteTable", "vpcId", "vpc-a", "vpc-b", ["vpcId"]],
        ["aws:ec2/routeTableAssociation:RouteTableAssociation", "routeTableId", "rtb-a", "rtb-b", []],
        ["aws:eks/accessEntry:AccessEntry", "principalArn", "arn:a", "arn:b", ["principalArn"]],
        ["aws:iam/rolePolicyAttachment:RolePolicyAttachment", "policyArn", "arn:a", "arn:b", ["policyArn"]],
        // terraform-provider-random resource_id.go.
        ["random:index/randomId:RandomId", "byteLength", 3, 4, ["byteLength"]],
    ];
    for (const [type, path, before, after, expected] of cases) {
        it(`${type} ${path}: ${expected.length ? "replaces" : "updates in place"}`, () => {
            const wrap = (value: unknown) =>
                path.split(".").reduceRight<unknown>((inner, key) => ({ [key]: inner }), value);
            assert.deepEqual(replacingFields(type, wrap(before), wrap(after), [path]), expected);
        });
    }

    it("replaces a subnetwork whose range changes, unless the new range contains the old", () => {
        const subnet = "gcp:compute/subnetwork:Subnetwork";
        const range = (r: string) => ({ ipCidrRange: r });
        assert.deepEqual(replacingFields(subnet, range("10.0.0.0/20"), range("10.0.0.0/19"), ["ipCidrRange"]), []);
        assert.deepEqual(replacingFields(subnet, range("10.0.0.0/20"), range("10.1.0.0/20"), ["ipCidrRange"]), [
            "ipCidrRange",
        ]);
    });

    it("has rules for every custom resource type the checked-in stacks register", async () => {
        const types = new Set<string>();
        for (const stack of ["dev", "staging", "prod"])
            for (const r of (await planStack(stack)).resources)
                if (r.custom && !r.type.startsWith("pulumi:providers:")) types.add(r.type);
        // An internet gateway's only input, vpcId, updates in place (ec2/vpc_internet_gateway.go).
        const withoutRules = [...types].filter((t) => !(t in REPLACE_ON_CHANGE)).sort();
        assert.deepEqual(withoutRules, ["aws:ec2/internetGateway:InternetGateway"]);
    });
});
