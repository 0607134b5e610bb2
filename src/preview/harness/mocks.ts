// What the offline preview's fake clouds answer. Outputs are shaped like the real
// providers' (ids, ARNs, endpoints, CA data, load-balancer addresses) and derived from
// names only, so the same stack file always gives the same plan.
import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { specialSigKey, unknownValue } from "@pulumi/pulumi/runtime/rpc";
import type { ClusterConfig } from "../../plan/config/schema";
import { loadBalancerAddressKind } from "../../plan/clusters/facts";
import { isInternetAddress } from "../../plan/core/cidr";
import type { RecordedResource, LooseInputs as Inputs } from "./recording-monitor";
import { stripProviderId } from "./recording-monitor";
import { owningClusterOfRecord } from "./ownership";
import { NLB_HOSTED_ZONES } from "../contracts/aws-tables";
import { checkInvoke, ContractViolation } from "../contracts/contract";
import { invokeContracts } from "../contracts";
import { TIME_TYPES } from "../contracts/time";

/** The AWS account id in every mocked ARN. */
export const MOCK_AWS_ACCOUNT = "123456789012";

/** When every mocked resource that records its creation time was created. */
export const MOCK_CREATED_AT = "2026-01-01T00:00:00Z";

/** What the fake clouds consult: what was registered so far, and the stack's config. */
export interface MockContext {
    /** Receives the contracts an invoke breaks (the real provider would fail it). */
    onRefusal(violations: ContractViolation[]): void;
    lookup(urn: string | undefined): RecordedResource | undefined;
    /** Clusters of the stack being previewed, by name. */
    clusters: ReadonlyMap<string, ClusterConfig>;
    /** The DNS zone the stack names, which lookups by name find as existing. */
    dnsZoneName?: string;
}

function digest(seed: string, length: number): string {
    return createHash("sha256").update(seed).digest("hex").slice(0, length);
}

function ipFrom(seed: string, firstOctet: number): string {
    const bytes = createHash("sha256").update(seed).digest();
    return [firstOctet, bytes[0], bytes[1], 1 + (bytes[2] % 254)].join(".");
}

function base64(text: string): string {
    return Buffer.from(text).toString("base64");
}

/** A certificate-shaped blob, so kubeconfigs look like the real thing without any key material. */
function fakeCertificate(seed: string): string {
    return base64(`-----BEGIN CERTIFICATE-----\nMOCK${digest(seed, 48)}\n-----END CERTIFICATE-----\n`);
}

/**
 * The fake clouds: each resource's outputs shaped as its provider returns them, derived from
 * names only; invokes answered as the provider would, refused where its contracts say so.
 */
export class FleetMocks implements pulumi.runtime.Mocks {
    constructor(private readonly context: MockContext) {}

    /** The cluster a resource belongs to: the one its provider was registered under. */
    private clusterOf(providerRef: string | undefined): ClusterConfig | undefined {
        const provider = this.context.lookup(stripProviderId(providerRef ?? ""));
        const cluster = provider && owningClusterOfRecord(provider, this.context.lookup);
        return cluster && this.context.clusters.get(cluster.name);
    }

