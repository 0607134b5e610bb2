// The shape of a fleet stack file's `fedfleet:` namespace, as one zod schema.
// Everything a stack can say is declared here: the validator and the TypeScript types
// (config and input) come from it, and test/plan/config/reference.test.ts checks
// that the config reference (docs/config-reference.md) lists exactly its keys. Cross-field rules that need
// the whole document (duplicate names, regions that exist) live in validate.ts.
import { z } from "zod";
import { parseCidr } from "../core/cidr";
import { isNegative, parseQuantity, QUANTITY_SYNTAX } from "../workloads/quantity";

/** RFC 1123 label: what Kubernetes, DNS and most cloud resource names accept. */
export const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const DNS_DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const K8S_VERSION = /^1\.\d{2}$/;
/** An EKS add-on version: "v", a semantic version, then EKS's build (terraform-provider-aws eks/addon.go). */
const addonVersion = z
    .string()
    .regex(/^v\d+\.\d+\.\d+(-eksbuild\.\d+)?$/, "an EKS add-on version such as v1.20.4-eksbuild.1");

const dnsLabel = z.string().regex(DNS_LABEL, "a DNS label (lower-case letters, digits and '-', at most 63 characters)");
/**
 * RFC 1035 label: an RFC 1123 label that starts with a letter. Kubernetes names Services so
 * (k/k pkg/apis/core/validation ValidateServiceName = NameIsDNS1035Label), and every object of a
 * service carries its name.
 */
export const DNS_1035_LABEL = /^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/;
/** An IPv4 range in CIDR notation, read by ipaddr.js; canonical form is checked in validate.ts, naming the network. */
const cidr = z.string().refine((text) => parseCidr(text)?.family === "ipv4", "an IPv4 CIDR such as 10.0.0.0/16");
const count = z.number().int().min(0);
/**
 * The largest value of an int32 field of the Kubernetes API (Go's math.MaxInt32): probe seconds and
 * thresholds are int32 in k8s.io/api core/v1 types.go, and user ids at most this (apimachinery
 * pkg/util/validation IsValidUserID: maxUserID = math.MaxInt32).
 */
export const INT32_MAX = 2_147_483_647;
const port = z.number().int().min(1).max(65535);
const userLabels = z.record(z.string(), z.string()).default({});
/** An IAM role or user, as EKS access entries name principals (terraform-provider-aws eks/access_entry.go). */
const iamPrincipalArn = z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/.+$/, "an IAM role or user ARN");

/** The kinds of environment a stack can be; `prod` protects stateful resources. */
export const ENVIRONMENTS = ["dev", "staging", "prod"] as const;
/** The values a cluster entry's `cloud` may take: which cloud builds it, or `existing` for one already running. */
export const CLOUDS = ["aws", "gcp", "existing"] as const;

/** `fedfleet:federation`: what the fleet is called, its DNS domain and its environment. */
export const federationSchema = z.strictObject({
    /** The federation's name, the `<federation>` label of every DNS name. */
    name: dnsLabel,
    /** The DNS domain federated service names live under. */
    domain: z.string().regex(DNS_DOMAIN, "a DNS domain such as fleet.example.com"),
    /** Which kind of environment this stack is; `prod` protects stateful resources. */
    environment: z.enum(ENVIRONMENTS),
});

/**
 * An EC2 instance type, `<family>.<size>` (the family is everything before the period: EC2 API,
 * PerformanceFactorReference.InstanceFamily).
 */
const ec2InstanceType = z
    .string()
    .regex(/^[a-z][a-z0-9-]*\.[a-z0-9-]+$/, "an EC2 instance type such as m6i.large (<family>.<size>)");

