// Contracts of the Google Cloud provider's invokes fedfleet makes: arguments it refuses.
import type { InvokeContract } from "./contract";
import { shown } from "./contract";
import { GCP_PROJECT_ID } from "../../plan/config/schema";
import { GCP_INVOKES } from "../../plan/core/type-tokens";

/** Every Google Cloud invoke contract. */
export const gcpInvokeContracts: InvokeContract[] = [
    {
        id: "gcp.organizations.get-project.id",
        token: GCP_INVOKES.getProject,
        rule: "a project id (6 to 30 lower-case letters, digits or hyphens, starting with a letter)",
        source: "Resource Manager API projects.get (projectId)",
        check: (args) =>
            GCP_PROJECT_ID.test(String(args.projectId)) ? [] : [{ field: "projectId", found: shown(args.projectId) }],
    },
    {
        id: "gcp.dns.get-managed-zones.project",
        token: GCP_INVOKES.getManagedZones,
        rule: "a project id (6 to 30 lower-case letters, digits or hyphens, starting with a letter)",
        source: "Cloud DNS API managedZones.list (project)",
        check: (args) =>
            GCP_PROJECT_ID.test(String(args.project)) ? [] : [{ field: "project", found: shown(args.project) }],
    },
];
