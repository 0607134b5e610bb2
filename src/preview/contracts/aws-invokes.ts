// Contracts of the AWS provider's invokes fedfleet makes: arguments the provider refuses.
import type { InvokeContract } from "./contract";
import { shown } from "./contract";
import { NLB_HOSTED_ZONES, NLB_HOSTED_ZONES_SOURCE } from "./aws-tables";
import { AWS_INVOKES } from "../../plan/core/type-tokens";

/** Every AWS invoke contract. */
export const awsInvokeContracts: InvokeContract[] = [
    {
        id: "aws.lb.hosted-zone-id.region",
        token: AWS_INVOKES.getHostedZoneId,
        rule: "a region the provider's table of Network Load Balancer hosted zones has (else: unsupported AWS Region)",
        source: NLB_HOSTED_ZONES_SOURCE,
        check: (args) =>
            args.loadBalancerType === "network" && !Object.hasOwn(NLB_HOSTED_ZONES, String(args.region))
                ? [{ field: "region", found: shown(args.region) }]
                : [],
    },
    {
        id: "aws.route53.get-zone.arguments",
        token: AWS_INVOKES.getZone,
        rule: "exactly one of name or zoneId, and a vpcId only for a private zone (else the provider warns and returns nothing)",
        source: "terraform-provider-aws internal/service/route53/zone_data_source.go",
        check: (args) => {
            if ((args.name === undefined) === (args.zoneId === undefined))
                return [
                    {
                        field: "name",
                        found: args.name === undefined ? "neither name nor zoneId" : "both name and zoneId",
                    },
                ];
            if (args.vpcId !== undefined && args.privateZone !== true)
                return [{ field: "vpcId", found: shown(args.vpcId) }];
            return [];
        },
    },
];