const awsNodePoolSchema = z.strictObject({
    name: dnsLabel,
    /**
     * One EC2 instance type, or a list the node group launches in order of preference (EKS User
     * Guide, managed node groups: On-Demand capacity is filled in the order given). All of one
     * architecture: a node group has one AMI type.
     */
    instanceType: z.union([ec2InstanceType, z.array(ec2InstanceType).min(1)]).default("m6i.large"),
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
    /**
     * The cluster leaves every DNS record set (its workloads keep running with their shares):
     * the first step of taking it out of the fleet (docs/day-2.md).
     */
    draining: z.boolean().default(false),
    region: z.string().min(1),
    /**
     * Defaults to three of the region's zones (gcp: its first three; aws: see defaultEksZones, AZ
     * IDs where EKS refuses one, two in us-west-1); required for existing clusters.
     */
    zones: z.array(z.string().min(1)).min(1).optional(),
    /** User labels, merged over the cloud/region/env labels placement selects on. */
    labels: userLabels,
};

/** A `cloud: aws` cluster entry: an EKS cluster in its own VPC. */
export const awsClusterSchema = z.strictObject({
    ...common,
    cloud: z.literal("aws"),
    kubernetesVersion: z.string().regex(K8S_VERSION, 'a Kubernetes minor version such as "1.35"').default("1.35"),
    vpcCidr: cidr.default("10.0.0.0/16"),
    /** CIDRs that may reach the public API endpoint; empty means private endpoint only. */
    publicAccessCidrs: z.array(cidr).default([]),
    /** IAM principal ARNs granted cluster-admin through access entries. */
    adminPrincipalArns: z.array(iamPrincipalArn).default([]),
    /** Add-on versions over those fedfleet pins for the Kubernetes version (addon-versions.ts). */
    addonVersions: z
        .strictObject({
            "vpc-cni": addonVersion.optional(),
            "kube-proxy": addonVersion.optional(),
            coredns: addonVersion.optional(),
            "metrics-server": addonVersion.optional(),
        })
        .default({}),
    logTypes: z
        .array(z.enum(["api", "audit", "authenticator", "controllerManager", "scheduler"]))
        .default(["api", "audit", "authenticator"]),
    nodePools: z.array(awsNodePoolSchema).min(1),
});

/** A `cloud: gcp` cluster entry: a regional GKE cluster in its own VPC-native network. */
export const gcpClusterSchema = z.strictObject({
    ...common,
    cloud: z.literal("gcp"),
    /** The Google Cloud project the cluster lives in. */
    project: z.string().regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, "a Google Cloud project id"),
    releaseChannel: z.enum(["RAPID", "REGULAR", "STABLE"]).default("REGULAR"),
    /** Optional floor for the control plane version; the release channel picks the rest. */
    kubernetesVersion: z.string().regex(K8S_VERSION, 'a Kubernetes minor version such as "1.35"').optional(),
    nodeCidr: cidr.default("10.10.0.0/20"),
    podCidr: cidr.default("10.20.0.0/14"),
    serviceCidr: cidr.default("10.24.0.0/20"),
    masterCidr: cidr.default("172.16.0.0/28"),
    /** CIDRs allowed to reach the control plane (master authorized networks). */
    authorizedCidrs: z.array(cidr).default([]),
    nodePools: z.array(gcpNodePoolSchema).min(1),
});

/** A `cloud: existing` cluster entry: a cluster fedfleet does not build, reached through a kubeconfig. */
export const existingClusterSchema = z.strictObject({
    ...common,
    cloud: z.literal("existing"),
    /** A kubeconfig document; keep it a secret (`pulumi config set --secret`). */
    kubeconfig: z.string().min(1),
    /** The kubeconfig context to use; its current context when omitted. */
    context: z.string().min(1).optional(),
    /**
     * What a LoadBalancer Service gets in this cluster: MetalLB and most on-prem LBs give IPs.
     * `private`: addresses only private networks reach (a lab's pool of 10.x addresses): its
     * services run, but global DNS never points at it (public zones, health checks from the internet).
     */
    loadBalancerAddress: z.enum(["ip", "hostname", "private"]).default("ip"),
    /**
     * The Service annotations that make this cluster's load balancer internal (its controller's
     * own, such as a MetalLB address pool of private addresses); `exposure: internal` needs them.
     */
    internalServiceAnnotations: z.record(z.string(), z.string()).optional(),
    /** Where the cluster is, for latency, geoproximity and geo DNS routing. */
    coordinates: z
        .strictObject({ latitude: z.number().min(-90).max(90), longitude: z.number().min(-180).max(180) })
        .optional(),
});

/** One entry of `fedfleet:clusters`, told apart by its `cloud`. */
export const clusterSchema = z.discriminatedUnion("cloud", [awsClusterSchema, gcpClusterSchema, existingClusterSchema]);

// --- Global DNS ----------------------------------------------------------------------

/** Route53 routing policies `routing` may name when `fedfleet:dns.provider` is `route53`. */
export const ROUTE53_POLICIES = ["latency", "weighted", "geoproximity", "failover"] as const;
/** Cloud DNS routing policies `routing` may name when `fedfleet:dns.provider` is `clouddns`. */
export const CLOUDDNS_POLICIES = ["wrr", "geo", "primaryBackup"] as const;
/** The TTLs, in seconds, a DNS record may have. */
export const TTL_RANGE = { min: 5, max: 3600 } as const;

