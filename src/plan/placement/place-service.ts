// Where a federated service runs and how many replicas each cluster gets. Pure.
// Chooses clusters (by name or label selector), applies per-cluster preferences and
// pinned replicas, and divides the total with divideReplicas. Every infeasible request
// is reported up front with the service and cluster named, never discovered by the solver.
import { channel } from "node:diagnostics_channel";
import type { PlacementSelector, ServiceConfig } from "../config/schema";
import { FleetConfigError } from "../core/config-error";
import { ClusterShareRequest, divideReplicas, ReplicaDivisionError } from "./divide-replicas";

/** A cluster as placement sees it: its name and the labels a selector matches against. */
export interface PlacementCluster {
    name: string;
    labels: Readonly<Record<string, string>>;
}

/** What one chosen cluster runs of a service. */
export interface ClusterPlacement {
    cluster: string;
    /** This cluster's share of `replicas`; 0 means no workload objects here. */
    replicas: number;
    /** With autoscaling: the HPA's bounds here, the division of the fleet-wide min and max. */
    autoscaling?: { minReplicas: number; maxReplicas: number };
}

/** The `placement.preferences` key whose preference applies to every chosen cluster not named there. */
export const DEFAULT_PREFERENCE_KEY = "*";

/**
 * Whether cluster labels satisfy a selector: every matchLabels pair and every matchExpression, as
 * Kubernetes reads them (NotIn and DoesNotExist also match a missing key).
 */
export function matchesSelector(labels: Readonly<Record<string, string>>, selector: PlacementSelector): boolean {
    const labelsMatch = Object.entries(selector.matchLabels).every(([key, value]) => labels[key] === value);
    return (
        labelsMatch &&
        selector.matchExpressions.every((expression) => {
            const value = labels[expression.key];
            switch (expression.operator) {
                case "In":
                    return value !== undefined && expression.values.includes(value);
                case "NotIn":
                    return value === undefined || !expression.values.includes(value);
                case "Exists":
                    return value !== undefined;
                case "DoesNotExist":
                    return value === undefined;
            }
        })
    );
}

/**
 * The most replicas one service may ask for. Far above any real fleet; it keeps replica
 * counts inside Kubernetes' int32 fields and the division (one step per replica) quick.
 */
export const MAX_REPLICAS = 100_000;
/** Weights are relative; a bound keeps the division's exact products small. */
export const MAX_WEIGHT = 1_000_000;

function isCount(value: number, max = MAX_REPLICAS): boolean {
    return Number.isSafeInteger(value) && value >= 0 && value <= max;
}

/** The clusters a service is placed on, in name order. */
export function chooseClusters(service: ServiceConfig, fleet: readonly PlacementCluster[]): string[] {
    const { clusters, selector } = service.placement;
    const who = `service "${service.name}"`;
    if ((clusters === undefined) === (selector === undefined)) {
        throw new FleetConfigError(
            ["placement"],
            `either clusters or selector for ${who}`,
            clusters ? "both" : "neither",
        );
    }
    const known = new Set(fleet.map((cluster) => cluster.name));
    if (clusters) {
        clusters.forEach((name, index) => {
            if (!known.has(name)) {
                throw new FleetConfigError(
                    ["placement", "clusters", index],
                    `a cluster of this stack for ${who} (${[...known].sort().join(", ")})`,
                    `unknown cluster "${name}"`,
                );
            }
            if (clusters.indexOf(name) !== index)
                throw new FleetConfigError(
                    ["placement", "clusters", index],
                    `each cluster once for ${who}`,
                    `"${name}" again`,
                );
        });
        return [...clusters].sort();
    }
    const chosen = fleet
        .filter((cluster) => matchesSelector(cluster.labels, selector!))
        .map((cluster) => cluster.name)
        .sort();
    if (chosen.length === 0) {
        throw new FleetConfigError(
            ["placement", "selector"],
            `a selector that matches at least one cluster for ${who}`,
            "a selector that matches none",
        );
    }
    return chosen;
}

