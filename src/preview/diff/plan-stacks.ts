// The plans a plan diff compares, with no more work than the change needs: a stack whose
// inputs are the same on both sides is unchanged without a preview (the same inputs give
// byte-identical plans); a plan already made from the same inputs comes from the cache; the
// rest are previewed in worker processes, as many at once as there are cores, the base
// checked out and built only if one of them needs it. Results come back in stack order,
// whatever order the previews finish in.
import { randomBytes } from "node:crypto";
import * as path from "node:path";
import { BaseWorktree, prepareBase } from "./base-worktree";
import type { PlanCache } from "./cache";
import { compareInputs, sameInputs } from "./inputs";
import { JobPool } from "./pool";
import { previewSide, SideResult } from "./side-preview";

/** One stack's two sides: each side's plan or error; `{}` for a side without the stack. */
export interface StackSides {
    stack: string;
    /** Base and head inputs are the same, so their plans are too: neither was previewed. */
    unchanged: boolean;
    before: SideResult;
    after: SideResult;
}

/** What to compare, and how. */
export interface PlanStacksOptions {
    projectRoot: string;
    /** The base commit (resolveBase). */
    baseCommit: string;
    /** A private temporary directory: the base worktree and the previews' plan files go there. */
    workDir: string;
    /** Previews at once. */
    jobs: number;
    cache?: PlanCache;
    /** Preview both sides of every stack, even one whose inputs are the same. */
    previewAll?: boolean;
    /** Directories inside the project whose files are never inputs (plan:diff's own --out and --cache). */
    leaveOut?: string[];
    /** Told each step as it begins (a stack skipped, a plan from the cache, a preview started). */
    onStep?: (text: string) => void;
}

/**
 * Brings the head's dist/ up to date before anything is decided, as `npm run plan:diff` does
 * before it starts, so parallel previews never build it at once. Returns why it does not
 * build, if it does not: a syntax error anywhere, tests and tools included, fails every
 * preview of the head, so no stack of it may be taken for unchanged.
 */
function buildHead(projectRoot: string): string | undefined {
    try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- the head's own plain-JavaScript build
        (require(path.join(projectRoot, "src", "build.js")) as { build(o: { ifStale: boolean }): boolean }).build({
            ifStale: true,
        });
        return undefined;
    } catch (error) {
        // esbuild's message is "Build failed with N error(s):" and then one line per error.
        const lines = String((error as Error)?.message ?? error).split("\n");
        return `the head does not build: ${(lines[1] || lines[0]).trim()}`;
    }
}

/** Each stack's plans on both sides, in stack order; see the top of this file. */
export async function planStacks(options: PlanStacksOptions): Promise<StackSides[]> {
    const { projectRoot, workDir, cache } = options;
    const step = options.onStep ?? (() => {});
    const inputs = compareInputs(projectRoot, options.baseCommit, options.leaveOut);
    const buildError = buildHead(projectRoot);
    if (buildError)
        return inputs.map(({ stack }) => ({ stack, unchanged: false, before: {}, after: { error: buildError } }));
    // Random per comparison, never stored, unless a cache keeps its own (cache.ts says why).
    const secretKey = cache?.digestKey ?? randomBytes(32).toString("hex");
    const pool = new JobPool(options.jobs);
    let base: Promise<BaseWorktree> | undefined;
    const baseWorktree = () =>
        (base ??= pool.run(() => {
            step(`checking out and building the base (${options.baseCommit.slice(0, 12)})`);
            return prepareBase(projectRoot, options.baseCommit, workDir);
        }));

    const plan = async (side: "base" | "head", stack: string, inputHash: string): Promise<SideResult> => {
        const cached = cache?.get(inputHash);
        if (cached) {
            step(`${stack}: the ${side}'s plan from the cache`);
            return { plan: cached, cached: true };
        }
        const outDir = path.join(workDir, "plans", side, stack);
        const projectDir = side === "head" ? projectRoot : (await baseWorktree()).projectDir;
        const result = await pool.run(() => {
            step(`${stack}: previewing the ${side}${side === "head" ? " (working tree)" : ""}`);
            return previewSide(projectDir, stack, outDir, secretKey);
        });
        if (result.planText !== undefined) cache?.put(inputHash, result.planText);
        return { plan: result.plan, error: result.error };
    };

    const work = inputs.map(async (pair): Promise<StackSides> => {
        const { stack } = pair;
        if (!options.previewAll && sameInputs(pair)) {
            step(`${stack}: the same inputs on both sides, nothing to preview`);
            return { stack, unchanged: true, before: {}, after: {} };
        }
        const [before, after] = await Promise.all([
            pair.base ? plan("base", stack, pair.base.hash) : {},
            pair.head ? plan("head", stack, pair.head.hash) : {},
        ]);
        return { stack, unchanged: false, before, after };
    });
    // Every preview ends before anything is removed, even when one of them failed.
    const settled = await Promise.allSettled(work);
    if (base) {
        const worktree = await base.catch(() => undefined);
        worktree?.cleanup();
    }
    const failed = settled.find((result) => result.status === "rejected");
    if (failed) throw failed.reason;
    cache?.prune();
    return settled.map((result) => (result as PromiseFulfilledResult<StackSides>).value);
}