    newResource(args: pulumi.runtime.MockResourceArgs): { id: string; state: Record<string, unknown> } {
        const inputs = args.inputs as Inputs;
        const cluster = this.clusterOf(args.provider);
        const region = cluster?.region ?? "us-east-1";
        // A Google resource's project is its provider's, as with the real provider.
        const providerProject = this.context.lookup(stripProviderId(args.provider ?? ""))?.inputs.project;
        const project = typeof providerProject === "string" ? providerProject : "mock-project";
        const seed = `${args.type}/${args.name}`;
        const hex = (n: number) => digest(seed, n);
        const state = (id: string, extra: Record<string, unknown> = {}) => ({ id, state: { ...inputs, ...extra } });
        switch (args.type) {
            // AWS
            case "aws:ec2/vpc:Vpc":
                return state(`vpc-${hex(17)}`, { arn: `arn:aws:ec2:${region}:${MOCK_AWS_ACCOUNT}:vpc/vpc-${hex(17)}` });
            case "aws:ec2/subnet:Subnet":
                return state(`subnet-${hex(17)}`);
            case "aws:ec2/internetGateway:InternetGateway":
                return state(`igw-${hex(17)}`);
            case "aws:ec2/routeTable:RouteTable":
                return state(`rtb-${hex(17)}`);
            case "aws:ec2/routeTableAssociation:RouteTableAssociation":
                return state(`rtbassoc-${hex(17)}`);
            case "aws:ec2/eip:Eip":
                return state(`eipalloc-${hex(17)}`, { publicIp: ipFrom(seed, 3) });
            case "aws:ec2/natGateway:NatGateway":
                return state(`nat-${hex(17)}`);
            case "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule":
                return state(`sgr-${hex(17)}`, {
                    securityGroupRuleId: `sgr-${hex(17)}`,
                    arn: `arn:aws:ec2:${region}:${MOCK_AWS_ACCOUNT}:security-group-rule/sgr-${hex(17)}`,
                });
            case "aws:iam/role:Role": {
                const roleName = inputs.name ?? `${args.name}-${hex(7)}`;
                return state(roleName, { name: roleName, arn: `arn:aws:iam::${MOCK_AWS_ACCOUNT}:role/${roleName}` });
            }
            case "aws:iam/rolePolicyAttachment:RolePolicyAttachment":
                return state(`${inputs.role}-${hex(8)}`);
            case "aws:iam/openIdConnectProvider:OpenIdConnectProvider": {
                const arn = `arn:aws:iam::${MOCK_AWS_ACCOUNT}:oidc-provider/${String(inputs.url).replace(/^https:\/\//, "")}`;
                return state(arn, { arn });
            }
            case "aws:kms/key:Key": {
                const keyId = `${hex(8)}-${hex(12).slice(8)}-4${hex(15).slice(12)}-8${hex(18).slice(15)}-${hex(30).slice(18)}`;
                return state(keyId, { keyId, arn: `arn:aws:kms:${region}:${MOCK_AWS_ACCOUNT}:key/${keyId}` });
            }
            case "aws:kms/alias:Alias":
                return state(inputs.name, { arn: `arn:aws:kms:${region}:${MOCK_AWS_ACCOUNT}:${inputs.name}` });
            case "aws:eks/cluster:Cluster": {
                const id = hex(32).toUpperCase();
                return state(inputs.name, {
                    arn: `arn:aws:eks:${region}:${MOCK_AWS_ACCOUNT}:cluster/${inputs.name}`,
                    endpoint: `https://${id}.gr7.${region}.eks.amazonaws.com`,
                    certificateAuthority: { data: fakeCertificate(seed) },
                    identities: [{ oidcs: [{ issuer: `https://oidc.eks.${region}.amazonaws.com/id/${id}` }] }],
                    status: "ACTIVE",
                    platformVersion: "eks.1",
                    // The security group EKS creates for the control plane and nodes (@pulumi/aws
                    // types/output.d.ts, ClusterVpcConfig.clusterSecurityGroupId).
                    vpcConfig: { ...inputs.vpcConfig, clusterSecurityGroupId: `sg-${hex(17)}` },
                });
            }
            case "aws:eks/nodeGroup:NodeGroup": {
                // From a prefix the provider makes the name unique with 26 digits (terraform-plugin-sdk
                // helper/id PrefixedUniqueId: a timestamp and a counter); here digits from the name.
                const nodeGroupName =
                    inputs.nodeGroupName ??
                    `${inputs.nodeGroupNamePrefix ?? ""}${BigInt(`0x${hex(22)}`)
                        .toString()
                        .padStart(26, "0")
                        .slice(-26)}`;
                return state(`${inputs.clusterName}:${nodeGroupName}`, {
                    nodeGroupName,
                    arn: `arn:aws:eks:${region}:${MOCK_AWS_ACCOUNT}:nodegroup/${inputs.clusterName}/${nodeGroupName}/${hex(8)}`,
                    status: "ACTIVE",
                });
            }
            case "aws:eks/addon:Addon":
                return state(`${inputs.clusterName}:${inputs.addonName}`, {
                    arn: `arn:aws:eks:${region}:${MOCK_AWS_ACCOUNT}:addon/${inputs.clusterName}/${inputs.addonName}/${hex(8)}`,
                });
            case "aws:eks/accessEntry:AccessEntry":
                return state(`${inputs.clusterName}:${inputs.principalArn}`, {
                    accessEntryArn: `arn:aws:eks:${region}:${MOCK_AWS_ACCOUNT}:access-entry/${inputs.clusterName}/${hex(8)}`,
                });
            // Google Cloud
            case "gcp:compute/network:Network":
                return state(`projects/${project}/global/networks/${inputs.name}`, {
                    selfLink: `https://www.googleapis.com/compute/v1/projects/${project}/global/networks/${inputs.name}`,
                });
            case "gcp:compute/subnetwork:Subnetwork":
                return state(`projects/${project}/regions/${region}/subnetworks/${inputs.name}`);
            case "gcp:compute/router:Router":
                return state(`projects/${project}/regions/${region}/routers/${inputs.name}`);
            case "gcp:compute/routerNat:RouterNat":
                return state(`${project}/${region}/${inputs.router}/${inputs.name}`);
            case "gcp:serviceaccount/account:Account": {
                const email = `${inputs.accountId}@${project}.iam.gserviceaccount.com`;
                return state(`projects/${project}/serviceAccounts/${email}`, {
                    email,
                    name: `projects/${project}/serviceAccounts/${email}`,
                });
            }
            case "gcp:kms/keyRing:KeyRing":
                return state(`projects/${project}/locations/${inputs.location}/keyRings/${inputs.name}`);
            case "gcp:kms/cryptoKey:CryptoKey":
                return state(`${inputs.keyRing}/cryptoKeys/${inputs.name}`);
            case "gcp:container/cluster:Cluster": {
                // A private cluster's control plane has an address in its master range; `endpoint`
                // may still be the public one (terraform-google-kubernetes-engine #2070).
                const masterRange = String(inputs.privateClusterConfig?.masterIpv4CidrBlock ?? "172.16.0.0/28");
                const privateEndpoint = masterRange.replace(/\.(\d+)\/28$/, (_, last) => `.${Number(last) + 2}`);
                return state(`projects/${project}/locations/${inputs.location}/clusters/${inputs.name}`, {
                    endpoint: ipFrom(seed, 34),
                    privateClusterConfig: {
                        ...inputs.privateClusterConfig,
                        privateEndpoint,
                        publicEndpoint: ipFrom(seed, 34),
                    },
                    masterAuth: { clusterCaCertificate: fakeCertificate(seed) },
                    // The DNS-based endpoint is always present, `<uid>.<location>.gke.goog` (GKE API,
                    // ControlPlaneEndpointsConfig.DNSEndpointConfig.endpoint); the cluster's setting is kept.
                    controlPlaneEndpointsConfig: {
                        ipEndpointsConfig: { enabled: true },
                        ...inputs.controlPlaneEndpointsConfig,
                        dnsEndpointConfig: {
                            allowExternalTraffic: false,
                            ...inputs.controlPlaneEndpointsConfig?.dnsEndpointConfig,
                            endpoint: `${hex(32)}.${inputs.location}.gke.goog`,
                        },
                    },
                    selfLink: `https://container.googleapis.com/v1/projects/${project}/locations/${inputs.location}/clusters/${inputs.name}`,
                });
            }
            case "gcp:container/nodePool:NodePool": {
                // The provider's id: projects/{project}/locations/{location}/clusters/{cluster}/nodePools/{name}.
                const clusterName = String(inputs.cluster).split("/").pop();
                return state(
                    `projects/${project}/locations/${inputs.location}/clusters/${clusterName}/nodePools/${inputs.name}`,
                );
            }
            case "gcp:projects/service:Service":
                return state(`${inputs.project}/${inputs.service}`);
            // Its id (terraform-provider-google-beta resource_project_service_identity.go); the API
            // may not return the agent's email, so none is made up.
            case "gcp:projects/serviceIdentity:ServiceIdentity":
                return state(`projects/${inputs.project ?? project}/services/${inputs.service}`);
            case "random:index/randomId:RandomId": {
                const bytes = createHash("sha256").update(seed).digest().subarray(0, Number(inputs.byteLength));
                return state(bytes.toString("base64url"), {
                    hex: bytes.toString("hex"),
                    b64Url: bytes.toString("base64url"),
                    b64Std: bytes.toString("base64"),
                    dec: BigInt(`0x${bytes.toString("hex")}`).toString(),
                });
            }
            // DNS
            case "aws:route53/zone:Zone": {
                const zoneId = `Z${hex(20).toUpperCase()}`;
                // Route 53 gives four name servers, one in each of .com, .net, .org and .co.uk,
                // named ns-<number>.awsdns-<two digits> (Route 53 Developer Guide, SOA and NS records).
                const n = parseInt(hex(4), 16);
                const nameServers = ["com", "net", "org", "co.uk"].map(
                    (tld, i) =>
                        `ns-${(n + i * 517) % 2048}.awsdns-${String((n + i * 13) % 64).padStart(2, "0")}.${tld}`,
                );
                return state(zoneId, { zoneId, nameServers: [...nameServers].sort() });
            }
            case "aws:route53/healthCheck:HealthCheck": {
                const id = `${hex(8)}-${hex(12).slice(8)}-${hex(16).slice(12)}-${hex(20).slice(16)}-${hex(32).slice(20)}`;
                return state(id, { arn: `arn:aws:route53:::healthcheck/${id}` });
            }
            case "aws:route53/record:Record":
                return state(`${inputs.zoneId}_${inputs.name}_${inputs.type}_${inputs.setIdentifier ?? ""}`, {
                    fqdn: inputs.name,
                });
            case "gcp:dns/managedZone:ManagedZone":
                return state(`projects/${project}/managedZones/${inputs.name}`, {
                    nameServers: [1, 2, 3, 4].map((n) => `ns-cloud-a${n}.googledomains.com.`),
                });
            case "gcp:compute/healthCheck:HealthCheck":
                return state(`projects/${project}/global/healthChecks/${inputs.name}`, {
                    selfLink: `https://www.googleapis.com/compute/v1/projects/${project}/global/healthChecks/${inputs.name}`,
                });
            case "gcp:dns/recordSet:RecordSet":
                return state(
                    `projects/${project}/managedZones/${inputs.managedZone}/rrsets/${inputs.name}/${inputs.type}`,
                );
            // @pulumiverse/time: the id is the RFC 3339 time the Sleep was created at
            // (terraform-provider-time resource_time_sleep.go); one fixed time keeps plans byte-identical.
            case TIME_TYPES.sleep:
                return state(MOCK_CREATED_AT);
            // Kubernetes
            case "kubernetes:core/v1:Service":
                return state(this.k8sId(inputs), { status: this.serviceStatus(inputs, cluster, seed) });
            default:
                if (args.type.startsWith("kubernetes:")) return state(this.k8sId(inputs));
                return state(`${args.name}-${hex(8)}`);
        }
    }

