// A running cluster's load-balancer address, as the DNS components consume it.
import type * as pulumi from "@pulumi/pulumi";
import type { LoadBalancerAddressKind } from "../../plan/clusters/facts";

/** Where a cluster's load balancer for one service is reached, and how (hostname or IP). */
export interface EndpointBinding {
    cluster: string;
    region: string;
    kind: LoadBalancerAddressKind;
    /** Depends only on this cluster's Service, so DNS for one cluster never waits on another. */
    address: pulumi.Output<string>;
    /** The Service itself: its drain wait depends on it (drain.ts). */
    service: pulumi.Resource;
}
