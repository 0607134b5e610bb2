import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import fc from "fast-check";
import { RESERVED_CLUSTER_LABELS } from "../../../src/plan/clusters/facts";
import { regionInfo } from "../../../src/plan/regions/catalog";
import {
    awsClusterSchema,
    ClusterConfig,
    existingClusterSchema,
    FleetConfig,
    gcpClusterSchema,
} from "../../../src/plan/config/schema";
import { InvalidFleetConfig, readFleetPlan } from "../../../src/components/config/read";
import { validateFleet, validateFleetConfig } from "../../../src/plan/config/validate";
import { configPath, FleetConfigError } from "../../../src/plan/core/config-error";
import { readStackFile, StackFileError } from "../../../src/preview/harness/stack-file";
import {
    awsCluster,
    configWith,
    existingCluster,
    federation,
    gcpCluster,
    goodConfig,
    KUBECONFIG_TEXT,
    Raw,
    STACK_FILE,
} from "./fixtures";

const UNKNOWN_KEY_EXPECTED = "a key from the config reference in docs/config-reference.md";
const DNS_LABEL_EXPECTED = "a DNS label (lower-case letters, digits and '-', at most 63 characters)";

type Text = string | RegExp;

function matches(actual: string, want: Text, what: string): void {
    if (typeof want === "string") assert.equal(actual, want, what);
    else assert.match(actual, want, what);
}

/**
 * Validates `raw`, which must fail, and checks the error's fields and its one-line message:
 * `<stackFile>: <configPath>: expected <expected>, found <found>`.
 */
function expectConfigError(raw: Raw, path: string, expected: Text, found: Text): FleetConfigError {
    let caught: unknown;
    try {
        validateFleetConfig(raw, STACK_FILE);
    } catch (error) {
        caught = error;
    }
    assert.ok(caught !== undefined, `expected validation to fail at ${path}, but it passed`);
    assert.ok(caught instanceof FleetConfigError, `expected a FleetConfigError, got ${String(caught)}`);
    const error = caught;
    assert.equal(error.name, "FleetConfigError");
    assert.equal(error.stackFile, STACK_FILE);
    assert.equal(error.configPath, path, `wrong configPath in: ${error.message}`);
    matches(error.expected, expected, `wrong expected in: ${error.message}`);
    matches(error.found, found, `wrong found in: ${error.message}`);
    assert.equal(error.message, `${STACK_FILE}: ${path}: expected ${error.expected}, found ${error.found}`);
    assert.ok(error.message.startsWith(`${STACK_FILE}: fedfleet:`));
    assert.ok(!error.message.includes("\n"), `message is not one line: ${JSON.stringify(error.message)}`);
    return error;
}

/** Applies `edit` to a fresh good config and expects the error. */
function expectEditError(edit: (config: Raw) => void, path: string, expected: Text, found: Text): FleetConfigError {
    const config = goodConfig();
    edit(config);
    return expectConfigError(config, path, expected, found);
}

function clusterOf<C extends ClusterConfig["cloud"]>(
    config: FleetConfig,
    index: number,
    cloud: C,
): Extract<ClusterConfig, { cloud: C }> {
    const cluster = config.clusters[index];
    assert.ok(cluster, `no clusters[${index}]`);
    assert.equal(cluster.cloud, cloud);
    return cluster as Extract<ClusterConfig, { cloud: C }>;
}