    private k8sId(inputs: Inputs): string {
        const meta = inputs.metadata ?? {};
        return meta.namespace ? `${meta.namespace}/${meta.name}` : String(meta.name);
    }

    /**
     * A LoadBalancer Service's address. On EKS, the built-in service controller's NLB: named
     * "a" and the Service UID's hex cut to 32 characters (kubernetes/cloud-provider cloud.go,
     * DefaultLoadBalancerName), with the DNS name ELBv2 gives an NLB, `<name>-<16 hex>.elb.
     * <region>.amazonaws.com` (aws-cli examples/elbv2/create-load-balancer). On GKE an IP;
     * on existing clusters what their config declares (a private IP for `private`).
     */
    private serviceStatus(inputs: Inputs, cluster: ClusterConfig | undefined, seed: string): unknown {
        if (inputs.spec?.type !== "LoadBalancer" || !cluster) return { loadBalancer: {} };
        const kind = loadBalancerAddressKind(cluster);
        // A lab's pool of private addresses, as MetalLB hands them out.
        if (kind === "private") return { loadBalancer: { ingress: [{ ip: ipFrom(seed, 10) }] } };
        if (kind === "ip") {
            // An existing cluster that says its addresses are public gets one the internet reaches.
            const ip = cluster.cloud === "gcp" ? ipFrom(seed, 35) : ipFrom(seed, 192);
            return { loadBalancer: { ingress: [{ ip: isInternetAddress(ip) ? ip : ipFrom(seed, 81) }] } };
        }
        if (cluster.cloud === "aws") {
            const name = `a${digest(`uid/${seed}`, 31)}`;
            return {
                loadBalancer: {
                    ingress: [{ hostname: `${name}-${digest(seed, 16)}.elb.${cluster.region}.amazonaws.com` }],
                },
            };
        }
        return { loadBalancer: { ingress: [{ hostname: `lb-${digest(seed, 10)}.${cluster.name}.example.internal` }] } };
    }