const healthCheckSchema = z.strictObject({
    protocol: z.enum(["HTTP", "HTTPS", "TCP"]).optional(),
    /** Defaults to the first container's readiness probe path, or "/". */
    path: z.string().startsWith("/", "a path starting with /").optional(),
    /** Defaults to the Service's first port. */
    port: port.optional(),
    /** Route53 offers 10 ("fast") and 30 seconds. */
    intervalSeconds: z.number().optional(),
    failureThreshold: z.number().optional(),
});

const dnsSettingsSchema = {
    ttl: z.number().optional(),
    routing: z.string().optional(),
    healthCheck: healthCheckSchema.optional(),
    /** For failover (Route53) and primaryBackup (Cloud DNS): clusters by name. */
    failover: z.strictObject({ primary: dnsLabel.optional(), secondary: dnsLabel.optional() }).optional(),
};

/**
 * `fedfleet:dns`: the DNS provider, its zone, and the settings services share. `ttl`, `routing` and
 * the health check are checked against the provider by the DNS planner, not here.
 */
export const dnsSchema = z.strictObject({
    provider: z.enum(["route53", "clouddns"]),
    zone: z.strictObject({
        /** The zone's DNS name; the federation domain must lie inside it. */
        name: z.string().regex(DNS_DOMAIN, "a DNS domain such as fleet.example.com"),
        /** An existing zone's id (Route53 hosted zone id, Cloud DNS managed zone name). */
        id: z.string().min(1).optional(),
        /** Create the zone; protected in prod. Without id or create, the zone is looked up by name. */
        create: z.boolean().default(false),
        /** With create: the parent zone fedfleet writes the delegation (NS records) into. */
        parent: z
            .strictObject({
                /** The parent zone's id: a Route53 hosted zone id, or a Cloud DNS managed zone name. */
                id: z.string().min(1),
                /** Cloud DNS: the parent zone's project, when not the zone's own. */
                project: z
                    .string()
                    .regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, "a Google Cloud project id")
                    .optional(),
            })
            .optional(),
    }),
    /** Cloud DNS: the project the zone and health checks live in. */
    project: z
        .string()
        .regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, "a Google Cloud project id")
        .optional(),
    ...dnsSettingsSchema,
});

/** A service's own `dns`: the shared DNS settings it overrides for its records. */
export const serviceDnsSchema = z.strictObject({ ...dnsSettingsSchema });

// --- Federated services -------------------------------------------------------------

/** A resource amount, parsed as the API server parses quantities (quantity.ts), never negative. */
const quantity = z
    .union([z.string(), z.number()])
    .transform((value) => String(value))
    .refine((text) => {
        const parsed = parseQuantity(text);
        return parsed !== undefined && !isNegative(parsed);
    }, `${QUANTITY_SYNTAX}, not negative`);
const resourceList = z.strictObject({ cpu: quantity.optional(), memory: quantity.optional() });
const resourcesSchema = z.strictObject({ requests: resourceList.optional(), limits: resourceList.optional() });

/**
 * A container port name, an IANA_SVC_NAME (apimachinery pkg/util/validation IsValidPortName): at
 * most 15 lower-case letters, digits and '-', at least one letter, no '-' at either end or twice in a row.
 */
const portName = z
    .string()
    .regex(
        /^(?=.{1,15}$)(?=.*[a-z])(?!.*--)[a-z0-9]([a-z0-9-]*[a-z0-9])?$/,
        "a port number, or a port name of at most 15 lower-case letters, digits and '-' with at least one letter and no '--'",
    );
const portRef = z.union([port, portName]);

const probeSchema = z
    .strictObject({
        httpGet: z
            .strictObject({
                path: z.string().startsWith("/", "a path starting with /"),
                port: portRef,
                scheme: z.enum(["HTTP", "HTTPS"]).optional(),
            })
            .optional(),
        tcpSocket: z.strictObject({ port: portRef }).optional(),
        initialDelaySeconds: count.max(INT32_MAX).optional(),
        periodSeconds: z.number().int().min(1).max(INT32_MAX).optional(),
        timeoutSeconds: z.number().int().min(1).max(INT32_MAX).optional(),
        failureThreshold: z.number().int().min(1).max(INT32_MAX).optional(),
    })
    .refine(
        (probe) => (probe.httpGet ? 1 : 0) + (probe.tcpSocket ? 1 : 0) === 1,
        "exactly one of httpGet or tcpSocket (Kubernetes takes one handler)",
    );