/** Per chosen cluster, the division request: preferences, defaults and pinned replicas applied. */
function shareRequests(
    service: ServiceConfig,
    chosen: readonly string[],
    fleet: readonly PlacementCluster[],
): ClusterShareRequest[] {
    const who = `service "${service.name}"`;
    const known = new Set(fleet.map((cluster) => cluster.name));
    const checkClusterKey = (path: string[], key: string) => {
        if (!known.has(key))
            throw new FleetConfigError(
                [...path, key],
                `a cluster of this stack for ${who}`,
                `unknown cluster "${key}"`,
            );
        if (!chosen.includes(key))
            throw new FleetConfigError(
                [...path, key],
                `a cluster ${who} is placed on (${chosen.join(", ")})`,
                `cluster "${key}"`,
            );
    };
    Object.keys(service.placement.preferences)
        .filter((key) => key !== DEFAULT_PREFERENCE_KEY)
        .forEach((key) => checkClusterKey(["placement", "preferences"], key));
    Object.keys(service.overrides).forEach((key) => checkClusterKey(["overrides"], key));

    const fallback = service.placement.preferences[DEFAULT_PREFERENCE_KEY] ?? {};
    return chosen.map((cluster) => {
        const ownKey = service.placement.preferences[cluster] ? cluster : DEFAULT_PREFERENCE_KEY;
        const preference = service.placement.preferences[cluster] ?? fallback;
        const where = ["placement", "preferences", ownKey];
        const request = {
            cluster,
            weight: preference.weight ?? 1,
            minReplicas: preference.minReplicas ?? 0,
            maxReplicas: preference.maxReplicas,
        };
        for (const key of ["weight", "minReplicas", "maxReplicas"] as const) {
            const value = request[key];
            const max = key === "weight" ? MAX_WEIGHT : MAX_REPLICAS;
            if (value !== undefined && !isCount(value, max)) {
                throw new FleetConfigError(
                    [...where, key],
                    `a whole number from 0 to ${max} for ${who} in cluster "${cluster}"`,
                    String(value),
                );
            }
        }
        if (request.maxReplicas !== undefined && request.minReplicas > request.maxReplicas) {
            throw new FleetConfigError(
                [...where, "minReplicas"],
                `at most maxReplicas (${request.maxReplicas}) for ${who} in cluster "${cluster}"`,
                String(request.minReplicas),
            );
        }
        const pinned = service.overrides[cluster]?.replicas;
        if (pinned !== undefined) {
            if (!isCount(pinned))
                throw new FleetConfigError(
                    ["overrides", cluster, "replicas"],
                    `a whole number from 0 to ${MAX_REPLICAS} for ${who} in cluster "${cluster}"`,
                    String(pinned),
                );
            return { cluster, weight: 0, minReplicas: pinned, maxReplicas: pinned };
        }
        return request;
    });
}

/** Checks a total against the requests, with messages that name the service and clusters. */
function checkFeasible(
    service: ServiceConfig,
    requests: readonly ClusterShareRequest[],
    total: number,
    path: (string | number)[],
): void {
    const who = `service "${service.name}"`;
    const list = (pick: (r: ClusterShareRequest) => number) =>
        requests.map((r) => `${r.cluster} ${pick(r)}`).join(", ");
    const minSum = requests.reduce((sum, r) => sum + r.minReplicas, 0);
    if (minSum > total) {
        throw new FleetConfigError(
            path,
            `a total of at least the clusters' minReplicas for ${who}`,
            `${total} while the minimums add up to ${minSum} (${list((r) => r.minReplicas)})`,
        );
    }
    if (requests.every((r) => r.maxReplicas !== undefined)) {
        const maxSum = requests.reduce((sum, r) => sum + (r.maxReplicas ?? 0), 0);
        if (maxSum < total) {
            throw new FleetConfigError(
                path,
                `a total the clusters' maxReplicas can hold for ${who}`,
                `${total} while the maximums add up to ${maxSum} (${list((r) => r.maxReplicas ?? 0)})`,
            );
        }
    }
    // Seats beyond the minimums only go to clusters with a weight above 0 and room left.
    const left = total - minSum;
    const weighted = requests.filter(
        (r) => r.weight > 0 && (r.maxReplicas === undefined || r.maxReplicas > r.minReplicas),
    );
    const capacity = weighted.some((r) => r.maxReplicas === undefined)
        ? Infinity
        : weighted.reduce((sum, r) => sum + (r.maxReplicas ?? 0) - r.minReplicas, 0);
    if (left > 0 && weighted.length === 0) {
        const withRoom = requests.filter((r) => r.maxReplicas === undefined || r.maxReplicas > r.minReplicas);
        throw new FleetConfigError(
            ["placement", "preferences"],
            `a weight above 0 on a cluster with room for ${who}`,
            `all weights zero while ${left} replicas are left to place (${withRoom.map((r) => r.cluster).join(", ")})`,
        );
    }
    if (left > capacity) {
        throw new FleetConfigError(
            path,
            `a total the weighted clusters can hold for ${who}`,
            `${total} while clusters with weight above 0 have room for ${capacity} beyond the minimums (${weighted.map((r) => `${r.cluster} ${(r.maxReplicas ?? 0) - r.minReplicas}`).join(", ")})`,
        );
    }
}