describe("config/validate", () => {
    describe("configPath", () => {
        it("renders paths the way keys appear in a stack file", () => {
            assert.equal(configPath(["federation", "domain"]), "fedfleet:federation.domain");
            assert.equal(configPath(["clusters", 1, "nodePools", 0, "name"]), "fedfleet:clusters[1].nodePools[0].name");
            assert.equal(configPath(["clusters"]), "fedfleet:clusters");
        });
    });

    describe("a good config", () => {
        it("validates one aws, one gcp and one existing cluster and fills every default", () => {
            const config = validateFleetConfig(goodConfig(), STACK_FILE);
            assert.deepEqual(config.federation, {
                name: "acme",
                domain: "dev.fleet.acme-corp.com",
                environment: "dev",
            });
            assert.equal(config.clusters.length, 3);

            const aws = clusterOf(config, 0, "aws");
            assert.equal(aws.name, "aws-use1");
            assert.equal(aws.region, "us-east-1");
            assert.equal(aws.kubernetesVersion, "1.35");
            assert.equal(aws.vpcCidr, "10.0.0.0/16");
            assert.deepEqual(aws.publicAccessCidrs, ["198.51.100.0/24"]);
            assert.deepEqual(aws.adminPrincipalArns, ["arn:aws:iam::123456789012:role/platform-admin"]);
            assert.deepEqual(aws.addonVersions, {});
            assert.deepEqual(aws.logTypes, ["api", "audit", "authenticator"]);
            assert.deepEqual(aws.labels, {});
            assert.equal(aws.zones, undefined, "zones stay undefined; clusterZones() picks three of the region's");
            assert.deepEqual(aws.nodePools, [
                { name: "general", instanceType: "m6i.large", minSize: 1, maxSize: 3, diskSizeGb: 50, labels: {} },
            ]);
            assert.ok(!("desiredSize" in aws.nodePools[0]!));

            const gcp = clusterOf(config, 1, "gcp");
            assert.equal(gcp.project, "acme-fleet-dev");
            assert.equal(gcp.releaseChannel, "REGULAR");
            assert.equal(gcp.kubernetesVersion, undefined);
            assert.equal(gcp.nodeCidr, "10.10.0.0/20");
            assert.equal(gcp.podCidr, "10.20.0.0/14");
            assert.equal(gcp.serviceCidr, "10.24.0.0/20");
            assert.equal(gcp.masterCidr, "172.16.0.0/28");
            assert.deepEqual(gcp.authorizedCidrs, []);
            assert.deepEqual(gcp.labels, {});
            assert.deepEqual(gcp.nodePools, [
                {
                    name: "general",
                    machineType: "e2-standard-4",
                    minNodesPerZone: 1,
                    maxNodesPerZone: 3,
                    diskSizeGb: 50,
                    labels: {},
                },
            ]);

            const existing = clusterOf(config, 2, "existing");
            assert.equal(existing.loadBalancerAddress, "ip");
            assert.equal(existing.kubeconfig, KUBECONFIG_TEXT);
            assert.equal(existing.context, undefined);
            assert.deepEqual(existing.zones, ["rack-1"]);
            assert.deepEqual(existing.labels, {});
        });

        it("keeps explicit values instead of defaults", () => {
            const raw = goodConfig();
            Object.assign(raw.clusters[0], {
                kubernetesVersion: "1.32",
                vpcCidr: "10.10.0.0/16",
                zones: ["us-east-1b", "us-east-1d", "us-east-1f"],
                publicAccessCidrs: ["198.51.100.0/24", "0.0.0.0/0"],
                adminPrincipalArns: [
                    "arn:aws:iam::123456789012:role/platform-admin",
                    "arn:aws-us-gov:iam::123456789012:user/ops",
                ],
                logTypes: ["scheduler"],
                labels: { tier: "general" },
                nodePools: [
                    {
                        name: "general",
                        instanceType: "t3.large",
                        minSize: 0,
                        maxSize: 4,
                        desiredSize: 2,
                        diskSizeGb: 100,
                        labels: { pool: "a" },
                    },
                ],
            });
            Object.assign(raw.clusters[1], {
                releaseChannel: "STABLE",
                kubernetesVersion: "1.35",
                zones: ["europe-west1-d"],
            });
            Object.assign(raw.clusters[2], {
                loadBalancerAddress: "hostname",
                context: "admin@lab",
                labels: { site: "basement" },
            });
            raw.federation.environment = "prod";

            const config = validateFleetConfig(raw, STACK_FILE);
            assert.equal(config.federation.environment, "prod");
            const aws = clusterOf(config, 0, "aws");
            assert.equal(aws.kubernetesVersion, "1.32");
            assert.equal(aws.vpcCidr, "10.10.0.0/16");
            assert.deepEqual(aws.zones, ["us-east-1b", "us-east-1d", "us-east-1f"]);
            assert.deepEqual(aws.logTypes, ["scheduler"]);
            assert.deepEqual(aws.labels, { tier: "general" });
            assert.deepEqual(aws.nodePools[0], {
                name: "general",
                instanceType: "t3.large",
                minSize: 0,
                maxSize: 4,
                desiredSize: 2,
                diskSizeGb: 100,
                labels: { pool: "a" },
            });
            const gcp = clusterOf(config, 1, "gcp");
            assert.equal(gcp.releaseChannel, "STABLE");
            assert.equal(gcp.kubernetesVersion, "1.35");
            assert.deepEqual(gcp.zones, ["europe-west1-d"], "a single-zone (zonal) GKE cluster is allowed");
            const existing = clusterOf(config, 2, "existing");
            assert.equal(existing.loadBalancerAddress, "hostname");
            assert.equal(existing.context, "admin@lab");
            assert.deepEqual(existing.labels, { site: "basement" });
        });

        it("does not write defaults into the caller's raw object", () => {
            const raw = goodConfig();
            const before = structuredClone(raw);
            validateFleetConfig(raw, STACK_FILE);
            assert.deepEqual(raw, before);
        });

        it("accepts every environment", () => {
            for (const environment of ["dev", "staging", "prod"]) {
                const raw = goodConfig();
                raw.federation.environment = environment;
                assert.equal(validateFleetConfig(raw, STACK_FILE).federation.environment, environment);
            }
        });

        it("accepts boundary values: a 63-character name, a 48-character EKS one, min = max, desiredSize at either bound", () => {
            const raw = goodConfig();
            raw.clusters[2].name = "a".repeat(63);
            raw.clusters[0].name = "b".repeat(48);
            raw.clusters[0].nodePools = [
                { name: "low", minSize: 2, maxSize: 5, desiredSize: 2 },
                { name: "high", minSize: 2, maxSize: 5, desiredSize: 5 },
                { name: "fixed", minSize: 3, maxSize: 3 },
            ];
            raw.clusters[1].nodePools = [{ name: "fixed", minNodesPerZone: 2, maxNodesPerZone: 2 }];
            const config = validateFleetConfig(raw, STACK_FILE);
            assert.equal(config.clusters[2]!.name.length, 63);
            assert.equal(config.clusters[0]!.name.length, 48);
        });

        it("accepts a node pool name reused in another cluster, and a non-reserved user label", () => {
            const raw = goodConfig();
            raw.clusters[0].labels = { tier: "general", team: "platform" };
            const config = validateFleetConfig(raw, STACK_FILE);
            assert.equal(
                clusterOf(config, 0, "aws").nodePools[0]!.name,
                clusterOf(config, 1, "gcp").nodePools[0]!.name,
            );
        });

        it("accepts ca-central-1's real zone letters and any region label for an existing cluster", () => {
            const raw = goodConfig();
            raw.clusters[0].region = "ca-central-1";
            raw.clusters[0].zones = ["ca-central-1a", "ca-central-1b", "ca-central-1d"];
            raw.clusters[2].region = "eu-central";
            assert.equal(validateFleetConfig(raw, STACK_FILE).clusters[2]!.region, "eu-central");
        });
    });

    describe("clouds and regions", () => {
        it("rejects an unknown cloud, listing the known ones", () => {
            expectEditError(
                (c) => {
                    c.clusters[1].cloud = "azure";
                },
                "fedfleet:clusters[1].cloud",
                "one of aws, gcp, existing",
                '"azure"',
            );
        });

        it("rejects a missing cloud and a wrongly-cased one", () => {
            expectEditError(
                (c) => {
                    delete c.clusters[0].cloud;
                },
                "fedfleet:clusters[0].cloud",
                "one of aws, gcp, existing",
                "nothing",
            );
            expectEditError(
                (c) => {
                    c.clusters[0].cloud = "AWS";
                },
                "fedfleet:clusters[0].cloud",
                "one of aws, gcp, existing",
                '"AWS"',
            );
        });

        it("rejects a cluster that is not a map", () => {
            expectEditError(
                (c) => {
                    c.clusters[0] = "aws-use1";
                },
                "fedfleet:clusters[0]",
                "a map",
                '"aws-use1"',
            );
            expectEditError(
                (c) => {
                    c.clusters[0] = null;
                },
                "fedfleet:clusters[0]",
                "a map",
                "null",
            );
        });

        it("rejects an AWS region that does not exist, with real AWS examples", () => {
            const error = expectEditError(
                (c) => {
                    c.clusters[0].region = "us-east-9";
                },
                "fedfleet:clusters[0].region",
                /^an AWS region \(for example [^()]+\)$/,
                '"us-east-9"',
            );
            const examples = /\(for example (.+)\)/.exec(error.expected)![1]!.split(", ");
            assert.equal(examples.length, 3);
            for (const example of examples) assert.ok(regionInfo("aws", example), `${example} is not an AWS region`);
        });

        it("rejects an AWS region name given for a GCP cluster", () => {
            const error = expectEditError(
                (c) => {
                    c.clusters[1].region = "us-east-1";
                },
                "fedfleet:clusters[1].region",
                /^a Google Cloud region \(for example [^()]+\)$/,
                '"us-east-1"',
            );
            const examples = /\(for example (.+)\)/.exec(error.expected)![1]!.split(", ");
            for (const example of examples) assert.ok(regionInfo("gcp", example), `${example} is not a GCP region`);
        });

        it("rejects a GCP region name given for an AWS cluster", () => {
            expectEditError(
                (c) => {
                    c.clusters[0].region = "europe-west1";
                },
                "fedfleet:clusters[0].region",
                /^an AWS region \(/,
                '"europe-west1"',
            );
        });

        it("does not treat inherited object members as regions", () => {
            expectEditError(
                (c) => {
                    c.clusters[0].region = "constructor";
                },
                "fedfleet:clusters[0].region",
                /^an AWS region \(/,
                '"constructor"',
            );
        });

        it("truncates a long found value and keeps it on one line", () => {
            expectEditError(
                (c) => {
                    c.clusters[0].region = "x".repeat(100);
                },
                "fedfleet:clusters[0].region",
                /^an AWS region/,
                `"${"x".repeat(57)}..."`,
            );
            expectEditError(
                (c) => {
                    c.clusters[0].region = "us-east-1\nrm -rf";
                },
                "fedfleet:clusters[0].region",
                /^an AWS region/,
                '"us-east-1\\nrm -rf"',
            );
        });

        it("rejects an AWS zone of another region, at the zone's index", () => {
            expectEditError(
                (c) => {
                    c.clusters[0].zones = ["us-east-1a", "us-east-2b", "us-east-1c"];
                },
                "fedfleet:clusters[0].zones[1]",
                "a zone of us-east-1 (us-east-1a, us-east-1b, us-east-1c, us-east-1d, us-east-1e, us-east-1f)",
                '"us-east-2b"',
            );
        });

        it("rejects a GCP zone that the region does not have", () => {
            expectEditError(
                (c) => {
                    c.clusters[1].zones = ["europe-west1-a"];
                },
                "fedfleet:clusters[1].zones[0]",
                "a zone of europe-west1 (europe-west1-b, europe-west1-c, europe-west1-d)",
                '"europe-west1-a"',
            );
        });

        it("rejects ca-central-1c, which does not exist", () => {
            expectEditError(
                (c) => {
                    c.clusters[0].region = "ca-central-1";
                    c.clusters[0].zones = ["ca-central-1a", "ca-central-1b", "ca-central-1c"];
                },
                "fedfleet:clusters[0].zones[2]",
                "a zone of ca-central-1 (ca-central-1a, ca-central-1b, ca-central-1d)",
                '"ca-central-1c"',
            );
        });

        it("rejects an AWS cluster that lists a single zone: EKS needs subnets in two", () => {
            expectEditError(
                (c) => {
                    c.clusters[0].zones = ["us-east-1a"];
                },
                "fedfleet:clusters[0].zones",
                /^at least 2 Availability Zones EKS can use/,
                "1 in us-east-1",
            );
        });

        it("rejects an empty zones list", () => {
            expectEditError(
                (c) => {
                    c.clusters[0].zones = [];
                },
                "fedfleet:clusters[0].zones",
                "a list of at least 1",
                "a list of 0",
            );
        });

        it("rejects an existing cluster without zones", () => {
            expectEditError(
                (c) => {
                    delete c.clusters[2].zones;
                },
                "fedfleet:clusters[2].zones",
                "the zones this cluster's nodes run in (a list)",
                "nothing",
            );
        });

        it("rejects an existing cluster whose region is not a label", () => {
            expectEditError(
                (c) => {
                    c.clusters[2].region = "Home Lab";
                },
                "fedfleet:clusters[2].region",
                "a region label such as eu-central or home-lab",
                '"Home Lab"',
            );
        });
    });

    describe("cluster names", () => {
        it("rejects a duplicate cluster name at the second one, naming the first", () => {
            const error = expectEditError(
                (c) => {
                    c.clusters[2].name = "aws-use1";
                },
                "fedfleet:clusters[2].name",
                "a cluster name unique in the stack (already used by clusters[0])",
                '"aws-use1"',
            );
            assert.match(error.message, /clusters\[0\]/);
        });

        it("rejects a name that is not a DNS label", () => {
            expectEditError(
                (c) => {
                    c.clusters[1].name = "GKE_euw1";
                },
                "fedfleet:clusters[1].name",
                DNS_LABEL_EXPECTED,
                '"GKE_euw1"',
            );
            expectEditError(
                (c) => {
                    c.clusters[1].name = "-gke";
                },
                "fedfleet:clusters[1].name",
                DNS_LABEL_EXPECTED,
                '"-gke"',
            );
            expectEditError(
                (c) => {
                    c.federation.name = "Acme";
                },
                "fedfleet:federation.name",
                DNS_LABEL_EXPECTED,
                '"Acme"',
            );
        });

        it("rejects a 64-character name", () => {
            expectEditError(
                (c) => {
                    c.clusters[1].name = "a".repeat(64);
                },
                "fedfleet:clusters[1].name",
                DNS_LABEL_EXPECTED,
                `"${"a".repeat(57)}..."`,
            );
        });
    });

    describe("node pools", () => {
        it("rejects aws minSize above maxSize", () => {
            expectEditError(
                (c) => {
                    c.clusters[0].nodePools[0] = { name: "general", minSize: 5, maxSize: 2 };
                },
                "fedfleet:clusters[0].nodePools[0].minSize",
                "a minimum no larger than the maximum 2",
                "5",
            );
        });

        it("rejects aws minSize above the default maxSize", () => {
            expectEditError(
                (c) => {
                    c.clusters[0].nodePools[0] = { name: "general", minSize: 4 };
                },
                "fedfleet:clusters[0].nodePools[0].minSize",
                "a minimum no larger than the maximum 3",
                "4",
            );
        });

        it("rejects gcp minNodesPerZone above maxNodesPerZone", () => {
            expectEditError(
                (c) => {
                    c.clusters[1].nodePools[0] = { name: "general", minNodesPerZone: 4, maxNodesPerZone: 2 };
                },
                "fedfleet:clusters[1].nodePools[0].minNodesPerZone",
                "a minimum no larger than the maximum 2",
                "4",
            );
        });

        it("rejects a pool whose maximum is 0", () => {
            expectEditError(
                (c) => {
                    c.clusters[0].nodePools[0] = { name: "general", minSize: 0, maxSize: 0 };
                },
                "fedfleet:clusters[0].nodePools[0]",
                "a node pool that can hold at least one node",
                "a maximum of 0",
            );
            expectEditError(
                (c) => {
                    c.clusters[1].nodePools[0] = { name: "general", minNodesPerZone: 0, maxNodesPerZone: 0 };
                },
                "fedfleet:clusters[1].nodePools[0]",
                "a node pool that can hold at least one node",
                "a maximum of 0",
            );
        });

        it("rejects desiredSize above maxSize and below minSize", () => {
            expectEditError(
                (c) => {
                    c.clusters[0].nodePools[0] = { name: "general", minSize: 1, maxSize: 4, desiredSize: 9 };
                },
                "fedfleet:clusters[0].nodePools[0].desiredSize",
                "a size between 1 and 4",
                "9",
            );
            expectEditError(
                (c) => {
                    c.clusters[0].nodePools[0] = { name: "general", minSize: 2, maxSize: 4, desiredSize: 1 };
                },
                "fedfleet:clusters[0].nodePools[0].desiredSize",
                "a size between 2 and 4",
                "1",
            );
            expectEditError(
                (c) => {
                    c.clusters[0].nodePools[0] = { name: "general", desiredSize: 0 };
                },
                "fedfleet:clusters[0].nodePools[0].desiredSize",
                "a size between 1 and 3",
                "0",
            );
        });

        it("rejects desiredSize on a gcp pool (GKE's autoscaler has no such key)", () => {
            expectEditError(
                (c) => {
                    c.clusters[1].nodePools[0].desiredSize = 2;
                },
                "fedfleet:clusters[1].nodePools[0].desiredSize",
                UNKNOWN_KEY_EXPECTED,
                'unknown key "desiredSize"',
            );
        });

        it("rejects a duplicate node pool name at the second pool, naming the first", () => {
            expectEditError(
                (c) => {
                    c.clusters[0].nodePools.push({ name: "spot" }, { name: "general" });
                },
                "fedfleet:clusters[0].nodePools[2].name",
                "a node pool name unique in the cluster (already used by nodePools[0])",
                '"general"',
            );
            expectEditError(
                (c) => {
                    c.clusters[1].nodePools.push({ name: "general" });
                },
                "fedfleet:clusters[1].nodePools[1].name",
                "a node pool name unique in the cluster (already used by nodePools[0])",
                '"general"',
            );
        });

        it("rejects a node pool name that is not a DNS label", () => {
            expectEditError(
                (c) => {
                    c.clusters[0].nodePools[0].name = "General Pool";
                },
                "fedfleet:clusters[0].nodePools[0].name",
                DNS_LABEL_EXPECTED,
                '"General Pool"',
            );
        });

        it("rejects an empty nodePools list", () => {
            expectEditError(
                (c) => {
                    c.clusters[0].nodePools = [];
                },
                "fedfleet:clusters[0].nodePools",
                "a list of at least 1",
                "a list of 0",
            );
        });

        it("rejects a disk below 20 GB", () => {
            expectEditError(
                (c) => {
                    c.clusters[0].nodePools[0].diskSizeGb = 10;
                },
                "fedfleet:clusters[0].nodePools[0].diskSizeGb",
                "a number >= 20",
                "10",
            );
        });
    });

    describe("missing required fields", () => {
        it("federation.domain", () => {
            expectEditError(
                (c) => {
                    delete c.federation.domain;
                },
                "fedfleet:federation.domain",
                "a string",
                "nothing",
            );
        });

        it("federation and clusters as a whole", () => {
            expectEditError(
                (c) => {
                    delete c.federation;
                },
                "fedfleet:federation",
                "a map",
                "nothing",
            );
            expectEditError(
                (c) => {
                    c.federation = null;
                },
                "fedfleet:federation",
                "a map",
                "null",
            );
            expectEditError(
                (c) => {
                    delete c.clusters;
                },
                "fedfleet:clusters",
                "a list",
                "nothing",
            );
            expectEditError(
                (c) => {
                    c.clusters = [];
                },
                "fedfleet:clusters",
                "a list of at least 1",
                "a list of 0",
            );
            expectEditError(
                (c) => {
                    c.clusters = {};
                },
                "fedfleet:clusters",
                "a list",
                "a map",
            );
            expectConfigError({}, "fedfleet:federation", "a map", "nothing");
        });

        it("clusters[0].nodePools", () => {
            expectEditError(
                (c) => {
                    delete c.clusters[0].nodePools;
                },
                "fedfleet:clusters[0].nodePools",
                "a list",
                "nothing",
            );
        });

        it("a gcp cluster's project", () => {
            expectEditError(
                (c) => {
                    delete c.clusters[1].project;
                },
                "fedfleet:clusters[1].project",
                "a string",
                "nothing",
            );
        });

        it("a cluster's name and region", () => {
            expectEditError(
                (c) => {
                    delete c.clusters[0].name;
                },
                "fedfleet:clusters[0].name",
                "a string",
                "nothing",
            );
            expectEditError(
                (c) => {
                    delete c.clusters[1].region;
                },
                "fedfleet:clusters[1].region",
                "a string",
                "nothing",
            );
        });

        it("an existing cluster's kubeconfig", () => {
            expectEditError(
                (c) => {
                    delete c.clusters[2].kubeconfig;
                },
                "fedfleet:clusters[2].kubeconfig",
                "a string",
                "nothing",
            );
        });
    });

    describe("unknown keys", () => {
        it("at top level: 'cluster' for 'clusters' is reported as the unknown key, with a hint", () => {
            expectEditError(
                (c) => {
                    c.cluster = c.clusters;
                    delete c.clusters;
                },
                "fedfleet:cluster",
                UNKNOWN_KEY_EXPECTED,
                'unknown key "cluster" (did you mean "clusters"?)',
            );
        });

        it("at top level: an unrelated extra key gets no hint", () => {
            expectEditError(
                (c) => {
                    c.owner = "platform";
                },
                "fedfleet:owner",
                UNKNOWN_KEY_EXPECTED,
                'unknown key "owner"',
            );
        });

        it("inside federation", () => {
            expectEditError(
                (c) => {
                    c.federation.domian = c.federation.domain;
                    delete c.federation.domain;
                },
                "fedfleet:federation.domian",
                UNKNOWN_KEY_EXPECTED,
                'unknown key "domian" (did you mean "domain"?)',
            );
            expectEditError(
                (c) => {
                    c.federation.owner = "platform";
                },
                "fedfleet:federation.owner",
                UNKNOWN_KEY_EXPECTED,
                'unknown key "owner"',
            );
        });

        it("inside a cluster: 'nodepools' suggests 'nodePools'", () => {
            expectEditError(
                (c) => {
                    c.clusters[0].nodepools = c.clusters[0].nodePools;
                    delete c.clusters[0].nodePools;
                },
                "fedfleet:clusters[0].nodepools",
                UNKNOWN_KEY_EXPECTED,
                'unknown key "nodepools" (did you mean "nodePools"?)',
            );
        });

        it("inside a gcp and an existing cluster", () => {
            expectEditError(
                (c) => {
                    c.clusters[1].projct = c.clusters[1].project;
                    delete c.clusters[1].project;
                },
                "fedfleet:clusters[1].projct",
                UNKNOWN_KEY_EXPECTED,
                'unknown key "projct" (did you mean "project"?)',
            );
            expectEditError(
                (c) => {
                    c.clusters[2].kubeConfig = c.clusters[2].kubeconfig;
                    delete c.clusters[2].kubeconfig;
                },
                "fedfleet:clusters[2].kubeConfig",
                UNKNOWN_KEY_EXPECTED,
                'unknown key "kubeConfig" (did you mean "kubeconfig"?)',
            );
        });

        it("a key of another cloud is unknown", () => {
            expectEditError(
                (c) => {
                    c.clusters[0].project = "acme-fleet-dev";
                },
                "fedfleet:clusters[0].project",
                UNKNOWN_KEY_EXPECTED,
                'unknown key "project"',
            );
        });

        it("a kubeconfig on an aws cluster is reported by key only, never by value", () => {
            const error = expectEditError(
                (c) => {
                    c.clusters[0].kubeconfig = KUBECONFIG_TEXT;
                },
                "fedfleet:clusters[0].kubeconfig",
                UNKNOWN_KEY_EXPECTED,
                'unknown key "kubeconfig"',
            );
            assert.ok(!error.message.includes("s3cr3t"));
        });

        it("inside a node pool", () => {
            expectEditError(
                (c) => {
                    c.clusters[0].nodePools[0] = { Name: "general" };
                },
                "fedfleet:clusters[0].nodePools[0].Name",
                UNKNOWN_KEY_EXPECTED,
                'unknown key "Name" (did you mean "name"?)',
            );
            // maxSize has a default, so it is never "missing" and no hint is offered (see report).
            expectEditError(
                (c) => {
                    c.clusters[0].nodePools[0].maxsize = 4;
                },
                "fedfleet:clusters[0].nodePools[0].maxsize",
                UNKNOWN_KEY_EXPECTED,
                /^unknown key "maxsize"/,
            );
            expectEditError(
                (c) => {
                    c.clusters[1].nodePools[0].minSize = 1;
                },
                "fedfleet:clusters[1].nodePools[0].minSize",
                UNKNOWN_KEY_EXPECTED,
                /^unknown key "minSize"/,
            );
        });

        it("is preferred over the missing-key error the same typo causes", () => {
            // Without the preference, the first issue would be clusters[0].nodePools missing.
            expectEditError(
                (c) => {
                    c.clusters[0].nodepools = c.clusters[0].nodePools;
                    delete c.clusters[0].nodePools;
                },
                "fedfleet:clusters[0].nodepools",
                UNKNOWN_KEY_EXPECTED,
                /^unknown key "nodepools"/,
            );
        });
    });

    describe("wrong types and formats", () => {
        it("minSize given as a word", () => {
            expectEditError(
                (c) => {
                    c.clusters[0].nodePools[0].minSize = "two";
                },
                "fedfleet:clusters[0].nodePools[0].minSize",
                "a number",
                '"two"',
            );
        });

        it("a number given as a quoted string or a boolean", () => {
            expectEditError(
                (c) => {
                    c.clusters[0].nodePools[0].maxSize = "4";
                },
                "fedfleet:clusters[0].nodePools[0].maxSize",
                "a number",
                '"4"',
            );
            expectEditError(
                (c) => {
                    c.clusters[0].nodePools[0].maxSize = true;
                },
                "fedfleet:clusters[0].nodePools[0].maxSize",
                "a number",
                "true",
            );
        });

        it("a non-integer maxSize", () => {
            expectEditError(
                (c) => {
                    c.clusters[0].nodePools[0].maxSize = 2.5;
                },
                "fedfleet:clusters[0].nodePools[0].maxSize",
                "a whole number",
                "2.5",
            );
        });

        it("a negative minSize", () => {
            expectEditError(
                (c) => {
                    c.clusters[0].nodePools[0].minSize = -1;
                },
                "fedfleet:clusters[0].nodePools[0].minSize",
                "a number >= 0",
                "-1",
            );
        });

        it("kubernetesVersion as a YAML float or a malformed version", () => {
            expectEditError(
                (c) => {
                    c.clusters[0].kubernetesVersion = 1.33;
                },
                "fedfleet:clusters[0].kubernetesVersion",
                "a string",
                "1.33",
            );
            expectEditError(
                (c) => {
                    c.clusters[0].kubernetesVersion = "1.3";
                },
                "fedfleet:clusters[0].kubernetesVersion",
                'a Kubernetes minor version such as "1.35"',
                '"1.3"',
            );
        });

        it("a bad CIDR in publicAccessCidrs, at its index", () => {
            expectEditError(
                (c) => {
                    c.clusters[0].publicAccessCidrs = ["198.51.100.0/24", "198.51.100.0/33"];
                },
                "fedfleet:clusters[0].publicAccessCidrs[1]",
                "an IPv4 CIDR such as 10.0.0.0/16",
                '"198.51.100.0/33"',
            );
            expectEditError(
                (c) => {
                    c.clusters[0].publicAccessCidrs = ["0.0.0.0"];
                },
                "fedfleet:clusters[0].publicAccessCidrs[0]",
                "an IPv4 CIDR such as 10.0.0.0/16",
                '"0.0.0.0"',
            );
            expectEditError(
                (c) => {
                    c.clusters[0].vpcCidr = "256.0.0.0/16";
                },
                "fedfleet:clusters[0].vpcCidr",
                "an IPv4 CIDR such as 10.0.0.0/16",
                '"256.0.0.0/16"',
            );
            expectEditError(
                (c) => {
                    c.clusters[1].authorizedCidrs = ["10.0.0.0/8", "any"];
                },
                "fedfleet:clusters[1].authorizedCidrs[1]",
                "an IPv4 CIDR such as 10.0.0.0/16",
                '"any"',
            );
        });

        it("a bad IAM ARN in adminPrincipalArns", () => {
            expectEditError(
                (c) => {
                    c.clusters[0].adminPrincipalArns = ["arn:aws:iam::12345:role/admin"];
                },
                "fedfleet:clusters[0].adminPrincipalArns[0]",
                "an IAM role or user ARN",
                '"arn:aws:iam::12345:role/admin"',
            );
            expectEditError(
                (c) => {
                    c.clusters[0].adminPrincipalArns = ["arn:aws:iam::123456789012:group/admins"];
                },
                "fedfleet:clusters[0].adminPrincipalArns[0]",
                "an IAM role or user ARN",
                '"arn:aws:iam::123456789012:group/admins"',
            );
        });

        it("an environment outside dev/staging/prod", () => {
            expectEditError(
                (c) => {
                    c.federation.environment = "production";
                },
                "fedfleet:federation.environment",
                "one of dev, staging, prod",
                '"production"',
            );
        });

        it("other enums: logTypes, releaseChannel, loadBalancerAddress", () => {
            expectEditError(
                (c) => {
                    c.clusters[0].logTypes = ["api", "Audit"];
                },
                "fedfleet:clusters[0].logTypes[1]",
                "one of api, audit, authenticator, controllerManager, scheduler",
                '"Audit"',
            );
            expectEditError(
                (c) => {
                    c.clusters[1].releaseChannel = "regular";
                },
                "fedfleet:clusters[1].releaseChannel",
                "one of RAPID, REGULAR, STABLE",
                '"regular"',
            );
            expectEditError(
                (c) => {
                    c.clusters[2].loadBalancerAddress = "dns";
                },
                "fedfleet:clusters[2].loadBalancerAddress",
                "one of ip, hostname, private",
                '"dns"',
            );
        });

        it("a bad domain and a bad GCP project id", () => {
            expectEditError(
                (c) => {
                    c.federation.domain = "Fleet.Example.com";
                },
                "fedfleet:federation.domain",
                "a DNS domain such as fleet.example.com",
                '"Fleet.Example.com"',
            );
            expectEditError(
                (c) => {
                    c.clusters[1].project = "Acme";
                },
                "fedfleet:clusters[1].project",
                "a Google Cloud project id",
                '"Acme"',
            );
        });

        it("a zone that is not a string", () => {
            expectEditError(
                (c) => {
                    c.clusters[0].zones = [1];
                },
                "fedfleet:clusters[0].zones[0]",
                "a string",
                "1",
            );
        });

        it("a label value that is not a string, at the label's key", () => {
            expectEditError(
                (c) => {
                    c.clusters[0].labels = { tier: 3 };
                },
                "fedfleet:clusters[0].labels.tier",
                "a string",
                "3",
            );
        });
    });

    describe("labels", () => {
        it("rejects a reserved user label key", () => {
            expectEditError(
                (c) => {
                    c.clusters[0].labels = { tier: "general", region: "east" };
                },
                "fedfleet:clusters[0].labels.region",
                "a label key other than cluster, cloud, region, env (fedfleet sets those)",
                '"region"',
            );
        });

        for (const key of RESERVED_CLUSTER_LABELS) {
            it(`rejects reserved label "${key}" on every cloud`, () => {
                for (const index of [0, 1, 2]) {
                    expectEditError(
                        (c) => {
                            c.clusters[index].labels = { [key]: "x" };
                        },
                        `fedfleet:clusters[${index}].labels.${key}`,
                        /^a label key other than cluster, cloud, region, env/,
                        `"${key}"`,
                    );
                }
            });
        }
    });

    describe("secrets", () => {
        it("never echoes a kubeconfig given with the wrong type", () => {
            const error = expectEditError(
                (c) => {
                    c.clusters[2].kubeconfig = 987654321;
                },
                "fedfleet:clusters[2].kubeconfig",
                "a string",
                "[secret]",
            );
            assert.ok(error.message.includes("[secret]"));
            assert.ok(!error.message.includes("987654321"), error.message);
        });

        it("never echoes a kubeconfig given as a map or an empty string", () => {
            const map = expectEditError(
                (c) => {
                    c.clusters[2].kubeconfig = { apiVersion: "v1", token: "s3cr3t-t0ken" };
                },
                "fedfleet:clusters[2].kubeconfig",
                "a string",
                "[secret]",
            );
            assert.ok(!map.message.includes("s3cr3t"));
            expectEditError(
                (c) => {
                    c.clusters[2].kubeconfig = "";
                },
                "fedfleet:clusters[2].kubeconfig",
                "a non-empty string",
                "[secret]",
            );
        });

        it("does not echo the kubeconfig when another key of the same cluster is wrong", () => {
            for (const edit of [
                (c: Raw) => {
                    c.clusters[2].cloud = "azure";
                },
                (c: Raw) => {
                    c.clusters[2].region = "Home Lab";
                },
                (c: Raw) => {
                    c.clusters[2].context = 7;
                },
            ]) {
                const config = goodConfig();
                edit(config);
                assert.throws(
                    () => validateFleetConfig(config, STACK_FILE),
                    (error: unknown) => {
                        assert.ok(error instanceof FleetConfigError);
                        assert.ok(
                            !error.message.includes("s3cr3t") && !error.message.includes("apiVersion"),
                            error.message,
                        );
                        return true;
                    },
                );
            }
        });
    });

    describe("error order", () => {
        it("reports the first cluster's mistake before a later cluster's", () => {
            expectEditError(
                (c) => {
                    c.clusters[0].region = "us-east-9";
                    c.clusters[2].name = "aws-use1";
                },
                "fedfleet:clusters[0].region",
                /^an AWS region/,
                '"us-east-9"',
            );
        });

        it("uses the stack file name it is given", () => {
            assert.throws(
                () => validateFleetConfig({}, "stacks/Pulumi.prod.yaml"),
                (error: unknown) =>
                    error instanceof FleetConfigError &&
                    error.stackFile === "stacks/Pulumi.prod.yaml" &&
                    error.message.startsWith("stacks/Pulumi.prod.yaml: fedfleet:federation: "),
            );
        });
    });

    describe("properties", () => {
        const keyArb = (allowed: ReadonlySet<string>) =>
            fc.stringMatching(/^[a-z][a-zA-Z]{0,12}$/).filter((key) => !allowed.has(key));

        it("any key outside the aws cluster schema is reported as unknown, by exact path, with no hint", () => {
            const allowed = new Set(Object.keys(awsClusterSchema.shape));
            fc.assert(
                fc.property(keyArb(allowed), fc.jsonValue(), (key, value) => {
                    const cluster = awsCluster();
                    cluster[key] = value;
                    expectConfigError(
                        configWith(cluster),
                        `fedfleet:clusters[0].${key}`,
                        UNKNOWN_KEY_EXPECTED,
                        `unknown key "${key}"`,
                    );
                }),
                {
                    numRuns: 300,
                    examples: [
                        ["constructor", 1],
                        ["toString", "x"],
                        ["nodepool", []],
                        ["zone", "us-east-1a"],
                    ],
                },
            );
        });

        it("any key outside the gcp and existing cluster schemas is reported as unknown", () => {
            for (const [schema, make, index] of [
                [gcpClusterSchema, gcpCluster, 1],
                [existingClusterSchema, existingCluster, 2],
            ] as const) {
                const allowed = new Set(Object.keys(schema.shape));
                fc.assert(
                    fc.property(keyArb(allowed), (key) => {
                        const config = goodConfig();
                        config.clusters[index] = { ...make(), [key]: "x" };
                        expectConfigError(
                            config,
                            `fedfleet:clusters[${index}].${key}`,
                            UNKNOWN_KEY_EXPECTED,
                            `unknown key "${key}"`,
                        );
                    }),
                    { numRuns: 100 },
                );
            }
        });

        it("any unknown AWS region string is reported on one line, quoted and escaped", () => {
            fc.assert(
                fc.property(
                    fc.string({ maxLength: 80 }).filter((s) => s.length > 0 && regionInfo("aws", s) === undefined),
                    (region) => {
                        const cluster = awsCluster();
                        cluster.region = region;
                        const shown = region.length > 60 ? `${region.slice(0, 57)}...` : region;
                        expectConfigError(
                            configWith(cluster),
                            "fedfleet:clusters[0].region",
                            /^an AWS region \(/,
                            JSON.stringify(shown),
                        );
                    },
                ),
                { numRuns: 200 },
            );
        });

        it("any kubeconfig of the wrong type is reported as [secret]", () => {
            fc.assert(
                fc.property(
                    fc.jsonValue().filter((v) => typeof v !== "string"),
                    (value) => {
                        const cluster = existingCluster();
                        cluster.kubeconfig = value;
                        expectConfigError(
                            configWith(cluster),
                            "fedfleet:clusters[0].kubeconfig",
                            /^a (string|non-empty string)$/,
                            "[secret]",
                        );
                    },
                ),
                { numRuns: 100 },
            );
        });
    });
});

describe("validateFleetConfig: zones and labels", () => {
    it("rejects a zone listed twice, so three copies of one zone do not pass as three zones", () => {
        expectConfigError(
            configWith({ ...awsCluster(), zones: ["us-east-1a", "us-east-1a", "us-east-1b"] }),
            "fedfleet:clusters[0].zones[1]",
            "each zone listed once",
            '"us-east-1a" again',
        );
    });

    it("rejects labels that Kubernetes would refuse, quoting odd keys in the path", () => {
        expectConfigError(
            configWith({ ...awsCluster(), labels: { "Not A Label!": "x" } }),
            "fedfleet:clusters[0].labels",
            /^Kubernetes label keys/,
            '"Not A Label!"',
        );
        expectConfigError(
            configWith({ ...awsCluster(), labels: { "team.acme.io/owner": "hello world" } }),
            'fedfleet:clusters[0].labels["team.acme.io/owner"]',
            /^a Kubernetes label value/,
            '"hello world"',
        );
        // expectConfigError also checks the message stays on one line.
        expectConfigError(
            configWith({ ...awsCluster(), labels: { "a\nb": "x" } }),
            "fedfleet:clusters[0].labels",
            /^Kubernetes label keys/,
            '"a\\nb"',
        );
    });

    it("accepts prefixed label keys and empty values", () => {
        const config = validateFleetConfig(
            configWith({ ...awsCluster(), labels: { "team.acme.io/owner": "payments", empty: "" } }),
            STACK_FILE,
        );
        assert.deepEqual(config.clusters[0].labels, { "team.acme.io/owner": "payments", empty: "" });
    });
});

describe("validateFleetConfig: secret keys", () => {
    it("accepts a secret clusters key (an existing cluster's kubeconfig) and rejects secrets anywhere else", () => {
        validateFleetConfig(goodConfig(), STACK_FILE, { secretKeys: ["clusters"] });
        assert.throws(
            () => validateFleetConfig(goodConfig(), STACK_FILE, { secretKeys: ["clusters", "federation"] }),
            (error: Error) =>
                error instanceof FleetConfigError &&
                error.configPath === "fedfleet:federation" &&
                error.found === "a secure value",
        );
    });
});

describe("validateFleetConfig: probes and ports Kubernetes would refuse", () => {
    const withService = (container: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
        ...goodConfig(),
        services: [
            {
                name: "web",
                replicas: 2,
                containers: [
                    {
                        name: "web",
                        image: "ghcr.io/acme/web:1",
                        ports: [{ name: "http", containerPort: 8080 }],
                        ...container,
                    },
                ],
                ports: [{ name: "http", port: 80, targetPort: "http" }],
                placement: { clusters: [goodConfig().clusters[0].name] },
                ...extra,
            },
        ],
    });
    it("accepts a probe with one handler on a named container port", () => {
        validateFleetConfig(withService({ readinessProbe: { httpGet: { path: "/ready", port: "http" } } }), STACK_FILE);
    });

    it("requires exactly one probe handler", () => {
        for (const probe of [{}, { httpGet: { path: "/", port: 8080 }, tcpSocket: { port: 8080 } }]) {
            expectConfigError(
                withService({ readinessProbe: probe }),
                "fedfleet:services[0].containers[0].readinessProbe",
                /exactly one of httpGet or tcpSocket/,
                "a map",
            );
        }
    });

    it("rejects port names Kubernetes would not take, and names no container port has", () => {
        expectConfigError(
            withService({ livenessProbe: { tcpSocket: { port: "8080" } } }),
            "fedfleet:services[0].containers[0].livenessProbe.tcpSocket.port",
            /port name/,
            '"8080"',
        );
        expectConfigError(
            withService({ livenessProbe: { tcpSocket: { port: "nope" } } }),
            "fedfleet:services[0].containers[0].livenessProbe.tcpSocket.port",
            /container "web"'s ports/,
            '"nope"',
        );
        expectConfigError(
            withService({}, { ports: [{ name: "http", port: 80, targetPort: "metrics" }] }),
            "fedfleet:services[0].ports[0].targetPort",
            "a port number or the name of a container port",
            '"metrics"',
        );
    });

    it("needs an existing cluster to say how its load balancer is made internal before placing an internal service", () => {
        const onLab = { exposure: "internal", placement: { clusters: ["lab"] } };
        expectConfigError(
            withService({}, onLab),
            "fedfleet:services[0].exposure",
            /add internalServiceAnnotations to lab's entry/,
            '"internal" placed on lab, which has none',
        );
        const declared = withService({}, onLab) as Raw;
        const lab = (declared.clusters as Raw[])[2];
        lab.internalServiceAnnotations = { "metallb.io/address-pool": "private" };
        validateFleetConfig(declared, STACK_FILE);
        lab.internalServiceAnnotations = { "bad key!": "x" };
        expectConfigError(
            declared,
            "fedfleet:clusters[2].internalServiceAnnotations",
            /annotation keys that are Kubernetes qualified names/,
            '"bad key!"',
        );
    });

    it("needs every container's CPU request (or limit) for an HPA on CPU, overrides included", () => {
        const scaled = { autoscaling: { maxReplicas: 4 } };
        expectConfigError(
            withService({}, scaled),
            "fedfleet:services[0].containers[0].resources.requests.cpu",
            /a CPU request for container "web"/,
            "none",
        );
        validateFleetConfig(withService({ resources: { limits: { cpu: "1" } } }, scaled), STACK_FILE);
        expectConfigError(
            withService(
                { resources: { requests: { cpu: "100m" } } },
                { ...scaled, overrides: { "aws-use1": { resources: { requests: { memory: "1Gi" } } } } },
            ),
            "fedfleet:services[0].overrides.aws-use1.resources.requests.cpu",
            /these resources replace container "web"'s in aws-use1/,
            "none",
        );
    });

    it("needs a network-policy-capable vpc-cni (v1.14 or later)", () => {
        expectEditError(
            (c) => (c.clusters[0].addonVersions = { "vpc-cni": "v1.13.4-eksbuild.1" }),
            "fedfleet:clusters[0].addonVersions.vpc-cni",
            /vpc-cni v1\.14\.0 or later/,
            '"v1.13.4-eksbuild.1"',
        );
    });
});

describe("validateFleetConfig: Google Cloud name lengths", () => {
    it("keeps GKE cluster names short enough for the nodes' service account id", () => {
        expectConfigError(
            configWith({ ...gcpCluster(), name: "gke-europe-west4-primary-a" }),
            "fedfleet:clusters[0].name",
            "a Google Cloud cluster name of at most 24 characters (its nodes' service account id, <name>-nodes, is at most 30)",
            "26 characters",
        );
        validateFleetConfig(configWith({ ...gcpCluster(), name: "gke-europe-west4-primary" }), STACK_FILE);
    });
});

// GKE creates a cluster at min_master_version (terraform-provider-google sends it as
// initialClusterVersion) only if its channel still offers that minor; minors leave Rapid,
// Regular and Stable at the end of their standard support.
describe("validateFleetConfig: a GKE version pin its release channel still offers", () => {
    it("refuses 1.33 on STABLE, which the channel no longer offers new clusters", () => {
        expectConfigError(
            configWith({ ...gcpCluster(), releaseChannel: "STABLE", kubernetesVersion: "1.33" }),
            "fedfleet:clusters[0].kubernetesVersion",
            "a minor the STABLE channel still offers new clusters (1.34 or later, per GKE's release notes as of 2026-11), or no pin, to take the channel's default",
            '"1.33"',
        );
    });

    it("takes a minor the channel offers, a newer one, or none", () => {
        for (const kubernetesVersion of ["1.34", "1.35", "1.40", undefined])
            validateFleetConfig(
                configWith({ ...gcpCluster(), releaseChannel: "STABLE", kubernetesVersion }),
                STACK_FILE,
            );
    });
});

// Found by the config fuzzer (test/preview/plan/config-fuzz.test.ts); each case once, by hand.
describe("validateFleetConfig: mistakes the config fuzzer found", () => {
    const service = (extra: Record<string, unknown> = {}) => ({
        name: "web",
        replicas: 2,
        containers: [{ name: "web", image: "ghcr.io/acme/web:1", ports: [{ name: "http", containerPort: 8080 }] }],
        ports: [{ name: "http", port: 80, targetPort: 8080 }],
        placement: { clusters: ["aws-use1"] },
        ...extra,
    });
    const withDns = (dns: Record<string, unknown>, services: unknown[] = [service()]): Raw => ({
        ...goodConfig(),
        dns: { provider: "route53", zone: { name: "dev.fleet.acme-corp.com" }, ...dns },
        services,
    });

    it("keeps line breaks and control characters in keys and values out of the one-line message", () => {
        // expectConfigError checks the message is one line; U+2028 is a line break to editors and some terminals.
        expectEditError(
            (c) => {
                c.federation["a\nb"] = 1;
            },
            'fedfleet:federation["a\\nb"]',
            UNKNOWN_KEY_EXPECTED,
            'unknown key "a\\nb"',
        );
        const lineSeparator = expectEditError(
            (c) => {
                c.federation["\u2028"] = 1;
            },
            'fedfleet:federation["\\u2028"]',
            UNKNOWN_KEY_EXPECTED,
            'unknown key "\\u2028"',
        );
        assert.ok(!/[\u2028\u2029]/.test(lineSeparator.message));
        // Messages that placement and DNS planning build quote the stack file too.
        expectConfigError(
            {
                ...goodConfig(),
                services: [service({ placement: { clusters: ["aws-use1"], preferences: { "x\ry": {} } } })],
            },
            'fedfleet:services[0].placement.preferences["x\\ry"]',
            /^a cluster of this stack/,
            'unknown cluster "x\\ry"',
        );
        expectConfigError(
            withDns({ routing: "a\u0085b\u000bc" }),
            "fedfleet:dns.routing",
            /^a route53 routing policy/,
            '"a\\u0085b\\u000bc"',
        );
    });

    it('reports a "__proto__" key in a user map instead of silently dropping it', () => {
        const expected = 'a key other than "__proto__" (JavaScript objects cannot hold it)';
        // JSON.parse, like the YAML parser, makes "__proto__" an own key.
        const preferences = JSON.parse('{"__proto__": {"weight": 5}}');
        expectConfigError(
            { ...goodConfig(), services: [service({ placement: { clusters: ["aws-use1"], preferences } })] },
            "fedfleet:services[0].placement.preferences.__proto__",
            expected,
            '"__proto__"',
        );
        const env = JSON.parse('{"LOG_LEVEL": "debug", "__proto__": "x"}');
        expectConfigError(
            { ...goodConfig(), services: [service({ containers: [{ name: "web", image: "web:1", env }] })] },
            "fedfleet:services[0].containers[0].env.__proto__",
            expected,
            '"__proto__"',
        );
        expectEditError(
            (c) => {
                c.clusters[1].labels = JSON.parse('{"__proto__": "x"}');
            },
            "fedfleet:clusters[1].labels.__proto__",
            expected,
            '"__proto__"',
        );
        // In a fixed-shape map it is an unknown key like any other.
        expectEditError(
            (c) => {
                c.federation = JSON.parse(
                    '{"name": "acme", "domain": "dev.fleet.acme-corp.com", "environment": "dev", "__proto__": {}}',
                );
            },
            "fedfleet:federation.__proto__",
            UNKNOWN_KEY_EXPECTED,
            'unknown key "__proto__"',
        );
    });

    it("says which rule a map key breaks, and shows the key", () => {
        expectConfigError(
            {
                ...goodConfig(),
                services: [service({ containers: [{ name: "web", image: "web:1", env: { "1BAD": "x" } }] })],
            },
            'fedfleet:services[0].containers[0].env["1BAD"]',
            "an environment variable name",
            '"1BAD"',
        );
    });

    it("rejects an existing cluster's region that is not a DNS label, at the region rather than at a service's DNS names", () => {
        for (const region of ["-lab", "lab-", "-"]) {
            expectEditError(
                (c) => {
                    c.clusters[2].region = region;
                },
                "fedfleet:clusters[2].region",
                "a region label such as eu-central or home-lab",
                JSON.stringify(region),
            );
            expectConfigError(
                {
                    ...withDns({}, [service({ placement: { clusters: ["lab"] } })]),
                    clusters: [awsCluster(), gcpCluster(), { ...existingCluster(), region }],
                },
                "fedfleet:clusters[2].region",
                "a region label such as eu-central or home-lab",
                JSON.stringify(region),
            );
        }
    });

    it("checks fedfleet:dns settings that no service uses: none in the stack, or each service overrides them", () => {
        const overriding = service({
            dns: { routing: "weighted", ttl: 60, healthCheck: { intervalSeconds: 30, failureThreshold: 2 } },
        });
        for (const services of [[], [overriding]]) {
            expectConfigError(
                withDns({ routing: "wrr" }, services),
                "fedfleet:dns.routing",
                "a route53 routing policy (latency, weighted, geoproximity, failover)",
                '"wrr"',
            );
            expectConfigError(withDns({ ttl: 1 }, services), "fedfleet:dns.ttl", "a TTL from 5 to 3600 seconds", "1");
            expectConfigError(
                withDns({ ttl: 30.5 }, services),
                "fedfleet:dns.ttl",
                "a TTL from 5 to 3600 seconds",
                "30.5",
            );
            expectConfigError(
                withDns({ healthCheck: { intervalSeconds: 15 } }, services),
                "fedfleet:dns.healthCheck.intervalSeconds",
                /^10 or 30/,
                "15",
            );
            expectConfigError(
                withDns({ healthCheck: { failureThreshold: 0 } }, services),
                "fedfleet:dns.healthCheck.failureThreshold",
                "a whole number from 1 to 10",
                "0",
            );
        }
        expectConfigError(
            {
                ...withDns(
                    { provider: "clouddns", project: "acme-dns-zone", healthCheck: { intervalSeconds: 301 } },
                    [],
                ),
            },
            "fedfleet:dns.healthCheck.intervalSeconds",
            "a whole number of seconds from 30 to 300 (Cloud DNS health checks probe from source regions, which need at least 30)",
            "301",
        );
        // Valid shared settings with no service to use them stay valid.
        validateFleetConfig(
            withDns({ routing: "weighted", ttl: 60, healthCheck: { intervalSeconds: 30, failureThreshold: 2 } }, []),
            STACK_FILE,
        );
        validateFleetConfig(withDns({ routing: "latency" }, [overriding]), STACK_FILE);
    });
});

describe("stack files: mistakes the config fuzzer found", () => {
    const write = (text: string) => {
        const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "fedfleet-validate-")), "Pulumi.x.yaml");
        fs.writeFileSync(file, text);
        return file;
    };

    it('keeps a top-level "__proto__" key a key, reported as unknown at its own path', () => {
        const read = readStackFile(
            write(
                "config:\n  fedfleet:federation: {name: acme, domain: dev.fleet.acme-corp.com, environment: dev}\n" +
                    "  fedfleet:clusters: [{name: lab, cloud: existing, region: home-lab, zones: [rack-1], kubeconfig: x}]\n  __proto__: {federation: 1}\n",
            ),
        );
        assert.deepEqual(Object.keys(read.fleetRaw), ["federation", "clusters", "__proto__"]);
        assert.equal(Object.getPrototypeOf(read.fleetRaw), Object.prototype);
        expectConfigError(read.fleetRaw, "fedfleet:__proto__", UNKNOWN_KEY_EXPECTED, 'unknown key "__proto__"');
    });

    it("names a misplaced secure value by the config path the validator would use, quoting odd keys", () => {
        const file = write(
            'config:\n  fedfleet:services:\n    - overrides:\n        a:\n          labels:\n            team.acme.io/x: { secure: v1:xyz }\n            "*": { secure: v1:abc }\n',
        );
        assert.throws(
            () => readStackFile(file, "stacks/Pulumi.x.yaml"),
            (error: Error) =>
                error instanceof StackFileError &&
                error.message ===
                    'stacks/Pulumi.x.yaml: fedfleet:services[0].overrides.a.labels["team.acme.io/x"]: expected a plain value (only clusters[].kubeconfig may be a secure value; keep application secrets in a secret store), found a secure value',
        );
    });
});

