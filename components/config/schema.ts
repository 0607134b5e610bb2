// The shape of a fleet stack file's `fedfleet:` namespace, as one zod schema.
// Everything a stack can say is declared here, so the README's config reference, the
// validator and the TypeScript types all come from one place. Cross-field rules that
// need the whole document (duplicate names, regions that exist) live in validate.ts.
import { z } from "zod";

/** RFC 1123 label: what Kubernetes, DNS and most cloud resource names accept. */
export const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const IPV4_CIDR = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}\/(3[0-2]|[12]?\d)$/;
const DNS_DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const K8S_VERSION = /^1\.\d{2}$/;

const dnsLabel = z.string().regex(DNS_LABEL, "a DNS label (lower-case letters, digits and '-', at most 63 characters)");
const cidr = z.string().regex(IPV4_CIDR, "an IPv4 CIDR such as 10.0.0.0/16");
const count = z.number().int().min(0);
const userLabels = z.record(z.string(), z.string()).default({});

export const ENVIRONMENTS = ["dev", "staging", "prod"] as const;
export const CLOUDS = ["aws", "gcp", "existing"] as const;

export const federationSchema = z.strictObject({
    /** The federation's name, the `<federation>` label of every DNS name. */
    name: dnsLabel,
    /** The DNS domain federated service names live under. */
    domain: z.string().regex(DNS_DOMAIN, "a DNS domain such as fleet.example.com"),
    /** Which kind of environment this stack is; `prod` protects stateful resources. */
    environment: z.enum(ENVIRONMENTS),
});

const awsNodePoolSchema = z.strictObject({
    name: dnsLabel,
    instanceType: z.string().min(1).default("m6i.large"),
    minSize: count.default(1),
    maxSize: count.default(3),
    desiredSize: count.optional(),
    diskSizeGb: z.number().int().min(20).default(50),
    labels: userLabels,
});

const gcpNodePoolSchema = z.strictObject({
    name: dnsLabel,
    machineType: z.string().min(1).default("e2-standard-4"),
    /** Per zone, as GKE's autoscaler counts them. */
    minNodesPerZone: count.default(1),
    maxNodesPerZone: count.default(3),
    diskSizeGb: z.number().int().min(20).default(50),
    labels: userLabels,
});

const common = {
    name: dnsLabel,
    region: z.string().min(1),
    /** Defaults to the region's first three zones (aws, gcp); required for existing clusters. */
    zones: z.array(z.string().min(1)).min(1).optional(),
    /** User labels, merged over the cloud/region/env labels placement selects on. */
    labels: userLabels,
};

export const awsClusterSchema = z.strictObject({
    ...common,
    cloud: z.literal("aws"),
    kubernetesVersion: z.string().regex(K8S_VERSION, "a Kubernetes minor version such as \"1.33\"").default("1.33"),
    vpcCidr: cidr.default("10.0.0.0/16"),
    /** CIDRs that may reach the public API endpoint; empty means private endpoint only. */
    publicAccessCidrs: z.array(cidr).default([]),
    /** IAM principal ARNs granted cluster-admin through access entries. */
    adminPrincipalArns: z.array(z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/.+$/, "an IAM role or user ARN")).default([]),
    logTypes: z.array(z.enum(["api", "audit", "authenticator", "controllerManager", "scheduler"]))
        .default(["api", "audit", "authenticator"]),
    nodePools: z.array(awsNodePoolSchema).min(1),
});

export const gcpClusterSchema = z.strictObject({
    ...common,
    cloud: z.literal("gcp"),
    /** The Google Cloud project the cluster lives in. */
    project: z.string().regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, "a Google Cloud project id"),
    releaseChannel: z.enum(["RAPID", "REGULAR", "STABLE"]).default("REGULAR"),
    /** Optional floor for the control plane version; the release channel picks the rest. */
    kubernetesVersion: z.string().regex(K8S_VERSION, "a Kubernetes minor version such as \"1.33\"").optional(),
    nodeCidr: cidr.default("10.10.0.0/20"),
    podCidr: cidr.default("10.20.0.0/14"),
    serviceCidr: cidr.default("10.24.0.0/20"),
    masterCidr: cidr.default("172.16.0.0/28"),
    /** CIDRs allowed to reach the control plane (master authorized networks). */
    authorizedCidrs: z.array(cidr).default([]),
    nodePools: z.array(gcpNodePoolSchema).min(1),
});

export const existingClusterSchema = z.strictObject({
    ...common,
    cloud: z.literal("existing"),
    /** A kubeconfig document; keep it a secret (`pulumi config set --secret`). */
    kubeconfig: z.string().min(1),
    /** The kubeconfig context to use; its current context when omitted. */
    context: z.string().min(1).optional(),
    /** What a LoadBalancer Service gets in this cluster: MetalLB and most on-prem LBs give IPs. */
    loadBalancerAddress: z.enum(["ip", "hostname"]).default("ip"),
});

export const clusterSchema = z.discriminatedUnion("cloud", [awsClusterSchema, gcpClusterSchema, existingClusterSchema]);

/** The whole `fedfleet:` namespace of a stack file. Keys are the part after `fedfleet:`. */
export const fleetConfigSchema = z.strictObject({
    federation: federationSchema,
    clusters: z.array(clusterSchema).min(1),
});

export type FleetConfig = z.infer<typeof fleetConfigSchema>;
export type ClusterConfig = z.infer<typeof clusterSchema>;
export type AwsClusterConfig = z.infer<typeof awsClusterSchema>;
export type GcpClusterConfig = z.infer<typeof gcpClusterSchema>;
export type ExistingClusterConfig = z.infer<typeof existingClusterSchema>;
export type AwsNodePoolConfig = z.infer<typeof awsNodePoolSchema>;
export type GcpNodePoolConfig = z.infer<typeof gcpNodePoolSchema>;
export type Environment = (typeof ENVIRONMENTS)[number];
