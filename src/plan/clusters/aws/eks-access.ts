// Who reaches an EKS cluster's Kubernetes API, and from where: the cluster's own public CIDRs
// and admins, and the declared deployer (`fedfleet:deployer`), which runs `pulumi up` and
// `pulumi preview`. Pure. With EKS's implicit creator admin off, an identity without an
// access entry cannot apply a single object, and a runner outside the endpoint's CIDRs and
// outside the VPC cannot connect at all: both are decided here, before anything is built.
import type { AwsClusterConfig, DeployerConfig } from "../../config/schema";
import { FleetConfigError } from "../../core/config-error";

/** EKS access policy: everything, cluster-wide (EKS User Guide, access policy reference). */
export const CLUSTER_ADMIN_ACCESS_POLICY = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy";
/**
 * EKS access policy: get, list and watch most resources, Secrets excepted (EKS User Guide,
 * access policy reference, AmazonEKSViewPolicy): what a `pulumi preview` of fedfleet's
 * Namespaces, Deployments, Services, autoscalers and disruption budgets reads.
 */
export const VIEW_ACCESS_POLICY = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy";

/**
 * Public access CIDRs per EKS cluster: 40, not adjustable (AWS General Reference, Amazon EKS
 * endpoints and quotas: "Public endpoint access CIDR ranges per cluster").
 */
export const EKS_MAX_PUBLIC_ACCESS_CIDRS = 40;

/** One access entry of an EKS cluster and the access policy associated with it. */
export interface EksAccessEntryPlan {
    /** Suffix of the entry's resource name: `admin-<index>` for the stack's admins, `deployer`, `previewer`. */
    key: string;
    principalArn: string;
    policyArn: string;
}

/** How an EKS cluster's API is reached. */
export interface EksEndpointPlan {
    /** The public endpoint's CIDRs, the cluster's own then the deployer's; empty: no public endpoint. */
    publicAccessCidrs: string[];
    /** Every identity with access, the stack's admins first. */
    accessEntries: EksAccessEntryPlan[];
    /** Private ranges the control-plane security group admits HTTPS from: the deployer's insideCidrs. */
    privateAccessCidrs: string[];
}

/** The port of the EKS API, public or private endpoint alike. */
export const EKS_API_PORT = 443;

/**
 * Plans an EKS cluster's endpoint and access entries. Throws FleetConfigError, located in the
 * cluster's entry, when the deployer could not reach or could not use the API, or when the
 * preview identity would be an admin. (That the preview and deploy roles differ is a check of
 * `fedfleet:deployer` alone, in validate.ts.)
 */
export function planEksEndpoint(cluster: AwsClusterConfig, deployer: DeployerConfig | undefined): EksEndpointPlan {
    const egress = deployer?.egressCidrs ?? [];
    const inside = deployer?.insideNetworks ? (deployer.insideCidrs ?? []) : [];
    if (cluster.publicAccessCidrs.length === 0 && egress.length === 0 && inside.length === 0) {
        // EKS User Guide, cluster endpoint: with public access off, the API server is reachable
        // only from within the VPC or a connected network, through a security group rule.
        throw new FleetConfigError(
            ["publicAccessCidrs"],
            "a network pulumi up reaches the EKS API from: fedfleet:deployer.egressCidrs (the runners' public egress), fedfleet:deployer.insideNetworks: true with insideCidrs (runners inside the VPC or a connected network), or CIDRs here",
            `no CIDRs for cluster ${cluster.name} and ${deployer ? "a deployer with neither" : "no fedfleet:deployer"}`,
        );
    }
    const publicAccessCidrs = [...new Set([...cluster.publicAccessCidrs, ...egress])];
    if (publicAccessCidrs.length > EKS_MAX_PUBLIC_ACCESS_CIDRS) {
        throw new FleetConfigError(
            ["publicAccessCidrs"],
            `at most ${EKS_MAX_PUBLIC_ACCESS_CIDRS} public access CIDRs with fedfleet:deployer.egressCidrs (an EKS quota that cannot be raised)`,
            `${publicAccessCidrs.length}`,
        );
    }

    const deployRole = deployer?.aws.deployRoleArn;
    const previewRole = deployer?.aws.previewRoleArn;
    if (cluster.adminPrincipalArns.length === 0 && !deployRole) {
        throw new FleetConfigError(
            ["adminPrincipalArns"],
            "at least the IAM role that runs pulumi up, here or as fedfleet:deployer.aws.deployRoleArn (fedfleet turns off EKS's implicit admin for the cluster's creator)",
            "an empty list",
        );
    }
    const previewAdmin = previewRole === undefined ? -1 : cluster.adminPrincipalArns.indexOf(previewRole);
    if (previewAdmin >= 0) {
        throw new FleetConfigError(
            ["adminPrincipalArns", previewAdmin],
            "an admin other than fedfleet:deployer.aws.previewRoleArn (pull-request previews stay read-only)",
            JSON.stringify(previewRole),
        );
    }
    const accessEntries: EksAccessEntryPlan[] = cluster.adminPrincipalArns.map((principalArn, index) => ({
        key: `admin-${index}`,
        principalArn,
        policyArn: CLUSTER_ADMIN_ACCESS_POLICY,
    }));
    // EKS takes one access entry per principal (CreateAccessEntry: ResourceInUseException).
    if (deployRole && !cluster.adminPrincipalArns.includes(deployRole)) {
        accessEntries.push({ key: "deployer", principalArn: deployRole, policyArn: CLUSTER_ADMIN_ACCESS_POLICY });
    }
    if (previewRole) accessEntries.push({ key: "previewer", principalArn: previewRole, policyArn: VIEW_ACCESS_POLICY });
    return { publicAccessCidrs, accessEntries, privateAccessCidrs: [...inside] };
}
