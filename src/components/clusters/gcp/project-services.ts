// The Google Cloud APIs a project must have on before fedfleet can build in it: enabled
// once per project, never disabled on destroy (another stack, or a person, may rely on
// them), and every resource in the project waits for them through its provider.
import * as pulumi from "@pulumi/pulumi";
import { Provider as GcpProvider } from "@pulumi/gcp/provider";
import * as projects from "@pulumi/gcp/projects";
import { GKE_SERVICE_AGENT_API } from "../../../plan/clusters/gcp/node-service-account";

/** One project's APIs (`container.googleapis.com`, ...), as the fleet plan lists them. */
export interface GcpProjectServicesArgs {
    project: string;
    services: readonly string[];
}

/**
 * The services of one project, enabled by their own provider (the project's other
 * resources use providers that depend on this component, so they wait for every service).
 */
export class GcpProjectServices extends pulumi.ComponentResource {
    readonly project: string;
    /** By API, the service agents created here; a grant to an agent waits for its identity. */
    readonly serviceIdentities: ReadonlyMap<string, pulumi.Resource>;

    constructor(name: string, args: GcpProjectServicesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("fedfleet:gcp:ProjectServices", name, {}, opts);
        this.project = args.project;
        const provider = new GcpProvider(`${name}-gcp`, { project: args.project }, { parent: this });
        const identities = new Map<string, pulumi.Resource>();
        for (const service of args.services) {
            const enabled = new projects.Service(
                `${name}-${service}`,
                {
                    project: args.project,
                    service,
                    // Leaving the API on when the stack goes: disabling it would break whatever
                    // else in the project uses it (@pulumi/gcp projects/service.d.ts, disableOnDestroy).
                    disableOnDestroy: false,
                    disableDependentServices: false,
                },
                { parent: this, provider },
            );
            // The GKE service agent exists once the API is on, but only shortly after; granting it
            // a role before fails with "Service account ... does not exist", which the provider
            // does not retry (terraform-provider-google tpgiamresource/iam.go). Asking for the
            // identity creates the agent and waits for it (Service Usage generateServiceIdentity;
            // @pulumi/gcp projects/serviceIdentity.d.ts); it is never deleted (Delete is a no-op).
            if (service === GKE_SERVICE_AGENT_API) {
                identities.set(
                    service,
                    new projects.ServiceIdentity(
                        `${name}-${service}-agent`,
                        { project: args.project, service },
                        { parent: this, provider, dependsOn: [enabled] },
                    ),
                );
            }
        }
        this.serviceIdentities = identities;
        this.registerOutputs({});
    }
}