describe("readFleetPlan: mistakes the config fuzzer found", () => {
    it('keeps a "__proto__" config key a key, so the validator reports it', () => {
        const saved = pulumi.runtime.allConfig();
        try {
            pulumi.runtime.setAllConfig({
                "fedfleet:federation": JSON.stringify(federation()),
                "fedfleet:clusters": JSON.stringify([existingCluster()]),
                "fedfleet:__proto__": '{"federation": 1}',
            });
            assert.throws(
                () => readFleetPlan(),
                (error: Error) =>
                    error instanceof InvalidFleetConfig &&
                    error.cause.configPath === "fedfleet:__proto__" &&
                    error.cause.found === 'unknown key "__proto__"',
            );
        } finally {
            pulumi.runtime.setAllConfig(saved);
        }
    });
});

describe("validateFleetConfig: what EKS itself would refuse", () => {
    const ADMIN = "arn:aws:iam::123456789012:role/platform-admin";

    it("requires the cluster's admins, the deploying role among them, each once", () => {
        expectEditError(
            (c) => (c.clusters[0].adminPrincipalArns = []),
            "fedfleet:clusters[0].adminPrincipalArns",
            "at least the IAM role that runs pulumi up, here or as fedfleet:deployer.aws.deployRoleArn (fedfleet turns off EKS's implicit admin for the cluster's creator)",
            "an empty list",
        );
        expectEditError(
            (c) => (c.clusters[0].adminPrincipalArns = [ADMIN, ADMIN]),
            "fedfleet:clusters[0].adminPrincipalArns[1]",
            "each principal once (EKS takes one access entry per principal)",
            `"${ADMIN}" again`,
        );
    });

    it("takes zones by AZ ID, refusing those EKS cannot put a control plane in and mixes with names", () => {
        const ids = configWith({ ...awsCluster(), zones: ["use1-az1", "use1-az2", "use1-az4"] });
        assert.deepEqual(validateFleetConfig(ids, STACK_FILE).clusters[0]!.zones, ["use1-az1", "use1-az2", "use1-az4"]);
        expectEditError(
            (c) => (c.clusters[0].zones = ["use1-az1", "use1-az2", "use1-az3"]),
            "fedfleet:clusters[0].zones[2]",
            /^a zone EKS can put a control plane in \(not use1-az3, usw1-az2, cac1-az3: EKS User Guide/,
            '"use1-az3"',
        );
        expectEditError(
            (c) => (c.clusters[0].zones = ["use1-az1", "us-east-1b", "use1-az4"]),
            "fedfleet:clusters[0].zones[1]",
            /^an AZ ID of us-east-1 \(all zones by ID, or all by name\)/,
            '"us-east-1b"',
        );
        expectEditError(
            (c) => (c.clusters[0].zones = ["use1-az1", "use1-az2", "use2-az1"]),
            "fedfleet:clusters[0].zones[2]",
            /^an AZ ID of us-east-1/,
            '"use2-az1"',
        );
    });

    it("pins add-on versions per Kubernetes version, and takes overrides", () => {
        expectEditError(
            (c) => (c.clusters[0].kubernetesVersion = "1.36"),
            "fedfleet:clusters[0].addonVersions.vpc-cni",
            /^a version of vpc-cni for Kubernetes 1\.36 \(fedfleet pins versions for 1\.31, 1\.32, 1\.33, 1\.34, 1\.35\)$/,
            "nothing",
        );
        const raw = goodConfig();
        raw.clusters[0].kubernetesVersion = "1.36";
        raw.clusters[0].addonVersions = {
            "vpc-cni": "v1.22.1-eksbuild.2",
            "kube-proxy": "v1.36.0-eksbuild.14",
            coredns: "v1.14.3-eksbuild.3",
            "metrics-server": "v0.8.1-eksbuild.6",
        };
        validateFleetConfig(raw, STACK_FILE);
        expectEditError(
            (c) => (c.clusters[0].addonVersions = { coredns: "1.12.4" }),
            "fedfleet:clusters[0].addonVersions.coredns",
            "an EKS add-on version such as v1.20.4-eksbuild.1",
            '"1.12.4"',
        );
    });

    it("keeps EKS names within EKS's rule once the stack's name is part of them", () => {
        expectEditError(
            (c) => (c.clusters[0].name = "c".repeat(49)),
            "fedfleet:clusters[0].name",
            "an AWS cluster name of at most 48 characters (its IAM role names are at most 64)",
            "49 characters",
        );
        // Pulumi stack names may hold dots; EKS names may not.
        assert.throws(
            () => validateFleet(goodConfig(), STACK_FILE, "eu.prod"),
            (error: unknown) =>
                error instanceof FleetConfigError &&
                error.configPath === "fedfleet:clusters[0].name" &&
                error.found === '"eu.prod-aws-use1"' &&
                error.message.startsWith(
                    `${STACK_FILE}: fedfleet:clusters[0].name: expected a name that with the stack's`,
                ),
        );
    });
});