/** divideReplicas, with anything the checks above missed reported as a located FleetConfigError. */
function divide(
    service: ServiceConfig,
    total: number,
    requests: ClusterShareRequest[],
    path: (string | number)[],
): ReturnType<typeof divideReplicas> {
    try {
        return divideReplicas(total, requests);
    } catch (error) {
        if (error instanceof ReplicaDivisionError)
            throw new FleetConfigError(
                path,
                `a total that can be divided for service "${service.name}"`,
                `${total}: ${error.message}`,
            );
        throw error;
    }
}

/**
 * Node's diagnostics channel on which placeService announces the name of each service it
 * places, for observers (a test counts that a program run places each service once). Free
 * while nobody subscribes; it changes no decision.
 */
export const placementChannel = channel("fedfleet:placeService");

/** Places a service on the fleet. Throws FleetConfigError for any infeasible request. */
export function placeService(service: ServiceConfig, fleet: readonly PlacementCluster[]): ClusterPlacement[] {
    if (placementChannel.hasSubscribers) placementChannel.publish(service.name);
    const who = `service "${service.name}"`;
    if (!isCount(service.replicas))
        throw new FleetConfigError(
            ["replicas"],
            `a whole number from 0 to ${MAX_REPLICAS} for ${who}`,
            String(service.replicas),
        );
    const chosen = chooseClusters(service, fleet);
    const requests = shareRequests(service, chosen, fleet);
    checkFeasible(service, requests, service.replicas, ["replicas"]);
    const shares = divide(service, service.replicas, requests, ["replicas"]);

    const autoscaling = service.autoscaling;
    if (!autoscaling) return chosen.map((cluster) => ({ cluster, replicas: shares[cluster] }));
    if (!isCount(autoscaling.maxReplicas) || autoscaling.maxReplicas < service.replicas) {
        throw new FleetConfigError(
            ["autoscaling", "maxReplicas"],
            `a whole number from replicas (${service.replicas}) to ${MAX_REPLICAS} for ${who}`,
            String(autoscaling.maxReplicas),
        );
    }
    checkFeasible(service, requests, autoscaling.maxReplicas, ["autoscaling", "maxReplicas"]);
    // Divisor methods are house-monotone, so each cluster's max share is at least its min share.
    const maxShares = divide(service, autoscaling.maxReplicas, requests, ["autoscaling", "maxReplicas"]);
    // An autoscaled cluster needs an HPA minimum of 1; with a share of 0 it would get no
    // workload and its part of the fleet-wide maximum would silently vanish.
    const starved = chosen.filter((cluster) => shares[cluster] === 0 && maxShares[cluster] > 0);
    if (starved.length > 0) {
        throw new FleetConfigError(
            ["replicas"],
            `with autoscaling, a minimum that gives every cluster at least 1 replica for ${who} (or fewer clusters)`,
            `${service.replicas}, leaving ${starved.join(", ")} with none`,
        );
    }
    return chosen.map((cluster) => ({
        cluster,
        replicas: shares[cluster],
        autoscaling:
            shares[cluster] > 0 ? { minReplicas: shares[cluster], maxReplicas: maxShares[cluster] } : undefined,
    }));
}
