// Starts the SDK's mock engine the way the offline preview uses it: a recording monitor
// answered by the fake clouds, the engine features a real `pulumi up` offers, and the
// stack's config. The program runner and the benchmark's SDK floor share it, so the floor
// pays exactly the engine costs the program does.
import * as pulumi from "@pulumi/pulumi";
import type { ClusterConfig } from "../../plan/config/schema";
import { FirstPreviewMocks, FleetMocks } from "./mocks";
import { RecordingMonitor, SecretSink } from "./recording-monitor";

// Internal SDK modules (left out of its typings): the feature flags setMocks would set, and
// the queue of registrations still in flight.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { getStore } = require("@pulumi/pulumi/runtime/state") as { getStore(): Record<string, unknown> };
/** Resolves once the SDK has no registration or invoke still in flight. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const { waitForRPCs } = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> };

/** The Pulumi project the mock engine runs, as Pulumi.yaml names it. */
export const PROJECT = "fedfleet";

/** What the mock engine needs of a stack. */
export interface MockEngineOptions {
    stack: string;
    /** Config as the language host passes it: `<namespace>:<key>` to text. */
    config: Record<string, string>;
    secretKeys: string[];
    /** The stack's clusters, which the fake clouds answer for. */
    clusters: readonly ClusterConfig[];
    dnsZoneName?: string;
    /** Receives every raw secret the monitor masks (tests only). */
    onSecret?: SecretSink;
    /**
     * Run as the first `pulumi preview` of a new stack: the engine in preview mode, and what the
     * clouds would compute for a resource not yet created unknown. Otherwise every output is known.
     */
    firstPreview?: boolean;
}

/**
 * Installs the mock engine in this process, with the stack's config and fake clouds; returns the
 * monitor, which records every registration.
 */
export function startMockEngine(options: MockEngineOptions): RecordingMonitor {
    const clusters = new Map<string, ClusterConfig>(options.clusters.map((cluster) => [cluster.name, cluster]));
    const clouds = new FleetMocks({
        lookup: (urn) => monitor.lookup(urn),
        onRefusal: (violations) => monitor.invokeRefusals.push(...violations),
        clusters,
        dnsZoneName: options.dnsZoneName,
    });
    const monitor: RecordingMonitor = new RecordingMonitor(
        options.firstPreview ? new FirstPreviewMocks(clouds) : clouds,
        options.onSecret,
    );
    // Set on every run: one process may run the program in both modes (the tests do).
    pulumi.runtime.setMockOptions(monitor, PROJECT, options.stack, options.firstPreview === true);
    Object.assign(getStore(), {
        supportsSecrets: true,
        supportsResourceReferences: true,
        supportsOutputValues: false,
        supportsDeletedWith: true,
        supportsAliasSpecs: true,
        supportsTransforms: true,
        supportsInvokeTransforms: true,
        supportsParameterization: true,
    });
    pulumi.runtime.setAllConfig(options.config, options.secretKeys);
    return monitor;
}
