// Each Google Cloud contract, broken on purpose in a copy of what staging registers (its GKE
// clusters and Cloud DNS): the contract, and no other, reports it. Several break exactly as
// the program did before the Google Cloud fixes: no APIs enabled, 10 s health checks with
// source regions, node pools without an initial size, a pod range with host bits.
import { gcpContracts, GCP_TYPES as G } from "../../../src/preview/contracts/gcp";
import type { RecordedResource, LooseInputs as Inputs } from "../../../src/preview/harness/recording-monitor";
import { itBreaksEachContract } from "./support";
import { type RegistrationsEdit } from "../../support/plan";

const inputs = (resource: RecordedResource) => resource.inputs as Inputs;

/** A crafted registration of a type staging does not make, beside the others. */
function add(resources: RecordedResource[], type: string, name: string, values: Inputs, provider?: string): void {
    resources.push({
        provider,
        urn: `urn:pulumi:staging::fedfleet::${type}::${name}`,
        type,
        name,
        custom: true,
        dependencies: [],
        protect: false,
        aliases: [],
        ignoreChanges: [],
        inputs: values,
    });
}

const BREAKS: Record<string, RegistrationsEdit> = {
    "gcp.provider.project": (_, find) => (inputs(find(G.provider, "acme-platform-dns-apis-gcp")).project = "Acme_DNS"),
    // What main registered: providers that wait for no API.
    "gcp.project.apis-first": (resources) => {
        const services = new Set(resources.filter((r) => r.type === G.service).map((r) => r.urn));
        for (const provider of resources.filter((r) => r.type === G.provider)) {
            provider.dependencies = provider.dependencies.filter((urn) => !services.has(urn));
        }
    },
    "gcp.project.service": (_, find) => (inputs(find(G.service)).disableOnDestroy = true),
    "gcp.compute.names": (_, find) => (inputs(find(G.network)).name = "1-vpc"),
    // What main registered in staging: a pod range with host bits set.
    "gcp.compute.subnetwork.ranges": (_, find) =>
        (inputs(find(G.subnetwork, "gke-euw4-net-nodes")).secondaryIpRanges[0].ipCidrRange = "10.54.0.0/14"),
    "gcp.compute.router-nat": (_, find) => (inputs(find(G.routerNat)).natIpAllocateOption = "AUTO"),
    // What main registered: a 10 s interval with source regions.
    "gcp.compute.health-check.source-regions": (_, find) => (inputs(find(G.healthCheck)).checkIntervalSec = 10),
    "gcp.iam.service-account.id": (_, find) => (inputs(find(G.account)).accountId = "nodes"),
    "gcp.iam.member": (_, find) => (inputs(find(G.projectMember)).member = "nodes@acme.iam.gserviceaccount.com"),
    "gcp.kms.names": (_, find) => (inputs(find(G.keyRing)).name = "gke keys"),
    "gcp.kms.rotation": (_, find) => (inputs(find(G.cryptoKey)).rotationPeriod = "3600s"),
    "gcp.container.cluster.name": (_, find) => (inputs(find(G.cluster)).name = "1-gke-usc1"),
    "gcp.container.cluster.ranges": (_, find) =>
        (inputs(find(G.cluster, "gke-usc1-gke")).ipAllocationPolicy.clusterSecondaryRangeName = "pod-range"),
    "gcp.container.cluster.default-pool": (_, find) => (inputs(find(G.cluster)).initialNodeCount = 0),
    // What main registered: autoscaled pools with no initial size start with no nodes.
    "gcp.container.node-pool.size": (_, find) => delete inputs(find(G.nodePool)).initialNodeCount,
    "gcp.dns.managed-zone": (resources) =>
        add(
            resources,
            G.managedZone,
            "dns-zone",
            { name: "1-staging-fleet", dnsName: "staging.fleet.acme-corp.com." },
            resources.find((r) => r.type === G.provider && r.name === "dns-gcp")!.urn,
        ),
    "gcp.dns.record-set": (resources) => {
        const set = resources.find((r) => r.type === G.recordSet && inputs(r).routingPolicy?.wrrs)!;
        delete inputs(set).routingPolicy.healthCheck;
        inputs(set).routingPolicy.wrrs[0].healthCheckedTargets = { externalEndpoints: ["81.2.69.160"] };
    },
    "gcp.network.subnet-in-vpc": (_, find) => (inputs(find(G.network)).autoCreateSubnetworks = true),
};

describe("Google Cloud provider contracts", () => {
    itBreaksEachContract(gcpContracts, "staging", BREAKS);
});