    call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
        const inputs = args.inputs as Inputs;
        const refused = checkInvoke(args.token, inputs, invokeContracts);
        if (refused.length > 0) {
            // The provider fails the invoke; the preview records why and goes on, so that one
            // run reports every broken contract. Nothing is made up in its place.
            this.context.onRefusal(refused);
            return {};
        }
        switch (args.token) {
            case "gcp:organizations/getProject:getProject": {
                const number = String(parseInt(digest(`project/${inputs.projectId}`, 10), 16))
                    .padStart(12, "1")
                    .slice(0, 12);
                return {
                    id: `projects/${inputs.projectId}`,
                    projectId: inputs.projectId,
                    number,
                    name: inputs.projectId,
                };
            }
            case "aws:lb/getHostedZoneId:getHostedZoneId": {
                const region = String(inputs.region);
                return { id: NLB_HOSTED_ZONES[region], region, loadBalancerType: inputs.loadBalancerType };
            }
            case "aws:route53/getZone:getZone":
                return {
                    id: `Z${digest(`zone/${inputs.name}`, 20).toUpperCase()}`,
                    zoneId: `Z${digest(`zone/${inputs.name}`, 20).toUpperCase()}`,
                    name: inputs.name,
                    privateZone: false,
                    arn: "",
                };
            case "gcp:dns/getManagedZones:getManagedZones": {
                // The project's zones: the one the stack names, public, as an existing zone would be;
                // and, listed first, a private zone of the same name, as split-horizon DNS has it.
                const dnsConfig = this.context.dnsZoneName;
                const zones = dnsConfig
                    ? [
                          {
                              name: `${dnsConfig.replace(/\./g, "-")}-internal`,
                              dnsName: `${dnsConfig}.`,
                              project: inputs.project,
                              visibility: "private",
                          },
                          {
                              name: dnsConfig.replace(/\./g, "-"),
                              dnsName: `${dnsConfig}.`,
                              project: inputs.project,
                              visibility: "public",
                          },
                      ]
                    : [];
                return { id: `projects/${inputs.project}`, project: inputs.project, managedZones: zones };
            }
            default:
                // Answering with the inputs would hand the program wrong data without a word.
                throw new Error(
                    `offline preview: no mock answer for invoke ${args.token}; add one in src/preview/harness/mocks.ts`,
                );
        }
    }
}

