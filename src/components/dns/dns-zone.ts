// The zone federated-service names live in, on Route53 or Cloud DNS: an existing zone by
// id, an existing zone looked up by name, or a new zone (protected in prod).
import * as pulumi from "@pulumi/pulumi";
import { Provider as AwsProvider } from "@pulumi/aws/provider";
import * as route53 from "@pulumi/aws/route53";
import { Provider as GcpProvider } from "@pulumi/gcp/provider";
import * as gcpDns from "@pulumi/gcp/dns";
import type { DnsConfig } from "../../plan/config/schema";
import { managedZoneName } from "../../plan/physical-names";
import { FEDFLEET_TYPES } from "../../plan/core/type-tokens";

/**
 * The TTL of a delegation's NS records: two days, the value the Route 53 Developer Guide calls
 * typical for NS records ("Migrating DNS service for a domain that's in use"). Delegations
 * rarely change, and a long TTL keeps resolvers from asking the parent again and again.
 */
export const DELEGATION_TTL_SECONDS = 172800;

/** The stack's DNS settings, and whether the zone fedfleet creates is protected (the fleet plan's `dnsZone`). */
export interface DnsZoneArgs {
    config: DnsConfig;
    protect: boolean;
    /** Cloud DNS: the components enabling each project's APIs, by project; the zone's waits for them. */
    projectServices?: ReadonlyMap<string, pulumi.Resource>;
}

/** The zone federated-service records are written to: existing (by id or name) or created. */
export class DnsZone extends pulumi.ComponentResource {
    readonly provider: DnsConfig["provider"];
    /** Route53 hosted zone id, or Cloud DNS managed zone name. */
    readonly zoneId: pulumi.Output<string>;
    readonly dnsName: string;
    /** The provider DNS children use: an AWS provider (Route53 is global) or a Google provider for the project. */
    readonly cloudProvider: pulumi.ProviderResource;
    /** A zone fedfleet creates: the name servers its parent must delegate to. */
    readonly nameServers?: pulumi.Output<string[]>;

    constructor(name: string, args: DnsZoneArgs, opts?: pulumi.ComponentResourceOptions) {
        super(FEDFLEET_TYPES.dnsZone, name, {}, opts);
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
                this.nameServers = zone.nameServers;
                if (dns.zone.parent) {
                    // The delegation: without NS records in the parent, no resolver finds the zone
                    // (Route 53 Developer Guide, "Creating a subdomain that uses Route 53").
                    new route53.Record(
                        `${name}-delegation`,
                        {
                            zoneId: dns.zone.parent.id,
                            name: dns.zone.name,
                            type: "NS",
                            ttl: DELEGATION_TTL_SECONDS,
                            records: zone.nameServers,
                        },
                        { parent: this, provider: aws, protect },
                    );
                }
            } else if (dns.zone.id) {
                this.zoneId = pulumi.output(dns.zone.id);
            } else {
                this.zoneId = route53.getZoneOutput(
                    { name: dns.zone.name, privateZone: false },
                    { parent: this, provider: aws },
                ).zoneId;
            }
        } else {
            const services = dns.project ? args.projectServices?.get(dns.project) : undefined;
            const gcp = new GcpProvider(
                `${name}-gcp`,
                { project: dns.project },
                { parent: this, dependsOn: services ? [services] : [] },
            );
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
                this.nameServers = zone.nameServers;
                const parent = dns.zone.parent;
                if (parent) {
                    const parentProvider =
                        parent.project && parent.project !== dns.project
                            ? new GcpProvider(
                                  `${name}-parent-gcp`,
                                  { project: parent.project },
                                  {
                                      parent: this,
                                      dependsOn: [args.projectServices?.get(parent.project)].filter(
                                          (r): r is pulumi.Resource => r !== undefined,
                                      ),
                                  },
                              )
                            : gcp;
                    new gcpDns.RecordSet(
                        `${name}-delegation`,
                        {
                            managedZone: parent.id,
                            name: `${dns.zone.name}.`,
                            type: "NS",
                            ttl: DELEGATION_TTL_SECONDS,
                            rrdatas: zone.nameServers,
                        },
                        { parent: this, provider: parentProvider, protect },
                    );
                }
            } else if (dns.zone.id) {
                this.zoneId = pulumi.output(dns.zone.id);
            } else {
                this.zoneId = gcpDns
                    .getManagedZonesOutput({ project: dns.project }, { parent: this, provider: gcp })
                    .apply((found) => {
                        // Public zones only: a private zone of the same name answers only inside its VPCs.
                        const zone = found.managedZones.find(
                            (z) => z.dnsName === `${dns.zone.name}.` && z.visibility === "public",
                        );
                        if (!zone?.name)
                            throw new pulumi.RunError(
                                `fedfleet:dns.zone.name: no Cloud DNS zone for ${dns.zone.name} in project ${dns.project}; give zone.id or create: true`,
                            );
                        return zone.name;
                    });
            }
        }
        this.registerOutputs({ zoneId: this.zoneId, nameServers: this.nameServers });
    }
}
