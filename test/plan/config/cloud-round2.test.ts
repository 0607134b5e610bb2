// What the clouds refuse or never make work, refused by validation and planning with one line:
// zones by AZ ID per region (EKS network-reqs), node labels the kubelet will not set, vpc-cni
// builds whose policy agent drops all traffic, private EKS APIs no rule opens, primaryBackup
// with nothing to fail over to; and health-check names unique by construction.
import assert from "node:assert/strict";
import fc from "fast-check";
import {
    defaultEksZones,
    EKS_MIN_ZONES,
    EKS_UNSUPPORTED_ZONE_IDS_BY_REGION,
} from "../../../src/plan/clusters/aws/eks-zones";
import { EKS_ADDON_VERSIONS, vpcCniLacksPolicyAgentFix } from "../../../src/plan/clusters/aws/addon-versions";
import { kubeletMaySetLabel, reservedNodeLabelProblem } from "../../../src/plan/clusters/node-labels";
import { unservableAddressProblem } from "../../../src/plan/clusters/facts";
import { validateFleet, validateFleetConfig } from "../../../src/plan/config/validate";
import { awsClusterSchema, deployerSchema } from "../../../src/plan/config/schema";
import { planEksEndpoint } from "../../../src/plan/clusters/aws/eks-access";
import { FleetConfigError } from "../../../src/plan/core/config-error";
import { cloudDnsHealthCheckName } from "../../../src/plan/physical-names";
import { AWS_REGIONS } from "../../../src/plan/regions/catalog";
import { awsCluster, configWith, existingCluster, federation, gcpCluster, Raw, STACK_FILE } from "./fixtures";

/** The FleetConfigError validating `raw` throws; fails when it passes. */
function refusal(raw: Raw): FleetConfigError {
    try {
        validateFleetConfig(raw, STACK_FILE);
    } catch (error) {
        assert.ok(error instanceof FleetConfigError, String(error));
        assert.ok(!error.message.includes("\n"), "one line");
        return error;
    }
    assert.fail("expected validation to refuse the config");
}

