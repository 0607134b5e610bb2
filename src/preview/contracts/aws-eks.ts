// Contracts of EKS clusters beyond their own resource's schema: what makes a created cluster
// usable. A private API that no security group rule opens is reached by nobody; a vpc-cni
// whose network policy agent drops all traffic on a fresh cluster leaves every pod unreachable.
import { parseCidr, isCanonical } from "../../plan/core/cidr";
import { EKS_API_PORT } from "../../plan/clusters/aws/eks-access";
import { VPC_CNI_POLICY_AGENT_SOURCE, vpcCniLacksPolicyAgentFix } from "../../plan/clusters/aws/addon-versions";
import type { RecordedResource, LooseInputs as Inputs } from "../harness/recording-monitor";
import { Finding, ResourceContract, shown } from "./contract";
import { AWS_TYPES as T } from "./aws";

const inputsOf = (resource: RecordedResource): Inputs => resource.inputs as Inputs;

const RULE_SOURCES = ["cidrIpv4", "cidrIpv6", "prefixListId", "referencedSecurityGroupId"] as const;

/** Whether an ingress rule admits TCP on `port`: its protocol is tcp (or all) and its range holds it. */
function admitsTcp(rule: Inputs, port: number): boolean {
    if (String(rule.ipProtocol) === "-1") return true;
    return ["tcp", "6"].includes(String(rule.ipProtocol)) && rule.fromPort <= port && port <= rule.toPort;
}

/** Whether network policy is on in a vpc-cni add-on's configuration values. */
function enablesNetworkPolicy(addon: Inputs): boolean {
    try {
        return String(JSON.parse(String(addon.configurationValues ?? "{}")).enableNetworkPolicy) === "true";
    } catch {
        return false;
    }
}

/** EKS contracts that look past one resource: its reachability and its add-ons' builds. */
export const awsEksContracts: ResourceContract[] = [
    {
        id: "aws.vpc.security-group-ingress.shape",
        types: [T.securityGroupIngressRule],
        rule: "a security group, a protocol, ports from <= to within 0-65535 for tcp and udp, and exactly one source (cidrIpv4, cidrIpv6, prefixListId or referencedSecurityGroupId), a CIDR with no host bits",
        source: "terraform-provider-aws internal/service/ec2/vpc_security_group_ingress_rule.go (ExactlyOneOf cidr_ipv4, cidr_ipv6, prefix_list_id, referenced_security_group_id; CIDR network addresses); @pulumi/aws vpc/securityGroupIngressRule.d.ts (fromPort and toPort required unless ipProtocol is -1 or icmpv6)",
        check: (r) => {
            const i = inputsOf(r);
            const findings: Finding[] = [];
            if (i.securityGroupId === undefined) findings.push({ field: "securityGroupId", found: "nothing" });
            const sources = RULE_SOURCES.filter((key) => i[key] !== undefined);
            if (sources.length !== 1) findings.push({ field: "cidrIpv4", found: sources.join("+") || "no source" });
            if (["tcp", "udp", "6", "17"].includes(String(i.ipProtocol))) {
                const ok = (port: unknown) =>
                    typeof port === "number" && Number.isInteger(port) && port >= 0 && port <= 65535;
                if (!ok(i.fromPort) || !ok(i.toPort) || i.fromPort > i.toPort)
                    findings.push({ field: "fromPort", found: `${shown(i.fromPort)} to ${shown(i.toPort)}` });
            }
            for (const key of ["cidrIpv4", "cidrIpv6"] as const) {
                if (i[key] === undefined) continue;
                const cidr = parseCidr(String(i[key]));
                if (!cidr || !isCanonical(cidr) || cidr.family !== (key === "cidrIpv4" ? "ipv4" : "ipv6"))
                    findings.push({ field: key, found: shown(i[key]) });
            }
            return findings;
        },
    },
    {
        id: "aws.eks.cluster.private-endpoint-reachable",
        types: [T.eksCluster],
        rule: `with the public endpoint off, a security group rule on the cluster's security group admitting TCP ${EKS_API_PORT} (nothing else reaches a private API)`,
        source: "EKS User Guide, cluster endpoint (Accessing a private only API server: the control plane security group must allow ingress on 443 from the connected network); default cluster security group: inbound from itself only",
        check: (r, context) => {
            if (inputsOf(r).vpcConfig?.endpointPublicAccess !== false) return [];
            const rules = context
                .dependentsOf(r.urn)
                .filter((d) => d.type === T.securityGroupIngressRule && admitsTcp(inputsOf(d), EKS_API_PORT));
            return rules.length > 0
                ? []
                : [{ field: "vpcConfig.endpointPublicAccess", found: `false, and no rule admits TCP ${EKS_API_PORT}` }];
        },
    },
    {
        id: "aws.eks.addon.vpc-cni-policy-agent",
        types: [T.addon],
        rule: "with network policy on, a vpc-cni build whose network policy agent is v1.3.5 or later (not a v1.21.0, v1.21.1 or v1.22.0 build)",
        source: VPC_CNI_POLICY_AGENT_SOURCE,
        check: (r) => {
            const i = inputsOf(r);
            if (i.addonName !== "vpc-cni" || !enablesNetworkPolicy(i)) return [];
            return typeof i.addonVersion === "string" && vpcCniLacksPolicyAgentFix(i.addonVersion)
                ? [{ field: "addonVersion", found: shown(i.addonVersion) }]
                : [];
        },
    },
];
