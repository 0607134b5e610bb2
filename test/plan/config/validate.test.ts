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

/**
 * One config the validator must refuse, and how it must say so: a row of a table, in the
 * shape of karmada's `tests := []struct{...}` (name, input, expected error).
 */
interface Refusal {
    /** The test's name. */
    name: string;
    /** The config to start from: a fresh good config unless given. */
    from?: () => Raw;
    /** The one thing to break in it. */
    edit?: (config: Raw) => void;
    /** The config path the error names, and what it says was expected and found. */
    path: string;
    expected: Text;
    found: Text;
    /** Further checks on the error, for the rows that have them. */
    also?: (error: FleetConfigError) => void;
}

/** One `it` per row, so each refusal passes or fails on its own and is named in the report. */
function itRefusesEach(rows: readonly Refusal[]): void {
    for (const row of rows) {
        it(row.name, () => {
            const config = row.from ? row.from() : goodConfig();
            row.edit?.(config);
            const error = expectConfigError(config, row.path, row.expected, row.found);
            row.also?.(error);
        });
    }
}

/** The examples an "an AWS region (for example a, b, c)" message gives. */
function examplesIn(error: FleetConfigError): string[] {
    const examples = /\(for example (.+)\)/.exec(error.expected);
    assert.ok(examples, `no examples in: ${error.expected}`);
    return examples[1]!.split(", ");
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
        itRefusesEach([
            {
                name: "rejects an unknown cloud, listing the known ones",
                edit: (c) => (c.clusters[1].cloud = "azure"),
                path: "fedfleet:clusters[1].cloud",
                expected: "one of aws, gcp, existing",
                found: '"azure"',
            },
            {
                name: "rejects a missing cloud",
                edit: (c) => delete c.clusters[0].cloud,
                path: "fedfleet:clusters[0].cloud",
                expected: "one of aws, gcp, existing",
                found: "nothing",
            },
            {
                name: "rejects a wrongly-cased cloud",
                edit: (c) => (c.clusters[0].cloud = "AWS"),
                path: "fedfleet:clusters[0].cloud",
                expected: "one of aws, gcp, existing",
                found: '"AWS"',
            },
            {
                name: "rejects a cluster that is a string, not a map",
                edit: (c) => (c.clusters[0] = "aws-use1"),
                path: "fedfleet:clusters[0]",
                expected: "a map",
                found: '"aws-use1"',
            },
            {
                name: "rejects a cluster that is null, not a map",
                edit: (c) => (c.clusters[0] = null),
                path: "fedfleet:clusters[0]",
                expected: "a map",
                found: "null",
            },
            {
                name: "rejects an AWS region that does not exist, with real AWS examples",
                edit: (c) => (c.clusters[0].region = "us-east-9"),
                path: "fedfleet:clusters[0].region",
                expected: /^an AWS region \(for example [^()]+\)$/,
                found: '"us-east-9"',
                also: (error) => {
                    const examples = examplesIn(error);
                    assert.equal(examples.length, 3);
                    for (const example of examples)
                        assert.ok(regionInfo("aws", example), `${example} is not an AWS region`);
                },
            },
            {
                name: "rejects an AWS region name given for a GCP cluster, with real GCP examples",
                edit: (c) => (c.clusters[1].region = "us-east-1"),
                path: "fedfleet:clusters[1].region",
                expected: /^a Google Cloud region \(for example [^()]+\)$/,
                found: '"us-east-1"',
                also: (error) => {
                    const examples = examplesIn(error);
                    assert.ok(examples.length > 0);
                    for (const example of examples)
                        assert.ok(regionInfo("gcp", example), `${example} is not a GCP region`);
                },
            },
            {
                name: "rejects a GCP region name given for an AWS cluster",
                edit: (c) => (c.clusters[0].region = "europe-west1"),
                path: "fedfleet:clusters[0].region",
                expected: /^an AWS region \(/,
                found: '"europe-west1"',
            },
            {
                name: "does not treat inherited object members as regions",
                edit: (c) => (c.clusters[0].region = "constructor"),
                path: "fedfleet:clusters[0].region",
                expected: /^an AWS region \(/,
                found: '"constructor"',
            },
            {
                name: "truncates a long found value",
                edit: (c) => (c.clusters[0].region = "x".repeat(100)),
                path: "fedfleet:clusters[0].region",
                expected: /^an AWS region/,
                found: `"${"x".repeat(57)}..."`,
            },
            {
                name: "keeps a found value with a line break on one line",
                edit: (c) => (c.clusters[0].region = "us-east-1\nrm -rf"),
                path: "fedfleet:clusters[0].region",
                expected: /^an AWS region/,
                found: '"us-east-1\\nrm -rf"',
            },
            {
                name: "rejects an AWS zone of another region, at the zone's index",
                edit: (c) => (c.clusters[0].zones = ["us-east-1a", "us-east-2b", "us-east-1c"]),
                path: "fedfleet:clusters[0].zones[1]",
                expected:
                    "a zone of us-east-1 (us-east-1a, us-east-1b, us-east-1c, us-east-1d, us-east-1e, us-east-1f)",
                found: '"us-east-2b"',
            },
            {
                name: "rejects a GCP zone that the region does not have",
                edit: (c) => (c.clusters[1].zones = ["europe-west1-a"]),
                path: "fedfleet:clusters[1].zones[0]",
                expected: "a zone of europe-west1 (europe-west1-b, europe-west1-c, europe-west1-d)",
                found: '"europe-west1-a"',
            },
            {
                name: "rejects ca-central-1c, which does not exist",
                edit: (c) => {
                    c.clusters[0].region = "ca-central-1";
                    c.clusters[0].zones = ["ca-central-1a", "ca-central-1b", "ca-central-1c"];
                },
                path: "fedfleet:clusters[0].zones[2]",
                expected: "a zone of ca-central-1 (ca-central-1a, ca-central-1b, ca-central-1d)",
                found: '"ca-central-1c"',
            },
            {
                name: "rejects an AWS cluster that lists a single zone: EKS needs subnets in two",
                edit: (c) => (c.clusters[0].zones = ["us-east-1a"]),
                path: "fedfleet:clusters[0].zones",
                expected: /^at least 2 Availability Zones EKS can use/,
                found: "1 in us-east-1",
            },
            {
                name: "rejects an empty zones list",
                edit: (c) => (c.clusters[0].zones = []),
                path: "fedfleet:clusters[0].zones",
                expected: "a list of at least 1",
                found: "a list of 0",
            },
            {
                name: "rejects an existing cluster without zones",
                edit: (c) => delete c.clusters[2].zones,
                path: "fedfleet:clusters[2].zones",
                expected: "the zones this cluster's nodes run in (a list)",
                found: "nothing",
            },
            {
                name: "rejects an existing cluster whose region is not a label",
                edit: (c) => (c.clusters[2].region = "Home Lab"),
                path: "fedfleet:clusters[2].region",
                expected: "a region label such as eu-central or home-lab",
                found: '"Home Lab"',
            },
        ]);
    });

    describe("cluster names", () => {
        itRefusesEach([
            {
                name: "rejects a duplicate cluster name at the second one, naming the first",
                edit: (c) => (c.clusters[2].name = "aws-use1"),
                path: "fedfleet:clusters[2].name",
                expected: "a cluster name unique in the stack (already used by clusters[0])",
                found: '"aws-use1"',
                also: (error) => assert.match(error.message, /clusters\[0\]/),
            },
            {
                name: "rejects a cluster name with capitals and '_' (not a DNS label)",
                edit: (c) => (c.clusters[1].name = "GKE_euw1"),
                path: "fedfleet:clusters[1].name",
                expected: DNS_LABEL_EXPECTED,
                found: '"GKE_euw1"',
            },
            {
                name: "rejects a cluster name that starts with '-' (not a DNS label)",
                edit: (c) => (c.clusters[1].name = "-gke"),
                path: "fedfleet:clusters[1].name",
                expected: DNS_LABEL_EXPECTED,
                found: '"-gke"',
            },
            {
                name: "rejects a federation name with a capital (not a DNS label)",
                edit: (c) => (c.federation.name = "Acme"),
                path: "fedfleet:federation.name",
                expected: DNS_LABEL_EXPECTED,
                found: '"Acme"',
            },
            {
                name: "rejects a 64-character name",
                edit: (c) => (c.clusters[1].name = "a".repeat(64)),
                path: "fedfleet:clusters[1].name",
                expected: DNS_LABEL_EXPECTED,
                found: `"${"a".repeat(57)}..."`,
            },
        ]);
    });

    describe("node pools", () => {
        itRefusesEach([
            {
                name: "rejects aws minSize above maxSize",
                edit: (c) => (c.clusters[0].nodePools[0] = { name: "general", minSize: 5, maxSize: 2 }),
                path: "fedfleet:clusters[0].nodePools[0].minSize",
                expected: "a minimum no larger than the maximum 2",
                found: "5",
            },
            {
                name: "rejects aws minSize above the default maxSize",
                edit: (c) => (c.clusters[0].nodePools[0] = { name: "general", minSize: 4 }),
                path: "fedfleet:clusters[0].nodePools[0].minSize",
                expected: "a minimum no larger than the maximum 3",
                found: "4",
            },
            {
                name: "rejects gcp minNodesPerZone above maxNodesPerZone",
                edit: (c) => (c.clusters[1].nodePools[0] = { name: "general", minNodesPerZone: 4, maxNodesPerZone: 2 }),
                path: "fedfleet:clusters[1].nodePools[0].minNodesPerZone",
                expected: "a minimum no larger than the maximum 2",
                found: "4",
            },
            {
                name: "rejects an aws pool whose maximum is 0",
                edit: (c) => (c.clusters[0].nodePools[0] = { name: "general", minSize: 0, maxSize: 0 }),
                path: "fedfleet:clusters[0].nodePools[0]",
                expected: "a node pool that can hold at least one node",
                found: "a maximum of 0",
            },
            {
                name: "rejects a gcp pool whose maximum is 0",
                edit: (c) => (c.clusters[1].nodePools[0] = { name: "general", minNodesPerZone: 0, maxNodesPerZone: 0 }),
                path: "fedfleet:clusters[1].nodePools[0]",
                expected: "a node pool that can hold at least one node",
                found: "a maximum of 0",
            },
            {
                name: "rejects desiredSize above maxSize",
                edit: (c) => (c.clusters[0].nodePools[0] = { name: "general", minSize: 1, maxSize: 4, desiredSize: 9 }),
                path: "fedfleet:clusters[0].nodePools[0].desiredSize",
                expected: "a size between 1 and 4",
                found: "9",
            },
            {
                name: "rejects desiredSize below minSize",
                edit: (c) => (c.clusters[0].nodePools[0] = { name: "general", minSize: 2, maxSize: 4, desiredSize: 1 }),
                path: "fedfleet:clusters[0].nodePools[0].desiredSize",
                expected: "a size between 2 and 4",
                found: "1",
            },
            {
                name: "rejects desiredSize 0, below the default minSize",
                edit: (c) => (c.clusters[0].nodePools[0] = { name: "general", desiredSize: 0 }),
                path: "fedfleet:clusters[0].nodePools[0].desiredSize",
                expected: "a size between 1 and 3",
                found: "0",
            },
            {
                name: "rejects desiredSize on a gcp pool (GKE's autoscaler has no such key)",
                edit: (c) => (c.clusters[1].nodePools[0].desiredSize = 2),
                path: "fedfleet:clusters[1].nodePools[0].desiredSize",
                expected: UNKNOWN_KEY_EXPECTED,
                found: 'unknown key "desiredSize"',
            },
            {
                name: "rejects a duplicate aws node pool name at the second pool, naming the first",
                edit: (c) => c.clusters[0].nodePools.push({ name: "spot" }, { name: "general" }),
                path: "fedfleet:clusters[0].nodePools[2].name",
                expected: "a node pool name unique in the cluster (already used by nodePools[0])",
                found: '"general"',
            },
            {
                name: "rejects a duplicate gcp node pool name at the second pool, naming the first",
                edit: (c) => c.clusters[1].nodePools.push({ name: "general" }),
                path: "fedfleet:clusters[1].nodePools[1].name",
                expected: "a node pool name unique in the cluster (already used by nodePools[0])",
                found: '"general"',
            },
            {
                name: "rejects a node pool name that is not a DNS label",
                edit: (c) => (c.clusters[0].nodePools[0].name = "General Pool"),
                path: "fedfleet:clusters[0].nodePools[0].name",
                expected: DNS_LABEL_EXPECTED,
                found: '"General Pool"',
            },
            {
                name: "rejects an empty nodePools list",
                edit: (c) => (c.clusters[0].nodePools = []),
                path: "fedfleet:clusters[0].nodePools",
                expected: "a list of at least 1",
                found: "a list of 0",
            },
            {
                name: "rejects a disk below 20 GB",
                edit: (c) => (c.clusters[0].nodePools[0].diskSizeGb = 10),
                path: "fedfleet:clusters[0].nodePools[0].diskSizeGb",
                expected: "a number >= 20",
                found: "10",
            },
        ]);
    });

    describe("missing required fields", () => {
        itRefusesEach([
            {
                name: "federation.domain",
                edit: (c) => delete c.federation.domain,
                path: "fedfleet:federation.domain",
                expected: "a string",
                found: "nothing",
            },
            {
                name: "federation as a whole",
                edit: (c) => delete c.federation,
                path: "fedfleet:federation",
                expected: "a map",
                found: "nothing",
            },
            {
                name: "federation given as null",
                edit: (c) => (c.federation = null),
                path: "fedfleet:federation",
                expected: "a map",
                found: "null",
            },
            {
                name: "clusters as a whole",
                edit: (c) => delete c.clusters,
                path: "fedfleet:clusters",
                expected: "a list",
                found: "nothing",
            },
            {
                name: "clusters given as an empty list",
                edit: (c) => (c.clusters = []),
                path: "fedfleet:clusters",
                expected: "a list of at least 1",
                found: "a list of 0",
            },
            {
                name: "clusters given as a map",
                edit: (c) => (c.clusters = {}),
                path: "fedfleet:clusters",
                expected: "a list",
                found: "a map",
            },
            {
                name: "everything: federation is reported first",
                from: () => ({}),
                path: "fedfleet:federation",
                expected: "a map",
                found: "nothing",
            },
            {
                name: "clusters[0].nodePools",
                edit: (c) => delete c.clusters[0].nodePools,
                path: "fedfleet:clusters[0].nodePools",
                expected: "a list",
                found: "nothing",
            },
            {
                name: "a gcp cluster's project",
                edit: (c) => delete c.clusters[1].project,
                path: "fedfleet:clusters[1].project",
                expected: "a string",
                found: "nothing",
            },
            {
                name: "a cluster's name",
                edit: (c) => delete c.clusters[0].name,
                path: "fedfleet:clusters[0].name",
                expected: "a string",
                found: "nothing",
            },
            {
                name: "a cluster's region",
                edit: (c) => delete c.clusters[1].region,
                path: "fedfleet:clusters[1].region",
                expected: "a string",
                found: "nothing",
            },
            {
                name: "an existing cluster's kubeconfig",
                edit: (c) => delete c.clusters[2].kubeconfig,
                path: "fedfleet:clusters[2].kubeconfig",
                expected: "a string",
                found: "nothing",
            },
        ]);
    });

    describe("unknown keys", () => {
        itRefusesEach([
            {
                name: "at top level: 'cluster' for 'clusters' is reported as the unknown key, with a hint",
                edit: (c) => {
                    c.cluster = c.clusters;
                    delete c.clusters;
                },
                path: "fedfleet:cluster",
                expected: UNKNOWN_KEY_EXPECTED,
                found: 'unknown key "cluster" (did you mean "clusters"?)',
            },
            {
                name: "at top level: an unrelated extra key gets no hint",
                edit: (c) => (c.owner = "platform"),
                path: "fedfleet:owner",
                expected: UNKNOWN_KEY_EXPECTED,
                found: 'unknown key "owner"',
            },
            {
                name: "inside federation: 'domian' suggests 'domain'",
                edit: (c) => {
                    c.federation.domian = c.federation.domain;
                    delete c.federation.domain;
                },
                path: "fedfleet:federation.domian",
                expected: UNKNOWN_KEY_EXPECTED,
                found: 'unknown key "domian" (did you mean "domain"?)',
            },
            {
                name: "inside federation: an unrelated extra key gets no hint",
                edit: (c) => (c.federation.owner = "platform"),
                path: "fedfleet:federation.owner",
                expected: UNKNOWN_KEY_EXPECTED,
                found: 'unknown key "owner"',
            },
            {
                name: "inside a cluster: 'nodepools' suggests 'nodePools'",
                edit: (c) => {
                    c.clusters[0].nodepools = c.clusters[0].nodePools;
                    delete c.clusters[0].nodePools;
                },
                path: "fedfleet:clusters[0].nodepools",
                expected: UNKNOWN_KEY_EXPECTED,
                found: 'unknown key "nodepools" (did you mean "nodePools"?)',
            },
            {
                name: "inside a gcp cluster: 'projct' suggests 'project'",
                edit: (c) => {
                    c.clusters[1].projct = c.clusters[1].project;
                    delete c.clusters[1].project;
                },
                path: "fedfleet:clusters[1].projct",
                expected: UNKNOWN_KEY_EXPECTED,
                found: 'unknown key "projct" (did you mean "project"?)',
            },
            {
                name: "inside an existing cluster: 'kubeConfig' suggests 'kubeconfig'",
                edit: (c) => {
                    c.clusters[2].kubeConfig = c.clusters[2].kubeconfig;
                    delete c.clusters[2].kubeconfig;
                },
                path: "fedfleet:clusters[2].kubeConfig",
                expected: UNKNOWN_KEY_EXPECTED,
                found: 'unknown key "kubeConfig" (did you mean "kubeconfig"?)',
            },
            {
                name: "a key of another cloud is unknown",
                edit: (c) => (c.clusters[0].project = "acme-fleet-dev"),
                path: "fedfleet:clusters[0].project",
                expected: UNKNOWN_KEY_EXPECTED,
                found: 'unknown key "project"',
            },
            {
                name: "a kubeconfig on an aws cluster is reported by key only, never by value",
                edit: (c) => (c.clusters[0].kubeconfig = KUBECONFIG_TEXT),
                path: "fedfleet:clusters[0].kubeconfig",
                expected: UNKNOWN_KEY_EXPECTED,
                found: 'unknown key "kubeconfig"',
                also: (error) => assert.ok(!error.message.includes("s3cr3t")),
            },
            {
                name: "inside a node pool: 'Name' suggests 'name'",
                edit: (c) => (c.clusters[0].nodePools[0] = { Name: "general" }),
                path: "fedfleet:clusters[0].nodePools[0].Name",
                expected: UNKNOWN_KEY_EXPECTED,
                found: 'unknown key "Name" (did you mean "name"?)',
            },
            {
                name: "inside a node pool: 'maxsize' (maxSize has a default, so it is never missing and no hint is offered)",
                edit: (c) => (c.clusters[0].nodePools[0].maxsize = 4),
                path: "fedfleet:clusters[0].nodePools[0].maxsize",
                expected: UNKNOWN_KEY_EXPECTED,
                found: /^unknown key "maxsize"/,
            },
            {
                name: "inside a gcp node pool: an aws pool's minSize",
                edit: (c) => (c.clusters[1].nodePools[0].minSize = 1),
                path: "fedfleet:clusters[1].nodePools[0].minSize",
                expected: UNKNOWN_KEY_EXPECTED,
                found: /^unknown key "minSize"/,
            },
            {
                name: "is preferred over the missing-key error the same typo causes (else: clusters[0].nodePools missing)",
                edit: (c) => {
                    c.clusters[0].nodepools = c.clusters[0].nodePools;
                    delete c.clusters[0].nodePools;
                },
                path: "fedfleet:clusters[0].nodepools",
                expected: UNKNOWN_KEY_EXPECTED,
                found: /^unknown key "nodepools"/,
            },
        ]);
    });

    describe("wrong types and formats", () => {
        itRefusesEach([
            {
                name: "minSize given as a word",
                edit: (c) => (c.clusters[0].nodePools[0].minSize = "two"),
                path: "fedfleet:clusters[0].nodePools[0].minSize",
                expected: "a number",
                found: '"two"',
            },
            {
                name: "a number given as a quoted string",
                edit: (c) => (c.clusters[0].nodePools[0].maxSize = "4"),
                path: "fedfleet:clusters[0].nodePools[0].maxSize",
                expected: "a number",
                found: '"4"',
            },
            {
                name: "a number given as a boolean",
                edit: (c) => (c.clusters[0].nodePools[0].maxSize = true),
                path: "fedfleet:clusters[0].nodePools[0].maxSize",
                expected: "a number",
                found: "true",
            },
            {
                name: "a non-integer maxSize",
                edit: (c) => (c.clusters[0].nodePools[0].maxSize = 2.5),
                path: "fedfleet:clusters[0].nodePools[0].maxSize",
                expected: "a whole number",
                found: "2.5",
            },
            {
                name: "a negative minSize",
                edit: (c) => (c.clusters[0].nodePools[0].minSize = -1),
                path: "fedfleet:clusters[0].nodePools[0].minSize",
                expected: "a number >= 0",
                found: "-1",
            },
            {
                name: "kubernetesVersion as a YAML float",
                edit: (c) => (c.clusters[0].kubernetesVersion = 1.33),
                path: "fedfleet:clusters[0].kubernetesVersion",
                expected: "a string",
                found: "1.33",
            },
            {
                name: "kubernetesVersion as a malformed version",
                edit: (c) => (c.clusters[0].kubernetesVersion = "1.3"),
                path: "fedfleet:clusters[0].kubernetesVersion",
                expected: 'a Kubernetes minor version such as "1.35"',
                found: '"1.3"',
            },
            {
                name: "a bad CIDR in publicAccessCidrs, at its index",
                edit: (c) => (c.clusters[0].publicAccessCidrs = ["198.51.100.0/24", "198.51.100.0/33"]),
                path: "fedfleet:clusters[0].publicAccessCidrs[1]",
                expected: "an IPv4 CIDR such as 10.0.0.0/16",
                found: '"198.51.100.0/33"',
            },
            {
                name: "an address without a prefix length in publicAccessCidrs",
                edit: (c) => (c.clusters[0].publicAccessCidrs = ["0.0.0.0"]),
                path: "fedfleet:clusters[0].publicAccessCidrs[0]",
                expected: "an IPv4 CIDR such as 10.0.0.0/16",
                found: '"0.0.0.0"',
            },
            {
                name: "a vpcCidr with an octet above 255",
                edit: (c) => (c.clusters[0].vpcCidr = "256.0.0.0/16"),
                path: "fedfleet:clusters[0].vpcCidr",
                expected: "an IPv4 CIDR such as 10.0.0.0/16",
                found: '"256.0.0.0/16"',
            },
            {
                name: "a word in a gcp cluster's authorizedCidrs, at its index",
                edit: (c) => (c.clusters[1].authorizedCidrs = ["10.0.0.0/8", "any"]),
                path: "fedfleet:clusters[1].authorizedCidrs[1]",
                expected: "an IPv4 CIDR such as 10.0.0.0/16",
                found: '"any"',
            },
            {
                name: "an IAM ARN with a short account id in adminPrincipalArns",
                edit: (c) => (c.clusters[0].adminPrincipalArns = ["arn:aws:iam::12345:role/admin"]),
                path: "fedfleet:clusters[0].adminPrincipalArns[0]",
                expected: "an IAM role or user ARN",
                found: '"arn:aws:iam::12345:role/admin"',
            },
            {
                name: "an IAM group ARN in adminPrincipalArns",
                edit: (c) => (c.clusters[0].adminPrincipalArns = ["arn:aws:iam::123456789012:group/admins"]),
                path: "fedfleet:clusters[0].adminPrincipalArns[0]",
                expected: "an IAM role or user ARN",
                found: '"arn:aws:iam::123456789012:group/admins"',
            },
            {
                name: "an environment outside dev/staging/prod",
                edit: (c) => (c.federation.environment = "production"),
                path: "fedfleet:federation.environment",
                expected: "one of dev, staging, prod",
                found: '"production"',
            },
            {
                name: "a logTypes entry outside its enum",
                edit: (c) => (c.clusters[0].logTypes = ["api", "Audit"]),
                path: "fedfleet:clusters[0].logTypes[1]",
                expected: "one of api, audit, authenticator, controllerManager, scheduler",
                found: '"Audit"',
            },
            {
                name: "a releaseChannel outside its enum",
                edit: (c) => (c.clusters[1].releaseChannel = "regular"),
                path: "fedfleet:clusters[1].releaseChannel",
                expected: "one of RAPID, REGULAR, STABLE",
                found: '"regular"',
            },
            {
                name: "a loadBalancerAddress outside its enum",
                edit: (c) => (c.clusters[2].loadBalancerAddress = "dns"),
                path: "fedfleet:clusters[2].loadBalancerAddress",
                expected: "one of ip, hostname, private",
                found: '"dns"',
            },
            {
                name: "a domain with capitals",
                edit: (c) => (c.federation.domain = "Fleet.Example.com"),
                path: "fedfleet:federation.domain",
                expected: "a DNS domain such as fleet.example.com",
                found: '"Fleet.Example.com"',
            },
            {
                name: "a bad GCP project id",
                edit: (c) => (c.clusters[1].project = "Acme"),
                path: "fedfleet:clusters[1].project",
                expected: "a Google Cloud project id",
                found: '"Acme"',
            },
            {
                name: "a zone that is not a string",
                edit: (c) => (c.clusters[0].zones = [1]),
                path: "fedfleet:clusters[0].zones[0]",
                expected: "a string",
                found: "1",
            },
            {
                name: "a label value that is not a string, at the label's key",
                edit: (c) => (c.clusters[0].labels = { tier: 3 }),
                path: "fedfleet:clusters[0].labels.tier",
                expected: "a string",
                found: "3",
            },
        ]);
    });

    describe("labels", () => {
        itRefusesEach([
            {
                name: "rejects a reserved user label key",
                edit: (c) => (c.clusters[0].labels = { tier: "general", region: "east" }),
                path: "fedfleet:clusters[0].labels.region",
                expected: "a label key other than cluster, cloud, region, env (fedfleet sets those)",
                found: '"region"',
            },
            ...RESERVED_CLUSTER_LABELS.flatMap((key) =>
                [0, 1, 2].map((index): Refusal => ({
                    name: `rejects reserved label "${key}" on clusters[${index}] (${goodConfig().clusters[index].cloud})`,
                    edit: (c) => (c.clusters[index].labels = { [key]: "x" }),
                    path: `fedfleet:clusters[${index}].labels.${key}`,
                    expected: /^a label key other than cluster, cloud, region, env/,
                    found: `"${key}"`,
                })),
            ),
        ]);
    });

    describe("secrets", () => {
        itRefusesEach([
            {
                name: "never echoes a kubeconfig given with the wrong type",
                edit: (c) => (c.clusters[2].kubeconfig = 987654321),
                path: "fedfleet:clusters[2].kubeconfig",
                expected: "a string",
                found: "[secret]",
                also: (error) => {
                    assert.ok(error.message.includes("[secret]"));
                    assert.ok(!error.message.includes("987654321"), error.message);
                },
            },
            {
                name: "never echoes a kubeconfig given as a map",
                edit: (c) => (c.clusters[2].kubeconfig = { apiVersion: "v1", token: "s3cr3t-t0ken" }),
                path: "fedfleet:clusters[2].kubeconfig",
                expected: "a string",
                found: "[secret]",
                also: (error) => assert.ok(!error.message.includes("s3cr3t")),
            },
            {
                name: "never echoes a kubeconfig given as an empty string",
                edit: (c) => (c.clusters[2].kubeconfig = ""),
                path: "fedfleet:clusters[2].kubeconfig",
                expected: "a non-empty string",
                found: "[secret]",
            },
        ]);

        const otherKeyWrong: [string, (c: Raw) => void][] = [
            [
                "cloud",
                (c) => {
                    c.clusters[2].cloud = "azure";
                },
            ],
            [
                "region",
                (c) => {
                    c.clusters[2].region = "Home Lab";
                },
            ],
            [
                "context",
                (c) => {
                    c.clusters[2].context = 7;
                },
            ],
        ];
        for (const [key, edit] of otherKeyWrong) {
            it(`does not echo the kubeconfig when the same cluster's ${key} is wrong`, () => {
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
            });
        }
    });

    describe("error order", () => {
        itRefusesEach([
            {
                name: "reports the first cluster's mistake before a later cluster's",
                edit: (c) => {
                    c.clusters[0].region = "us-east-9";
                    c.clusters[2].name = "aws-use1";
                },
                path: "fedfleet:clusters[0].region",
                expected: /^an AWS region/,
                found: '"us-east-9"',
            },
        ]);
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
    itRefusesEach([
        {
            name: "rejects a zone listed twice, so three copies of one zone do not pass as three zones",
            from: () => configWith({ ...awsCluster(), zones: ["us-east-1a", "us-east-1a", "us-east-1b"] }),
            path: "fedfleet:clusters[0].zones[1]",
            expected: "each zone listed once",
            found: '"us-east-1a" again',
        },
        {
            name: "rejects a label key that Kubernetes would refuse",
            from: () => configWith({ ...awsCluster(), labels: { "Not A Label!": "x" } }),
            path: "fedfleet:clusters[0].labels",
            expected: /^Kubernetes label keys/,
            found: '"Not A Label!"',
        },
        {
            name: "rejects a label value that Kubernetes would refuse, quoting the odd key in the path",
            from: () => configWith({ ...awsCluster(), labels: { "team.acme.io/owner": "hello world" } }),
            path: 'fedfleet:clusters[0].labels["team.acme.io/owner"]',
            expected: /^a Kubernetes label value/,
            found: '"hello world"',
        },
        // expectConfigError also checks the message stays on one line.
        {
            name: "rejects a label key with a line break, on one line",
            from: () => configWith({ ...awsCluster(), labels: { "a\nb": "x" } }),
            path: "fedfleet:clusters[0].labels",
            expected: /^Kubernetes label keys/,
            found: '"a\\nb"',
        },
    ]);
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
        const config = validateFleetConfig(
            withService({ readinessProbe: { httpGet: { path: "/ready", port: "http" } } }),
            STACK_FILE,
        );
        assert.deepEqual(config.services[0]!.containers[0]!.readinessProbe?.httpGet, { path: "/ready", port: "http" });
    });

    itRefusesEach([
        {
            name: "requires exactly one probe handler: none",
            from: () => withService({ readinessProbe: {} }),
            path: "fedfleet:services[0].containers[0].readinessProbe",
            expected: /exactly one of httpGet or tcpSocket/,
            found: "a map",
        },
        {
            name: "requires exactly one probe handler: not two",
            from: () =>
                withService({ readinessProbe: { httpGet: { path: "/", port: 8080 }, tcpSocket: { port: 8080 } } }),
            path: "fedfleet:services[0].containers[0].readinessProbe",
            expected: /exactly one of httpGet or tcpSocket/,
            found: "a map",
        },
        {
            name: "rejects a port name Kubernetes would not take",
            from: () => withService({ livenessProbe: { tcpSocket: { port: "8080" } } }),
            path: "fedfleet:services[0].containers[0].livenessProbe.tcpSocket.port",
            expected: /port name/,
            found: '"8080"',
        },
        {
            name: "rejects a port name no container port has",
            from: () => withService({ livenessProbe: { tcpSocket: { port: "nope" } } }),
            path: "fedfleet:services[0].containers[0].livenessProbe.tcpSocket.port",
            expected: /container "web"'s ports/,
            found: '"nope"',
        },
        {
            name: "rejects a Service targetPort that names no container port",
            from: () => withService({}, { ports: [{ name: "http", port: 80, targetPort: "metrics" }] }),
            path: "fedfleet:services[0].ports[0].targetPort",
            expected: "a port number or the name of a container port",
            found: '"metrics"',
        },
    ]);

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

    const scaled = { autoscaling: { maxReplicas: 4 } };
    itRefusesEach([
        {
            name: "needs every container's CPU request (or limit) for an HPA on CPU",
            from: () => withService({}, scaled),
            path: "fedfleet:services[0].containers[0].resources.requests.cpu",
            expected: /a CPU request for container "web"/,
            found: "none",
        },
        {
            name: "needs every container's CPU request for an HPA on CPU in each cluster's resource overrides",
            from: () =>
                withService(
                    { resources: { requests: { cpu: "100m" } } },
                    { ...scaled, overrides: { "aws-use1": { resources: { requests: { memory: "1Gi" } } } } },
                ),
            path: "fedfleet:services[0].overrides.aws-use1.resources.requests.cpu",
            expected: /these resources replace container "web"'s in aws-use1/,
            found: "none",
        },
        {
            name: "needs a network-policy-capable vpc-cni (v1.14 or later)",
            edit: (c) => (c.clusters[0].addonVersions = { "vpc-cni": "v1.13.4-eksbuild.1" }),
            path: "fedfleet:clusters[0].addonVersions.vpc-cni",
            expected: /vpc-cni v1\.14\.0 or later/,
            found: '"v1.13.4-eksbuild.1"',
        },
    ]);

    it("takes a CPU limit for an HPA on CPU where no request is given", () => {
        const config = validateFleetConfig(withService({ resources: { limits: { cpu: "1" } } }, scaled), STACK_FILE);
        assert.equal(config.services[0]!.autoscaling?.maxReplicas, 4);
        assert.equal(config.services[0]!.containers[0]!.resources?.limits?.cpu, "1");
    });
});