const envSchema = z
    .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "an environment variable name"), z.string())
    .default({});

const containerSchema = z.strictObject({
    name: dnsLabel,
    image: z.string().min(1),
    ports: z
        .array(
            z.strictObject({
                name: portName.optional(),
                containerPort: port,
                protocol: z.enum(["TCP", "UDP"]).default("TCP"),
            }),
        )
        .default([]),
    env: envSchema,
    resources: resourcesSchema.optional(),
    readinessProbe: probeSchema.optional(),
    livenessProbe: probeSchema.optional(),
    /**
     * The user id the container runs as. Pods run as non-root, which the kubelet can only verify
     * for a numeric user: an image whose USER is a name needs its id here.
     */
    runAsUser: z.number().int().min(1).max(INT32_MAX).optional(),
});

const preferenceSchema = z.strictObject({
    weight: z.number().optional(),
    minReplicas: z.number().optional(),
    maxReplicas: z.number().optional(),
});

const selectorSchema = z.strictObject({
    matchLabels: z.record(z.string(), z.string()).default({}),
    matchExpressions: z
        .array(
            z.strictObject({
                key: z.string().min(1),
                operator: z.enum(["In", "NotIn", "Exists", "DoesNotExist"]),
                values: z.array(z.string()).default([]),
            }),
        )
        .default([]),
});

const overrideSchema = z.strictObject({
    /** Replaces the first container's image in this cluster. */
    image: z.string().min(1).optional(),
    /** Merged over the first container's env in this cluster. */
    env: envSchema.optional(),
    /** Pins this cluster's share; the rest is divided among the others. */
    replicas: z.number().optional(),
    resources: resourcesSchema.optional(),
    labels: z.record(z.string(), z.string()).default({}),
    annotations: z.record(z.string(), z.string()).default({}),
    /** Extra annotations on this cluster's Service only, e.g. cloud load-balancer settings. */
    serviceAnnotations: z.record(z.string(), z.string()).default({}),
});

/** One entry of `fedfleet:services`: a federated service, its containers and where it runs. */
export const serviceSchema = z.strictObject({
    name: z
        .string()
        .regex(
            DNS_1035_LABEL,
            "a DNS-1035 label (a lower-case letter, then letters, digits and '-', at most 63 characters), as Kubernetes names Services",
        ),
    namespace: dnsLabel.default("default"),
    /** Total replicas across the fleet (with autoscaling: the fleet-wide minimum). */
    replicas: z.number(),
    containers: z.array(containerSchema).min(1),
    /** The Service's ports; targetPort defaults to port. */
    ports: z
        .array(
            z.strictObject({
                name: dnsLabel,
                port,
                targetPort: portRef.optional(),
                protocol: z.enum(["TCP", "UDP"]).default("TCP"),
            }),
        )
        .min(1),
    /** internet-facing or internal load balancers. */
    exposure: z.enum(["internet-facing", "internal"]).default("internet-facing"),
    autoscaling: z
        .strictObject({
            /** Fleet-wide maximum; divided over the clusters like `replicas`. */
            maxReplicas: z.number(),
            targetCpuUtilization: z.number().int().min(1).max(100).default(70),
        })
        .optional(),
    placement: z.strictObject({
        /** Clusters by name ... */
        clusters: z.array(dnsLabel).min(1).optional(),
        /** ... or by label selector over cluster labels (cluster, cloud, region, env, user labels). */
        selector: selectorSchema.optional(),
        /** Per-cluster preferences; "*" applies to clusters not named. */
        preferences: z.record(z.string(), preferenceSchema).default({}),
    }),
    overrides: z.record(z.string(), overrideSchema).default({}),
    /** Overrides of fedfleet:dns for this service's records. */
    dns: serviceDnsSchema.optional(),
});

// --- Where `pulumi up` runs ---------------------------------------------------------

/**
 * `fedfleet:deployer`: where `pulumi up` and `pulumi preview` run, and as whom. Every EKS
 * API is opened to exactly this; GKE is reached through its DNS endpoint, authorized by IAM.
 */
