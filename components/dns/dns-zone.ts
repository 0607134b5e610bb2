// The zone federated-service names live in, on Route53 or Cloud DNS: an existing zone by
// id, an existing zone looked up by name, or a new zone (protected in prod).
import * as pulumi from "@pulumi/pulumi";
import { Provider as AwsProvider } from "@pulumi/aws/provider";
import * as route53 from "@pulumi/aws/route53";
import { Provider as GcpProvider } from "@pulumi/gcp/provider";
import * as gcpDns from "@pulumi/gcp/dns";
import type { DnsConfig } from "../config/schema";
import { managedZoneName } from "../plan/physical-names";

/** The stack's DNS settings, and whether the zone fedfleet creates is protected (the fleet plan's `dnsZone`). */
export interface DnsZoneArgs {
    config: DnsConfig;
    protect: boolean;
}

/** The zone federated-service records are written to: existing (by id or name) or created. */
export class DnsZone extends pulumi.ComponentResource {
    readonly provider: DnsConfig["provider"];
    /** Route53 hosted zone id, or Cloud DNS managed zone name. */
    readonly zoneId: pulumi.Output<string>;
    readonly dnsName: string;
    /** The provider DNS children use: an AWS provider (Route53 is global) or a Google provider for the project. */
    readonly cloudProvider: pulumi.ProviderResource;

    constructor(name: string, args: DnsZoneArgs, opts?: pulumi.ComponentResourceOptions) {
        super("fedfleet:dns:Zone", name, {}, opts);
        const { config: dns, protect } = args;
        this.provider = dns.provider;
        this.dnsName = dns.zone.name;
        if (dns.provider === "route53") {
            // Route53 is a global service; its API lives in us-east-1.
            const aws = new AwsProvider(`${name}-aws`, { region: "us-east-1" }, { parent: this });
            this.cloudProvider = aws;
            if (dns.zone.create) {
                const zone = new route53.Zone(
                    `${name}-zone`,
                    { name: dns.zone.name, comment: "fedfleet federated services" },
                    { parent: this, provider: aws, protect },
                );
                this.zoneId = zone.zoneId;
            } else if (dns.zone.id) {
                this.zoneId = pulumi.output(dns.zone.id);
            } else {
                this.zoneId = route53.getZoneOutput(
                    { name: dns.zone.name, privateZone: false },
                    { parent: this, provider: aws },
                ).zoneId;
            }
        } else {
            const gcp = new GcpProvider(`${name}-gcp`, { project: dns.project }, { parent: this });
            this.cloudProvider = gcp;
            if (dns.zone.create) {
                const zone = new gcpDns.ManagedZone(
                    `${name}-zone`,
                    {
                        name: managedZoneName(dns.zone.name),
                        dnsName: `${dns.zone.name}.`,
                        description: "fedfleet federated services",
                        dnssecConfig: { state: "on" },
                    },
                    { parent: this, provider: gcp, protect },
                );
                this.zoneId = zone.name;
            } else if (dns.zone.id) {
                this.zoneId = pulumi.output(dns.zone.id);
            } else {
                this.zoneId = gcpDns
                    .getManagedZonesOutput({ project: dns.project }, { parent: this, provider: gcp })
                    .apply((found) => {
                        const zone = found.managedZones.find((z) => z.dnsName === `${dns.zone.name}.`);
                        if (!zone?.name)
                            throw new pulumi.RunError(
                                `fedfleet:dns.zone.name: no Cloud DNS zone for ${dns.zone.name} in project ${dns.project}; give zone.id or create: true`,
                            );
                        return zone.name;
                    });
            }
        }
        this.registerOutputs({ zoneId: this.zoneId });
    }
}