describe("validateFleetConfig: Google Cloud name lengths", () => {
    itRefusesEach([
        {
            name: "keeps GKE cluster names short enough for the nodes' service account id",
            from: () => configWith({ ...gcpCluster(), name: "gke-europe-west4-primary-a" }),
            path: "fedfleet:clusters[0].name",
            expected:
                "a Google Cloud cluster name of at most 24 characters (its nodes' service account id, <name>-nodes, is at most 30)",
            found: "26 characters",
        },
    ]);

    it("takes a 24-character GKE cluster name", () => {
        const config = validateFleetConfig(
            configWith({ ...gcpCluster(), name: "gke-europe-west4-primary" }),
            STACK_FILE,
        );
        assert.equal(config.clusters[0]!.name, "gke-europe-west4-primary");
    });
});

// GKE creates a cluster at min_master_version (terraform-provider-google sends it as
// initialClusterVersion) only if its channel still offers that minor; minors leave Rapid,
// Regular and Stable at the end of their standard support.
describe("validateFleetConfig: a GKE version pin its release channel still offers", () => {
    itRefusesEach([
        {
            name: "refuses 1.33 on STABLE, which the channel no longer offers new clusters",
            from: () => configWith({ ...gcpCluster(), releaseChannel: "STABLE", kubernetesVersion: "1.33" }),
            path: "fedfleet:clusters[0].kubernetesVersion",
            expected:
                "a minor the STABLE channel still offers new clusters (1.34 or later, per GKE's release notes as of 2026-11), or no pin, to take the channel's default",
            found: '"1.33"',
        },
    ]);

    it("takes a minor the channel offers, a newer one, or none", () => {
        for (const kubernetesVersion of ["1.34", "1.35", "1.40", undefined]) {
            const config = validateFleetConfig(
                configWith({ ...gcpCluster(), releaseChannel: "STABLE", kubernetesVersion }),
                STACK_FILE,
            );
            assert.equal(clusterOf(config, 0, "gcp").kubernetesVersion, kubernetesVersion);
        }
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

    // expectConfigError checks each message is one line; U+2028 is a line break to editors and some terminals.
    itRefusesEach([
        {
            name: "keeps a line break in a key out of the one-line message",
            edit: (c) => (c.federation["a\nb"] = 1),
            path: 'fedfleet:federation["a\\nb"]',
            expected: UNKNOWN_KEY_EXPECTED,
            found: 'unknown key "a\\nb"',
        },
        {
            name: "keeps U+2028 in a key out of the one-line message",
            edit: (c) => (c.federation["\u2028"] = 1),
            path: 'fedfleet:federation["\\u2028"]',
            expected: UNKNOWN_KEY_EXPECTED,
            found: 'unknown key "\\u2028"',
            also: (error) => assert.ok(!/[\u2028\u2029]/.test(error.message)),
        },
        // Messages that placement and DNS planning build quote the stack file too.
        {
            name: "keeps a carriage return in a placement preference's key out of the one-line message",
            from: () => ({
                ...goodConfig(),
                services: [service({ placement: { clusters: ["aws-use1"], preferences: { "x\ry": {} } } })],
            }),
            path: 'fedfleet:services[0].placement.preferences["x\\ry"]',
            expected: /^a cluster of this stack/,
            found: 'unknown cluster "x\\ry"',
        },
        {
            name: "keeps control characters in a DNS routing value out of the one-line message",
            from: () => withDns({ routing: "a\u0085b\u000bc" }),
            path: "fedfleet:dns.routing",
            expected: /^a route53 routing policy/,
            found: '"a\\u0085b\\u000bc"',
        },
    ]);

    describe('reports a "__proto__" key in a user map instead of silently dropping it', () => {
        const expected = 'a key other than "__proto__" (JavaScript objects cannot hold it)';
        // JSON.parse, like the YAML parser, makes "__proto__" an own key.
        itRefusesEach([
            {
                name: "in placement preferences",
                from: () => ({
                    ...goodConfig(),
                    services: [
                        service({
                            placement: {
                                clusters: ["aws-use1"],
                                preferences: JSON.parse('{"__proto__": {"weight": 5}}'),
                            },
                        }),
                    ],
                }),
                path: "fedfleet:services[0].placement.preferences.__proto__",
                expected: expected,
                found: '"__proto__"',
            },
            {
                name: "in a container's env",
                from: () => ({
                    ...goodConfig(),
                    services: [
                        service({
                            containers: [
                                {
                                    name: "web",
                                    image: "web:1",
                                    env: JSON.parse('{"LOG_LEVEL": "debug", "__proto__": "x"}'),
                                },
                            ],
                        }),
                    ],
                }),
                path: "fedfleet:services[0].containers[0].env.__proto__",
                expected: expected,
                found: '"__proto__"',
            },
            {
                name: "in a cluster's labels",
                edit: (c) => (c.clusters[1].labels = JSON.parse('{"__proto__": "x"}')),
                path: "fedfleet:clusters[1].labels.__proto__",
                expected: expected,
                found: '"__proto__"',
            },
            // In a fixed-shape map it is an unknown key like any other.
            {
                name: "in federation, a fixed-shape map: an unknown key",
                edit: (c) => {
                    c.federation = JSON.parse(
                        '{"name": "acme", "domain": "dev.fleet.acme-corp.com", "environment": "dev", "__proto__": {}}',
                    );
                },
                path: "fedfleet:federation.__proto__",
                expected: UNKNOWN_KEY_EXPECTED,
                found: 'unknown key "__proto__"',
            },
        ]);
    });

    itRefusesEach([
        {
            name: "says which rule a map key breaks, and shows the key",
            from: () => ({
                ...goodConfig(),
                services: [service({ containers: [{ name: "web", image: "web:1", env: { "1BAD": "x" } }] })],
            }),
            path: 'fedfleet:services[0].containers[0].env["1BAD"]',
            expected: "an environment variable name",
            found: '"1BAD"',
        },
    ]);

    describe("rejects an existing cluster's region that is not a DNS label, at the region rather than at a service's DNS names", () => {
        itRefusesEach(
            ["-lab", "lab-", "-"].flatMap((region): Refusal[] => [
                {
                    name: `${JSON.stringify(region)}`,
                    edit: (c) => (c.clusters[2].region = region),
                    path: "fedfleet:clusters[2].region",
                    expected: "a region label such as eu-central or home-lab",
                    found: JSON.stringify(region),
                },
                {
                    name: `${JSON.stringify(region)}, with a service placed on it under DNS`,
                    from: () => ({
                        ...withDns({}, [service({ placement: { clusters: ["lab"] } })]),
                        clusters: [awsCluster(), gcpCluster(), { ...existingCluster(), region }],
                    }),
                    path: "fedfleet:clusters[2].region",
                    expected: "a region label such as eu-central or home-lab",
                    found: JSON.stringify(region),
                },
            ]),
        );
    });

    describe("checks fedfleet:dns settings that no service uses: none in the stack, or each service overrides them", () => {
        const overriding = service({
            dns: { routing: "weighted", ttl: 60, healthCheck: { intervalSeconds: 30, failureThreshold: 2 } },
        });
        const stacks: [string, unknown[]][] = [
            ["no service", []],
            ["a service that overrides them", [overriding]],
        ];
        itRefusesEach([
            ...stacks.flatMap(([what, services]): Refusal[] => [
                {
                    name: `${what}: a routing policy Route53 lacks`,
                    from: () => withDns({ routing: "wrr" }, services),
                    path: "fedfleet:dns.routing",
                    expected: "a route53 routing policy (latency, weighted, geoproximity, failover)",
                    found: '"wrr"',
                },
                {
                    name: `${what}: a TTL below 5`,
                    from: () => withDns({ ttl: 1 }, services),
                    path: "fedfleet:dns.ttl",
                    expected: "a TTL from 5 to 3600 seconds",
                    found: "1",
                },
                {
                    name: `${what}: a fractional TTL`,
                    from: () => withDns({ ttl: 30.5 }, services),
                    path: "fedfleet:dns.ttl",
                    expected: "a TTL from 5 to 3600 seconds",
                    found: "30.5",
                },
                {
                    name: `${what}: a Route53 health-check interval other than 10 or 30`,
                    from: () => withDns({ healthCheck: { intervalSeconds: 15 } }, services),
                    path: "fedfleet:dns.healthCheck.intervalSeconds",
                    expected: /^10 or 30/,
                    found: "15",
                },
                {
                    name: `${what}: a failure threshold of 0`,
                    from: () => withDns({ healthCheck: { failureThreshold: 0 } }, services),
                    path: "fedfleet:dns.healthCheck.failureThreshold",
                    expected: "a whole number from 1 to 10",
                    found: "0",
                },
            ]),
            {
                name: "no service: a Cloud DNS health-check interval above 300",
                from: () => ({
                    ...withDns(
                        { provider: "clouddns", project: "acme-dns-zone", healthCheck: { intervalSeconds: 301 } },
                        [],
                    ),
                }),
                path: "fedfleet:dns.healthCheck.intervalSeconds",
                expected:
                    "a whole number of seconds from 30 to 300 (Cloud DNS health checks probe from source regions, which need at least 30)",
                found: "301",
            },
        ]);

        it("keeps valid shared settings with no service to use them valid", () => {
            const unused = validateFleetConfig(
                withDns(
                    { routing: "weighted", ttl: 60, healthCheck: { intervalSeconds: 30, failureThreshold: 2 } },
                    [],
                ),
                STACK_FILE,
            );
            assert.equal(unused.dns?.routing, "weighted");
            assert.equal(unused.dns?.ttl, 60);
            const overridden = validateFleetConfig(withDns({ routing: "latency" }, [overriding]), STACK_FILE);
            assert.equal(overridden.dns?.routing, "latency");
            assert.equal(overridden.services[0]!.dns?.routing, "weighted");
        });
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

    itRefusesEach([
        {
            name: "requires the cluster's admins, the deploying role among them",
            edit: (c) => (c.clusters[0].adminPrincipalArns = []),
            path: "fedfleet:clusters[0].adminPrincipalArns",
            expected:
                "at least the IAM role that runs pulumi up, here or as fedfleet:deployer.aws.deployRoleArn (fedfleet turns off EKS's implicit admin for the cluster's creator)",
            found: "an empty list",
        },
        {
            name: "requires each admin once",
            edit: (c) => (c.clusters[0].adminPrincipalArns = [ADMIN, ADMIN]),
            path: "fedfleet:clusters[0].adminPrincipalArns[1]",
            expected: "each principal once (EKS takes one access entry per principal)",
            found: `"${ADMIN}" again`,
        },
        {
            name: "refuses a zone EKS cannot put a control plane in",
            edit: (c) => (c.clusters[0].zones = ["use1-az1", "use1-az2", "use1-az3"]),
            path: "fedfleet:clusters[0].zones[2]",
            expected: /^a zone EKS can put a control plane in \(not use1-az3, usw1-az2, cac1-az3: EKS User Guide/,
            found: '"use1-az3"',
        },
        {
            name: "refuses zones that mix AZ IDs and names",
            edit: (c) => (c.clusters[0].zones = ["use1-az1", "us-east-1b", "use1-az4"]),
            path: "fedfleet:clusters[0].zones[1]",
            expected: /^an AZ ID of us-east-1 \(all zones by ID, or all by name\)/,
            found: '"us-east-1b"',
        },
        {
            name: "refuses an AZ ID of another region",
            edit: (c) => (c.clusters[0].zones = ["use1-az1", "use1-az2", "use2-az1"]),
            path: "fedfleet:clusters[0].zones[2]",
            expected: /^an AZ ID of us-east-1/,
            found: '"use2-az1"',
        },
        {
            name: "pins add-on versions per Kubernetes version: none for a version fedfleet has no pins for",
            edit: (c) => (c.clusters[0].kubernetesVersion = "1.36"),
            path: "fedfleet:clusters[0].addonVersions.vpc-cni",
            expected:
                /^a version of vpc-cni for Kubernetes 1\.36 \(fedfleet pins versions for 1\.31, 1\.32, 1\.33, 1\.34, 1\.35\)$/,
            found: "nothing",
        },
        {
            name: "refuses an add-on version override that is not an EKS add-on version",
            edit: (c) => (c.clusters[0].addonVersions = { coredns: "1.12.4" }),
            path: "fedfleet:clusters[0].addonVersions.coredns",
            expected: "an EKS add-on version such as v1.20.4-eksbuild.1",
            found: '"1.12.4"',
        },
        {
            name: "keeps EKS names within EKS's rule once the stack's name is part of them",
            edit: (c) => (c.clusters[0].name = "c".repeat(49)),
            path: "fedfleet:clusters[0].name",
            expected: "an AWS cluster name of at most 48 characters (its IAM role names are at most 64)",
            found: "49 characters",
        },
    ]);

    it("takes zones by AZ ID", () => {
        const ids = configWith({ ...awsCluster(), zones: ["use1-az1", "use1-az2", "use1-az4"] });
        assert.deepEqual(validateFleetConfig(ids, STACK_FILE).clusters[0]!.zones, ["use1-az1", "use1-az2", "use1-az4"]);
    });

    it("takes add-on version overrides for a Kubernetes version fedfleet has no pins for", () => {
        const raw = goodConfig();
        raw.clusters[0].kubernetesVersion = "1.36";
        raw.clusters[0].addonVersions = {
            "vpc-cni": "v1.22.1-eksbuild.2",
            "kube-proxy": "v1.36.0-eksbuild.14",
            coredns: "v1.14.3-eksbuild.3",
            "metrics-server": "v0.8.1-eksbuild.6",
        };
        assert.deepEqual(
            clusterOf(validateFleetConfig(raw, STACK_FILE), 0, "aws").addonVersions,
            raw.clusters[0].addonVersions,
        );
    });

    it("keeps EKS names free of the dots a Pulumi stack name may hold", () => {
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
