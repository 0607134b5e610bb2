// Plans kept by the hash of their inputs (inputs.ts), in a directory a workflow keeps between
// runs (actions/cache), so the next push to a pull request previews only what it changed.
// An entry is a plan.json exactly as the preview wrote it; the same inputs give the same
// bytes, so a plan from here and one made now are interchangeable.
//
// Secrets: plans record a secret as a digest keyed by FEDFLEET_SECRET_DIGEST_KEY, so that two
// plans can tell a changed secret without holding its value. Plans from different runs only
// compare under one key, so a cache keeps its own random key next to its entries and every
// preview of a run that uses the cache is keyed by it. Nothing else changes: the key is
// never printed, a digest never reaches a report, and the offline preview never sees a real
// secret (a `secure:` value becomes a placeholder made from its committed ciphertext).
import { createHash, randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import type { PlanFile } from "./plan-diff";

/** Bumped when what an entry holds changes, so an older cache is read as empty. */
const FORMAT = "fedfleet plan cache 1";
const KEY_FILE = "digest-key";
const ENTRY = /^[0-9a-f]{64}\.json$/;

/** A directory of plans by input hash; see the top of this file. */
export class PlanCache {
    /** The key every preview of a run using this cache digests secrets with. */
    readonly digestKey: string;
    private readonly used = new Set<string>();

    constructor(readonly dir: string) {
        fs.mkdirSync(dir, { recursive: true });
        this.digestKey = PlanCache.ownKey(path.join(dir, KEY_FILE));
    }

    /** The cache's key: made once, on first use, readable by its owner only. */
    private static ownKey(file: string): string {
        const read = () => fs.readFileSync(file, "utf8").trim();
        if (fs.existsSync(file) && /^[0-9a-f]{64}$/.test(read())) return read();
        // A missing or damaged key starts the cache afresh: entries under another key stop matching.
        fs.rmSync(file, { force: true });
        try {
            fs.writeFileSync(file, `${randomBytes(32).toString("hex")}\n`, { mode: 0o600, flag: "wx" });
        } catch (error) {
            // Another run made it first: theirs is the cache's key.
            if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
        }
        return read();
    }

    /**
     * An entry's file name: the inputs, and what else a plan could depend on that the inputs
     * leave out (the Node version and platform that ran it, the digest key).
     */
    private entryName(inputHash: string): string {
        const keyId = createHash("sha256").update(this.digestKey).digest("hex");
        return `${createHash("sha256")
            .update([FORMAT, inputHash, process.version, process.platform, process.arch, keyId].join("\n"))
            .digest("hex")}.json`;
    }

    /** The plan made from these inputs, if there is one and it reads as JSON. */
    get(inputHash: string): PlanFile | undefined {
        const name = this.entryName(inputHash);
        try {
            const plan = JSON.parse(fs.readFileSync(path.join(this.dir, name), "utf8")) as PlanFile;
            this.used.add(name);
            return plan;
        } catch {
            return undefined;
        }
    }

    /** Keeps a plan.json's text as the plan of these inputs; written whole or not at all. */
    put(inputHash: string, planText: string): void {
        const name = this.entryName(inputHash);
        const partial = path.join(this.dir, `${name}.${process.pid}.partial`);
        fs.writeFileSync(partial, planText);
        fs.renameSync(partial, path.join(this.dir, name));
        this.used.add(name);
    }

    /**
     * Removes every entry this run neither read nor wrote, so the directory a workflow saves
     * holds one run's plans, not every push's.
     */
    prune(): void {
        for (const name of fs.readdirSync(this.dir)) {
            if ((ENTRY.test(name) && !this.used.has(name)) || name.endsWith(".partial"))
                fs.rmSync(path.join(this.dir, name), { force: true });
        }
    }
}
