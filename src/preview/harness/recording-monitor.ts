// A MockMonitor that writes down every registration the program makes, with the options
// a real engine would act on (parent, provider, dependencies, protect, aliases ...).
import * as pulumi from "@pulumi/pulumi";
import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";
import {
    specialOutputValueSig,
    specialResourceSig,
    specialSecretSig,
    specialSigKey,
    unknownValue,
} from "@pulumi/pulumi/runtime/rpc";
import type { ContractViolation } from "../contracts/contract";
import { secretMark, UNKNOWN_MARK } from "./marks";

// The marks lived here until they moved to marks.ts. plan:diff previews a head with the base's
// gate files (gate.ts), and a base from before the move imports them from this module
// (src/preview/policy/run-pack.ts); without these names its verdict would read them as undefined.
export { SECRET_MARK, secretMark, UNKNOWN_MARK } from "./marks";

/** One registration as the engine receives it: the resource, the options it acts on, and its masked inputs. */
export interface RecordedResource {
    urn: string;
    type: string;
    name: string;
    custom: boolean;
    parent?: string;
    /** URN of the explicit provider, without its id. */
    provider?: string;
    dependencies: string[];
    protect: boolean;
    aliases: unknown[];
    ignoreChanges: string[];
    /**
     * The `deleteBeforeReplace` option, when the program sets it: it overrides the provider's
     * own choice (pulumi/pulumi step_generator.go); absent, the provider decides.
     */
    deleteBeforeReplace?: boolean;
    /** Inputs as sent to the engine, secrets replaced by secretMark's mark, unknowns by "[unknown]". */
    inputs: Record<string, unknown>;
}

/**
 * A registration's or invoke's inputs, read loosely: code that checks them against the shapes
 * the providers document (mocks, contracts, quotas, tests) reads and edits them freely.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type LooseInputs = Record<string, any>;

/** Called with the raw value of every secret met on the wire; for tests that look for leaks. */
export type SecretSink = (value: unknown, source: string) => void;

/**
 * Plain JSON of a wire value: secrets masked, unknowns marked, resource references by URN.
 * `onSecret`, if given, also receives each secret's raw value, tagged with `source`.
 */
export function maskWireValue(value: unknown, onSecret?: SecretSink, source = ""): unknown {
    if (value === unknownValue) return UNKNOWN_MARK;
    if (Array.isArray(value)) return value.map((item) => maskWireValue(item, onSecret, source));
    if (value !== null && typeof value === "object") {
        const record = value as Record<string, unknown>;
        const sig = record[specialSigKey];
        const secret = (raw: unknown) => {
            onSecret?.(raw, source);
            return secretMark(raw);
        };
        if (sig === specialSecretSig) return secret(record.value);
        if (sig === specialResourceSig) return record.urn;
        if (sig === specialOutputValueSig) {
            if (record.secret === true) return secret(record.value);
            return record.value === undefined ? UNKNOWN_MARK : maskWireValue(record.value, onSecret, source);
        }
        const out: Record<string, unknown> = {};
        for (const key of Object.keys(record).sort()) out[key] = maskWireValue(record[key], onSecret, source);
        return out;
    }
    return value;
}

/** A provider reference (`<urn>::<id>`) without its id; undefined for an empty reference. */
export function stripProviderId(reference: string): string | undefined {
    if (!reference) return undefined;
    const cut = reference.lastIndexOf("::");
    return cut > 0 ? reference.slice(0, cut) : reference;
}

/**
 * The engine's URN rule: the type is qualified by every ancestor's type, not only the
 * parent's as MockMonitor's own rule does, so plans show the URNs `pulumi up` would create.
 */
export function engineUrn(parent: string, type: string, name: string): string {
    const qualifiedType = parent ? `${parent.split("::")[2]}$${type}` : type;
    return `urn:pulumi:${pulumi.getStack()}::${pulumi.getProject()}::${qualifiedType}::${name}`;
}

/**
 * The SDK's MockMonitor, recording every registration under the URN the real engine would give
 * it, and refusing a second registration of a URN as the engine does.
 */
