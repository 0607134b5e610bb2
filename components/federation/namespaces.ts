// Namespaces shared by every federated service in a cluster. Each is created once per
// cluster and parented by the cluster, not by a service, so removing one service never
// deletes a namespace another still uses; it goes when no service places anything there.
import * as k8s from "@pulumi/kubernetes";
import type { FleetCluster } from "../clusters/fleet-cluster";

/** Namespaces the cluster owns (default, and kube-* for its own add-ons); fedfleet never manages them. */
export function isClusterOwnedNamespace(namespace: string): boolean {
    return namespace === "default" || namespace.startsWith("kube-");
}

/** Creates each shared namespace once per cluster, on first use, parented by the cluster. */
export class FleetNamespaces {
    private readonly created = new Map<string, k8s.core.v1.Namespace>();

    /** The Namespace resource for `namespace` in `cluster`, or undefined for built-in ones. */
    in(cluster: FleetCluster, namespace: string): k8s.core.v1.Namespace | undefined {
        if (isClusterOwnedNamespace(namespace)) return undefined;
        const key = `${cluster.clusterName}/${namespace}`;
        let resource = this.created.get(key);
        if (!resource) {
            resource = new k8s.core.v1.Namespace(
                `${cluster.clusterName}-ns-${namespace}`,
                {
                    metadata: { name: namespace, labels: { "app.kubernetes.io/managed-by": "fedfleet" } },
                },
                { parent: cluster, provider: cluster.provider },
            );
            this.created.set(key, resource);
        }
        return resource;
    }
}