export const deployerSchema = z.strictObject({
    /** The runners' public egress: self-hosted runners' NAT, larger runners' static IP ranges. */
    egressCidrs: z.array(cidr).default([]),
    /** The runners are inside the fleet's networks (routed and resolving to every EKS VPC); EKS APIs stay private. */
    insideNetworks: z.boolean().default(false),
    /**
     * With insideNetworks: the runners' private ranges, in an EKS VPC or in a network connected to
     * every one (Transit Gateway, peering, VPN); each EKS control plane admits HTTPS from them.
     */
    insideCidrs: z.array(cidr).default([]),
    aws: z
        .strictObject({
            /** The role deploys assume: cluster-admin on every EKS cluster, through an access entry. */
            deployRoleArn: iamPrincipalArn.optional(),
            /** The role pull-request previews assume: read-only (AmazonEKSViewPolicy) on every EKS cluster. */
            previewRoleArn: iamPrincipalArn.optional(),
        })
        .default({}),
});

/** The whole `fedfleet:` namespace of a stack file. Keys are the part after `fedfleet:`. */
export const fleetConfigSchema = z.strictObject({
    federation: federationSchema,
    clusters: z.array(clusterSchema).min(1),
    services: z.array(serviceSchema).default([]),
    dns: dnsSchema.optional(),
    deployer: deployerSchema.optional(),
});

/** The `fedfleet:` namespace after parsing, with defaults applied. */
export type FleetConfig = z.infer<typeof fleetConfigSchema>;
/** A parsed cluster entry, of any cloud. */
export type ClusterConfig = z.infer<typeof clusterSchema>;
/** A parsed `aws` cluster entry. */
export type AwsClusterConfig = z.infer<typeof awsClusterSchema>;
/** A parsed `gcp` cluster entry. */
export type GcpClusterConfig = z.infer<typeof gcpClusterSchema>;
/** A parsed `existing` cluster entry. */
export type ExistingClusterConfig = z.infer<typeof existingClusterSchema>;
/** A parsed EKS managed node group entry. */
export type AwsNodePoolConfig = z.infer<typeof awsNodePoolSchema>;
/** A parsed GKE node pool entry. */
export type GcpNodePoolConfig = z.infer<typeof gcpNodePoolSchema>;
/** A parsed `fedfleet:deployer`. */
export type DeployerConfig = z.infer<typeof deployerSchema>;
/** `fedfleet:deployer` as written, defaults left out. */
export type DeployerInput = z.input<typeof deployerSchema>;
/** A parsed `fedfleet:dns`. */
export type DnsConfig = z.infer<typeof dnsSchema>;
/** A parsed service's own `dns` overrides. */
export type ServiceDnsConfig = z.infer<typeof serviceDnsSchema>;
/** A parsed `healthCheck` of `fedfleet:dns` or of a service's `dns`; unset keys fall back, shared then default. */
export type HealthCheckConfig = z.infer<typeof healthCheckSchema>;
/** A parsed service entry. */
export type ServiceConfig = z.infer<typeof serviceSchema>;
/** A parsed container of a service. */
export type ContainerConfig = z.infer<typeof containerSchema>;
/** A parsed `resources` (requests and limits) of a container or an override. */
export type ResourcesConfig = z.infer<typeof resourcesSchema>;
/** A parsed readiness or liveness probe: one handler, httpGet or tcpSocket. */
export type ProbeConfig = z.infer<typeof probeSchema>;
/** A parsed `placement.selector`: matchLabels and matchExpressions over cluster labels. */
export type PlacementSelector = z.infer<typeof selectorSchema>;
/** One of `dev`, `staging`, `prod`. */
export type Environment = (typeof ENVIRONMENTS)[number];

// What a TypeScript program writes: the same documents before defaults apply, so any key
// with a default may be left out. Components parse them with the schemas above.
/** The whole namespace as written, defaults left out. */
export type FleetConfigInput = z.input<typeof fleetConfigSchema>;
/** A cluster entry as written. */
export type ClusterInput = z.input<typeof clusterSchema>;
/** An `aws` cluster entry as written. */
export type AwsClusterInput = z.input<typeof awsClusterSchema>;
/** A `gcp` cluster entry as written. */
export type GcpClusterInput = z.input<typeof gcpClusterSchema>;
/** An `existing` cluster entry as written. */
export type ExistingClusterInput = z.input<typeof existingClusterSchema>;
/** A service entry as written. */
export type ServiceInput = z.input<typeof serviceSchema>;
