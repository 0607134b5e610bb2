// Contracts of the order Google Cloud needs between what fedfleet makes, and of names and
// addresses the Google APIs take only once: a grant to the GKE service agent before the agent
// exists, a LoadBalancer Service left behind its cluster on destroy, two health checks with one
// name, a health-checked address the internet cannot reach.
import { isInternetAddress } from "../../plan/core/cidr";
import { GKE_SERVICE_AGENT_API, GKE_SERVICE_AGENT_DOMAIN } from "../../plan/clusters/gcp/node-service-account";
import type { RecordedResource, LooseInputs as Inputs } from "../harness/recording-monitor";
import { lookupIn, owningClusterOfRecord } from "../harness/ownership";
import { ContractContext, Finding, ResourceContract, shown } from "./contract";
import { GCP_TYPES as G } from "./gcp";

const inputsOf = (resource: RecordedResource): Inputs => resource.inputs as Inputs;

/**
 * Everything a resource waits for before it is created (and outlives it on delete): its
 * dependencies and its provider's, transitively, as the engine orders them.
 */
function waitsFor(resource: RecordedResource, context: ContractContext): Set<string> {
    const seen = new Set<string>();
    const next = (r: RecordedResource) => [...r.dependencies, ...(r.provider ? [r.provider] : [])];
    const queue = next(resource);
    while (queue.length > 0) {
        const urn = queue.pop()!;
        if (seen.has(urn)) continue;
        seen.add(urn);
        const found = context.byUrn.get(urn);
        if (found) queue.push(...next(found));
    }
    return seen;
}

/** The project a Google resource lands in: its own, else its provider's. */
function projectOf(resource: RecordedResource, context: ContractContext): string {
    return String(inputsOf(resource).project ?? context.providerInputs(resource).project ?? "");
}

/** The public addresses a record set's routing policy health-checks, with where each is. */
function checkedAddresses(policy: Inputs | undefined): { field: string; address: unknown }[] {
    if (!policy) return [];
    const out: { field: string; address: unknown }[] = [];
    const of = (items: Inputs[] | undefined, at: string) =>
        (items ?? []).forEach((item, i) =>
            ((item.healthCheckedTargets?.externalEndpoints ?? []) as unknown[]).forEach((address, j) =>
                out.push({ field: `${at}[${i}].healthCheckedTargets.externalEndpoints[${j}]`, address }),
            ),
        );
    of(policy.wrrs, "routingPolicy.wrrs");
    of(policy.geos, "routingPolicy.geos");
    of(policy.primaryBackup?.backupGeos, "routingPolicy.primaryBackup.backupGeos");
    ((policy.primaryBackup?.primary?.externalEndpoints ?? []) as unknown[]).forEach((address, j) =>
        out.push({ field: `routingPolicy.primaryBackup.primary.externalEndpoints[${j}]`, address }),
    );
    return out;
}

/** Google Cloud contracts on order across resources, unique names and reachable addresses. */
export const gcpGkeContracts: ResourceContract[] = [
    {
        id: "gcp.kms.gke-agent-after-identity",
        types: [G.cryptoKeyMember],
        rule: `a grant to the GKE service agent made after the agent exists: it waits for the ServiceIdentity of ${GKE_SERVICE_AGENT_API} in its project`,
        source: "Google Cloud IAM docs, Create and grant roles to service agents (no role can be granted to an agent not yet created); terraform-provider-google tpgiamresource/iam.go (400 'does not exist' is not retried); @pulumi/gcp projects/serviceIdentity.d.ts",
        check: (r, context) => {
            const member = String(inputsOf(r).member ?? "");
            if (!member.endsWith(`@${GKE_SERVICE_AGENT_DOMAIN}`)) return [];
            const project = projectOf(r, context);
            const waited = [...waitsFor(r, context)]
                .map((urn) => context.byUrn.get(urn))
                .some(
                    (d) =>
                        d?.type === G.serviceIdentity &&
                        inputsOf(d).service === GKE_SERVICE_AGENT_API &&
                        projectOf(d, context) === project,
                );
            return waited
                ? []
                : [
                      {
                          field: "member",
                          found: `the GKE agent, granted before any ServiceIdentity of ${GKE_SERVICE_AGENT_API}`,
                      },
                  ];
        },
    },
    {
        id: "gcp.k8s.load-balancer-before-cluster",
        types: ["kubernetes:core/v1:Service"],
        rule: "a LoadBalancer Service in a GKE cluster deleted before its cluster and network: it waits for both (so a destroy deletes it first and waits for its finalizer)",
        source: "GKE docs, Deleting a cluster (delete Services of type LoadBalancer before the cluster; leftover k8s-* firewall rules keep the network from being deleted); Kubernetes finalizer service.kubernetes.io/load-balancer-cleanup; pulumi-kubernetes await.Deletion (waits until the object is gone)",
        check: (r, context) => {
            if (inputsOf(r).spec?.type !== "LoadBalancer") return [];
            const lookup = lookupIn(context.byUrn);
            const owner = owningClusterOfRecord(r, lookup);
            if (owner?.type !== "fedfleet:cluster:GkeCluster") return [];
            const gke = context.resources.find((c) => c.type === G.cluster && c.parent === owner.urn);
            if (!gke) return [];
            const network = gke.dependencies.map((urn) => context.byUrn.get(urn)).find((d) => d?.type === G.network);
            const waited = waitsFor(r, context);
            const missing = [gke, network].filter((d): d is RecordedResource => d !== undefined && !waited.has(d.urn));
            return missing.length === 0
                ? []
                : [
                      {
                          field: "provider",
                          found: `a Service that does not wait for ${missing.map((d) => d.name).join(", ")}`,
                      },
                  ];
        },
    },
    {
        id: "gcp.compute.health-check.unique-name",
        types: [G.healthCheck],
        rule: "a name no other health check of its project has (health checks are global to a project; a second create is refused with 409 alreadyExists)",
        source: "Compute API HealthChecks (projects/<project>/global/healthChecks/<name>); terraform-provider-google resource_compute_health_check.go (id format)",
        check: (r, context) => {
            const name = inputsOf(r).name;
            const project = projectOf(r, context);
            const twins = context.resources.filter(
                (other) =>
                    other !== r &&
                    other.type === G.healthCheck &&
                    inputsOf(other).name === name &&
                    projectOf(other, context) === project,
            );
            return twins.length === 0 ? [] : [{ field: "name", found: `${shown(name)}, also ${twins[0].name}'s` }];
        },
    },
    {
        id: "gcp.dns.record-set.internet-targets",
        types: [G.recordSet],
        rule: "health-checked targets that are internet addresses (Google's checkers probe them from the internet; a private one never turns healthy and a public zone must not publish it)",
        source: 'Cloud DNS v1 API RRSetRoutingPolicyHealthCheckTargets.externalEndpoints ("The Internet IP addresses to be health checked"); Google Cloud blog, Cloud DNS public IP health checks (2025)',
        check: (r) =>
            checkedAddresses(inputsOf(r).routingPolicy as Inputs | undefined)
                .filter(({ address }) => typeof address === "string" && !isInternetAddress(address))
                .map(({ field, address }): Finding => ({ field, found: shown(address) })),
    },
];
