// Namespaces shared by every federated service in a cluster. Each is created once per
// cluster and parented by the cluster, not by a service, so removing one service never
// deletes a namespace another still uses; it goes when no service places anything there.
// Its default-deny ingress policy goes with it.
import * as k8sCore from "@pulumi/kubernetes/core/v1";
import * as k8sNetworking from "@pulumi/kubernetes/networking/v1";
import type { FleetCluster } from "../clusters/fleet-cluster";
import {
    DEFAULT_DENY_POLICY,
    defaultDenyIngressManifest,
    isClusterOwnedNamespace,
    namespaceManifest,
} from "../../plan/workloads/namespace-manifests";

/**
 * Creates each shared namespace once per cluster, on first use, parented by the cluster: it
 * enforces Pod Security `restricted` and denies all ingress but what each service admits.
 */
export class FleetNamespaces {
    private readonly created = new Map<string, k8sCore.Namespace>();

    /** The Namespace resource for `namespace` in `cluster`, or undefined for built-in ones. */
    in(cluster: FleetCluster, namespace: string): k8sCore.Namespace | undefined {
        if (isClusterOwnedNamespace(namespace)) return undefined;
        const key = `${cluster.clusterName}/${namespace}`;
        let resource = this.created.get(key);
        if (!resource) {
            const name = `${cluster.clusterName}-ns-${namespace}`;
            const child = { parent: cluster, provider: cluster.provider };
            resource = new k8sCore.Namespace(name, namespaceManifest(namespace), child);
            new k8sNetworking.NetworkPolicy(`${name}-${DEFAULT_DENY_POLICY}`, defaultDenyIngressManifest(namespace), {
                ...child,
                dependsOn: [resource],
            });
            this.created.set(key, resource);
        }
        return resource;
    }
}