/** A plain object of values, not a secret, resource reference or asset the SDK wraps in one. */
function isPlainRecord(value: unknown): value is Record<string, unknown> {
    return (
        value !== null &&
        typeof value === "object" &&
        Object.getPrototypeOf(value) === Object.prototype &&
        !(specialSigKey in value)
    );
}

/**
 * A new resource's state as a provider previews its creation: what the inputs give, and every
 * other value of the full state (what the cloud computes: ids, ARNs, addresses) unknown.
 */
export function previewedState(inputs: unknown, state: unknown): unknown {
    if (inputs === undefined) return unknownValue;
    if (!isPlainRecord(inputs) || !isPlainRecord(state)) return inputs;
    const out: Record<string, unknown> = { ...inputs };
    for (const key of Object.keys(state)) out[key] = previewedState(inputs[key], state[key]);
    return out;
}

/**
 * The fake clouds as the first `pulumi preview` of a new stack meets them: nothing exists yet,
 * so a new resource's id and every output its inputs do not give are unknown. Reads and imports
 * (a registration with an id) find what exists and answer in full; invokes run in previews too.
 */
export class FirstPreviewMocks implements pulumi.runtime.Mocks {
    constructor(private readonly clouds: pulumi.runtime.Mocks) {}

    async newResource(args: pulumi.runtime.MockResourceArgs): Promise<{ id: string; state: Record<string, unknown> }> {
        const full = await this.clouds.newResource(args);
        if (args.id) return { id: full.id ?? "", state: full.state };
        // An empty id is an unknown one in a preview (the SDK resolves it unknown).
        return { id: "", state: previewedState(args.inputs, full.state) as Record<string, unknown> };
    }

    call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> | Promise<Record<string, unknown>> {
        return this.clouds.call(args);
    }
}