describe("cloud reality, round 2: config and planning", () => {
    describe("EKS zones, by AZ ID per region (EKS User Guide, network-reqs)", () => {
        it("gives a us-west-1 cluster with default zones its two EKS AZ IDs, and accepts it (was: 'at least 3')", () => {
            const cluster = { ...awsCluster(), region: "us-west-1" };
            const config = validateFleetConfig(configWith(cluster), STACK_FILE);
            assert.equal(config.clusters[0].region, "us-west-1");
            assert.deepEqual(defaultEksZones("us-west-1"), ["usw1-az1", "usw1-az3"]);
        });

        it("defaults to AZ IDs in every region whose AZ IDs EKS partly refuses, ca-central-1 included (was: zone names there)", () => {
            for (const [region, refused] of Object.entries(EKS_UNSUPPORTED_ZONE_IDS_BY_REGION)) {
                const zones = defaultEksZones(region);
                assert.ok(zones.length >= EKS_MIN_ZONES, `${region}: ${zones.join(", ")}`);
                for (const zone of zones) {
                    assert.match(zone, /-az\d+$/, `${region} defaults by AZ ID`);
                    assert.ok(!refused.includes(zone), `${region}: ${zone} is refused by EKS`);
                }
            }
            assert.deepEqual(defaultEksZones("ca-central-1"), ["cac1-az1", "cac1-az2", "cac1-az4"]);
        });

        it("gives every cataloged AWS region at least two default zones EKS accepts, and keeps names where no AZ ID is refused", () => {
            for (const region of Object.keys(AWS_REGIONS)) {
                const zones = defaultEksZones(region);
                assert.ok(zones.length >= EKS_MIN_ZONES, `${region}: ${zones.length}`);
                if (!EKS_UNSUPPORTED_ZONE_IDS_BY_REGION[region])
                    assert.deepEqual(zones, AWS_REGIONS[region].zones.slice(0, 3), `${region}: names kept`);
            }
        });

        it("refuses a single zone: EKS needs subnets in two", () => {
            const error = refusal(configWith({ ...awsCluster(), region: "us-west-1", zones: ["usw1-az1"] }));
            assert.equal(error.configPath, "fedfleet:clusters[0].zones");
            assert.match(error.expected, /^at least 2 Availability Zones EKS can use/);
            assert.equal(error.found, "1 in us-west-1");
        });
    });

    describe("node labels the kubelet will not set (kubelet IsKubeletLabel; EKS and GKE refuse or nodes never join)", () => {
        it("exits with one line for node-role.kubernetes.io/edge on an EKS and on a GKE node pool", () => {
            for (const cluster of [awsCluster(), gcpCluster()]) {
                cluster.nodePools[0].labels = { "node-role.kubernetes.io/edge": "true" };
                const error = refusal(configWith(cluster));
                assert.equal(error.configPath, "fedfleet:clusters[0].nodePools[0].labels");
                assert.equal(error.found, '"node-role.kubernetes.io/edge"');
                assert.match(error.expected, /kubelet may set itself/);
            }
        });

        it("refuses other kubernetes.io and k8s.io keys, and eks.amazonaws.com on EKS only", () => {
            for (const key of ["kubernetes.io/role", "foo.k8s.io/x", "k8s.io/x", "node-restriction.kubernetes.io/a"])
                assert.ok(reservedNodeLabelProblem(key, "gcp"), key);
            assert.ok(reservedNodeLabelProblem("eks.amazonaws.com/nodegroup", "aws"));
            assert.equal(reservedNodeLabelProblem("eks.amazonaws.com/nodegroup", "gcp"), undefined);
        });

        it("accepts what the kubelet may set: its own keys, node.kubernetes.io/*, kubelet.kubernetes.io/*, other domains", () => {
            for (const key of [
                "node.kubernetes.io/pool",
                "x.node.kubernetes.io/pool",
                "kubelet.kubernetes.io/a",
                "topology.kubernetes.io/zone",
                "kubernetes.io/arch",
                "fedfleet.io/node-pool",
                "workload",
                "example.com/kubernetes.io",
            ])
                assert.equal(reservedNodeLabelProblem(key, "aws"), undefined, key);
            const cluster = awsCluster();
            cluster.nodePools[0].labels = { "node.kubernetes.io/pool": "edge", workload: "memory" };
            validateFleetConfig(configWith(cluster), STACK_FILE);
        });

        it("refuses any key under a kubernetes.io or k8s.io subdomain outside kubelet's own domains (property)", () => {
            const label = fc.stringMatching(/^[a-z][a-z0-9]{0,8}$/);
            const notKubelets = label.filter((sub) => !["node", "kubelet", "topology", "beta"].includes(sub));
            fc.assert(
                fc.property(notKubelets, fc.constantFrom("kubernetes.io", "k8s.io"), label, (sub, domain, name) => {
                    assert.equal(kubeletMaySetLabel(`${sub}.${domain}/${name}`), false);
                    assert.equal(
                        kubeletMaySetLabel(`${domain}/${name}`),
                        ["os", "arch", "hostname"].includes(name) && domain === "kubernetes.io",
                    );
                }),
            );
        });
    });

    describe("vpc-cni builds whose network policy agent drops all traffic (aws/aws-network-policy-agent#553)", () => {
        it("pins a build with the fix for 1.35 (was v1.21.1-eksbuild.7)", () => {
            const pinned = EKS_ADDON_VERSIONS["1.35"]["vpc-cni"];
            assert.ok(!vpcCniLacksPolicyAgentFix(pinned), pinned);
            assert.ok(vpcCniLacksPolicyAgentFix("v1.21.1-eksbuild.7"));
            for (const version of Object.values(EKS_ADDON_VERSIONS).map((v) => v["vpc-cni"]))
                assert.ok(!vpcCniLacksPolicyAgentFix(version), version);
        });

        it("refuses an override to v1.21.1 or v1.22.0 builds, and accepts v1.20 and v1.22.1", () => {
            for (const version of ["v1.21.1-eksbuild.8", "v1.21.0-eksbuild.1", "v1.22.0-eksbuild.1"]) {
                const cluster = { ...awsCluster(), addonVersions: { "vpc-cni": version } };
                const error = refusal(configWith(cluster));
                assert.equal(error.configPath, "fedfleet:clusters[0].addonVersions.vpc-cni");
                assert.equal(error.found, JSON.stringify(version));
            }
            for (const version of ["v1.20.4-eksbuild.1", "v1.22.1-eksbuild.1", "v1.21.2-eksbuild.2"])
                validateFleetConfig(configWith({ ...awsCluster(), addonVersions: { "vpc-cni": version } }), STACK_FILE);
        });
    });

    describe("insideNetworks: the runners' ranges, which each control-plane security group admits (EKS User Guide, cluster endpoint)", () => {
        const privateOnly = (deployer: Raw) => {
            const cluster = awsCluster();
            delete cluster.publicAccessCidrs;
            return { ...configWith(cluster), deployer };
        };

        it("refuses insideNetworks: true with no ranges, in one line (was: accepted, and no runner reached the API)", () => {
            const error = refusal(privateOnly({ insideNetworks: true }));
            assert.equal(error.configPath, "fedfleet:deployer.insideCidrs");
            assert.equal(error.found, "nothing, with insideNetworks: true");
        });

        it("refuses ranges without insideNetworks, and a range that half-overlaps an EKS VPC", () => {
            assert.equal(
                refusal({ ...configWith(awsCluster()), deployer: { insideCidrs: ["10.200.0.0/24"] } }).configPath,
                "fedfleet:deployer.insideNetworks",
            );
            const error = refusal(privateOnly({ insideNetworks: true, insideCidrs: ["10.0.0.0/8"] }));
            assert.equal(error.configPath, "fedfleet:deployer.insideCidrs[0]");
            assert.match(error.expected, /inside cluster aws-use1's VPC 10\.0\.0\.0\/16/);
        });

        it("refuses the same when a program declares the cluster itself (no stack file)", () => {
            const cluster = awsClusterSchema.parse({ ...awsCluster(), publicAccessCidrs: [] });
            const deployer = deployerSchema.parse({ insideNetworks: true });
            assert.throws(
                () => planEksEndpoint(cluster, deployer),
                (error: unknown) =>
                    error instanceof FleetConfigError && error.configPath === "fedfleet:publicAccessCidrs",
            );
        });

        it("plans each range for the security group, inside the VPC or apart from it", () => {
            const plan = validateFleet(
                privateOnly({ insideNetworks: true, insideCidrs: ["10.0.8.0/24", "172.20.0.0/16"] }),
                STACK_FILE,
                "test",
            );
            const eks = plan.clusters[0];
            assert.ok(eks.cloud === "aws");
            assert.deepEqual(eks.endpoint.privateAccessCidrs, ["10.0.8.0/24", "172.20.0.0/16"]);
            assert.deepEqual(eks.endpoint.publicAccessCidrs, []);
        });
    });

    describe("Cloud DNS primaryBackup needs a backup (terraform-provider-google: backup_geo Required)", () => {
        const clouddns = (clusters: string[]): Raw => ({
            federation: { ...federation(), domain: "dev.fleet.example.com" },
            clusters: [gcpCluster(), { ...gcpCluster(), name: "gke-usc1", region: "us-central1" }],
            dns: {
                provider: "clouddns",
                project: "acme-platform-dns",
                zone: { name: "dev.fleet.example.com", id: "z" },
            },
            services: [
                {
                    name: "checkout",
                    replicas: 3,
                    containers: [{ name: "api", image: "ghcr.io/acme/checkout:1" }],
                    ports: [{ name: "http", port: 80 }],
                    placement: { clusters },
                    dns: { routing: "primaryBackup", failover: { primary: "gke-usc1" } },
                },
            ],
        });

        it("exits with one line when the primary is the only cluster it runs in (was: backupGeos: [])", () => {
            const error = refusal(clouddns(["gke-usc1"]));
            assert.equal(error.configPath, "fedfleet:services[0].dns.routing");
            assert.match(error.found, /gke-usc1 the only cluster it runs in/);
        });

        it("plans the other cluster as the backup when there is one", () => {
            const plan = validateFleet(clouddns(["gke-usc1", "gke-euw1"]), STACK_FILE, "test");
            const dns = plan.services[0].dns!;
            assert.ok(dns.provider === "clouddns");
            const global = dns.clouddns.recordSets.find((set) => set.key === "global")!;
            assert.ok(global.routing.policy === "primaryBackup");
            assert.deepEqual(
                global.routing.backups.flatMap((item) => item.clusters),
                ["gke-euw1"],
            );
        });
    });

    describe("Google health-check names, unique by construction", () => {
        it("gives shop-eu/web and shop/eu-web distinct names (was: both fedfleet-staging-shop-eu-web)", () => {
            const a = cloudDnsHealthCheckName("staging", "web", "shop-eu");
            const b = cloudDnsHealthCheckName("staging", "eu-web", "shop");
            assert.notEqual(a, b);
        });

        it("keeps the name of every service whose namespace has no '-' and whose name fits (no replacement)", () => {
            assert.equal(cloudDnsHealthCheckName("staging", "checkout", "shop"), "fedfleet-staging-shop-checkout");
            assert.equal(cloudDnsHealthCheckName("staging", "eu-web", "shop"), "fedfleet-staging-shop-eu-web");
        });

        it("gives distinct RFC 1035 names of at most 63 to distinct namespace/service pairs (property)", () => {
            const label = fc.stringMatching(/^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/);
            fc.assert(
                fc.property(label, label, label, label, (ns1, svc1, ns2, svc2) => {
                    const one = cloudDnsHealthCheckName("staging", svc1, ns1);
                    const two = cloudDnsHealthCheckName("staging", svc2, ns2);
                    for (const name of [one, two]) {
                        assert.ok(name.length <= 63, name);
                        assert.match(name, /^[a-z]([-a-z0-9]*[a-z0-9])?$/);
                    }
                    if (ns1 !== ns2 || svc1 !== svc2) assert.notEqual(one, two, `${ns1}/${svc1} vs ${ns2}/${svc2}`);
                }),
                { numRuns: 2000 },
            );
        });
    });

    describe("existing clusters with private load balancer addresses stay out of global DNS", () => {
        it("names an address the internet does not route to, and passes a public one", () => {
            for (const address of ["10.1.2.3", "192.168.0.7", "100.64.1.1", "172.20.0.1", "203.0.113.9"])
                assert.match(unservableAddressProblem("lab-fra", address)!, /loadBalancerAddress: private/, address);
            for (const address of ["81.2.69.160", "35.1.2.3", "abc.elb.amazonaws.com", ""])
                assert.equal(unservableAddressProblem("lab-fra", address), undefined, address);
        });

        it("leaves a `private` cluster out of every service's DNS endpoints, and runs the service there", () => {
            const lab = { ...existingCluster(), loadBalancerAddress: "private" };
            const raw: Raw = {
                federation: federation(),
                clusters: [gcpCluster(), lab],
                dns: {
                    provider: "clouddns",
                    project: "acme-platform-dns",
                    zone: { name: "dev.fleet.acme-corp.com", id: "z" },
                },
                services: [
                    {
                        name: "web",
                        replicas: 2,
                        containers: [{ name: "web", image: "ghcr.io/acme/web:1" }],
                        ports: [{ name: "http", port: 80 }],
                        placement: { clusters: ["gke-euw1", "lab"] },
                    },
                ],
            };
            const plan = validateFleet(raw, STACK_FILE, "test");
            assert.deepEqual(
                plan.services[0].workloads.map((w) => w.cluster.name),
                ["gke-euw1", "lab"],
            );
            assert.deepEqual(
                plan.services[0].dns!.endpoints.map((e) => e.cluster),
                ["gke-euw1"],
            );
        });
    });
});