export class RecordingMonitor extends MockMonitor {
    readonly recorded: RecordedResource[] = [];
    /** Registrations a real engine would refuse, with its message. */
    readonly refusals: string[] = [];
    /** Invokes the provider would fail: the contracts their arguments break. */
    readonly invokeRefusals: ContractViolation[] = [];
    /**
     * Each resource's outputs as the engine's state holds them, masked as inputs are: what the fake
     * clouds answered for a custom resource, what a component registered with registerOutputs.
     * Stack policies are run on these (the engine's AnalyzeStack), resource policies on the inputs.
     */
    readonly outputs = new Map<string, Record<string, unknown>>();
    /** Each custom resource's id, as the fake clouds gave it (none in a first preview). */
    readonly ids = new Map<string, string>();
    /**
     * Per resource, which resources each input property was computed from, as the SDK sends them
     * (RegisterResourceRequest propertyDependencies); the engine hands them to stack policies.
     */
    readonly propertyDependencies = new Map<string, Record<string, string[]>>();
    private readonly byUrn = new Map<string, RecordedResource>();

    /** @param onSecret receives every secret the program sends: resource inputs, component outputs, invoke arguments. */
    constructor(
        mocks: pulumi.runtime.Mocks,
        private readonly onSecret?: SecretSink,
    ) {
        super(mocks);
        // MockMonitor keeps its URN rule in a method its typings mark private; replace it.
        Object.assign(this, { newUrn: engineUrn });
    }

    /** The recorded registration of a URN, if any. */
    lookup(urn: string | undefined): RecordedResource | undefined {
        return urn ? this.byUrn.get(urn) : undefined;
    }

    // The request type is the SDK's generated protobuf class; only its getters are used.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    override async registerResource(req: any, callback: (err: any, response: any) => void): Promise<void> {
        const type: string = req.getType();
        const name: string = req.getName();
        const parent: string = req.getParent();
        // The URN is what the mock engine will assign; recording it first lets the mocks
        // look up a resource's provider and parent while answering for the resource itself.
        const urn = engineUrn(parent, type, name);
        if (this.byUrn.has(urn)) {
            // The engine refuses a second registration of a URN, failing the update; the SDK
            // under mocks would carry on, so the refusal is kept for the runner to raise.
            const refusal = `Duplicate resource URN '${urn}'; try giving it a unique name`;
            this.refusals.push(refusal);
            callback(new Error(refusal), undefined);
            return;
        }
        const record: RecordedResource = {
            urn,
            type,
            name,
            custom: req.getCustom(),
            parent: parent || undefined,
            provider: stripProviderId(req.getProvider()),
            dependencies: [...req.getDependenciesList()].sort(),
            protect: req.getProtect() === true,
            // eslint-disable-next-line @typescript-eslint/no-explicit-any
            aliases: req.getAliasesList().map((alias: any) => maskWireValue(alias.toObject())),
            ignoreChanges: [...req.getIgnorechangesList()],
            ...(req.getDeletebeforereplacedefined()
                ? { deleteBeforeReplace: req.getDeletebeforereplace() === true }
                : {}),
            inputs: maskWireValue(req.getObject()?.toJavaScript() ?? {}, this.onSecret, urn) as Record<string, unknown>,
        };
        this.recorded.push(record);
        this.byUrn.set(urn, record);
        const dependsOn: Record<string, string[]> = {};
        // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the generated protobuf map
        req.getPropertydependenciesMap().forEach((value: any, key: string) => {
            dependsOn[key] = [...value.getUrnsList()].sort();
        });
        this.propertyDependencies.set(urn, dependsOn);
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        return super.registerResource(req, (err: any, response: any) => {
            if (!err && response) {
                this.outputs.set(urn, this.maskOutputs(response.getObject(), urn));
                if (response.getId()) this.ids.set(urn, response.getId());
            }
            callback(err, response);
        });
    }

    // A component's outputs in the engine's state are what it registers here.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    override registerResourceOutputs(req: any, callback: (err: any, response: any) => void): void {
        const urn: string = req.getUrn();
        if (this.byUrn.has(urn)) this.outputs.set(urn, this.maskOutputs(req.getOutputs(), urn));
        return super.registerResourceOutputs(req, callback);
    }

    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    private maskOutputs(struct: any, urn: string): Record<string, unknown> {
        return maskWireValue(struct?.toJavaScript() ?? {}, this.onSecret, `${urn} outputs`) as Record<string, unknown>;
    }

    // Invoke arguments are not recorded, but may carry secrets too.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    override async invoke(req: any, callback: (err: any, response: any) => void): Promise<void> {
        if (this.onSecret) maskWireValue(req.getArgs()?.toJavaScript() ?? {}, this.onSecret, `invoke ${req.getTok()}`);
        return super.invoke(req, callback);
    }
}
