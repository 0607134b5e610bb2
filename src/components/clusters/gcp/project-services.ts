// The Google Cloud APIs a project must have on before fedfleet can build in it: enabled
// once per project, never disabled on destroy (another stack, or a person, may rely on
// them), and every resource in the project waits for them through its provider.
import * as pulumi from "@pulumi/pulumi";
import { Provider as GcpProvider } from "@pulumi/gcp/provider";
import * as projects from "@pulumi/gcp/projects";

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

    constructor(name: string, args: GcpProjectServicesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("fedfleet:gcp:ProjectServices", name, {}, opts);
        this.project = args.project;
        const provider = new GcpProvider(`${name}-gcp`, { project: args.project }, { parent: this });
        for (const service of args.services) {
            new projects.Service(
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
        }
        this.registerOutputs({});
    }
}
