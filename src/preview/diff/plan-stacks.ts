// The plans a plan diff compares, with no more work than the change needs: a stack whose
// inputs are the same on both sides is unchanged without a preview (the same inputs give
// byte-identical plans); a plan already made from the same inputs comes from the cache; the
// rest are previewed as many at once as there are cores, by worker processes of each side
// that preview stack after stack (side-workers.ts), the base checked out and built only if
// one of them needs it. The head is previewed under the base's gate (gate.ts, gated-head.ts):
// its program, the base's policy pack and pack configs. Results come back in stack order,
// whatever order the previews finish in.
import { randomBytes } from "node:crypto";
import * as path from "node:path";
import { BaseWorktree, prepareBase } from "./base-worktree";
import type { PlanCache } from "./cache";
import { EnvironmentChange, gateChanges, GateChange, gatedFiles } from "./gate";
import { prepareGatedHead } from "./gated-head";
import { compareSides, environmentOf, projectSides, sameFilesButStacks, sameInputs, stackFileOf } from "./inputs";
import { JobPool } from "./pool";
import { previewSide, secretDigestEnv, SideResult } from "./side-preview";
import { SideWorkers } from "./side-workers";

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

/** Each stack's plans on both sides, in stack order; see the top of this file. */
export async function planStacks(options: PlanStacksOptions): Promise<StackSides[]> {
    return (await planComparison(options)).stacks;
}

/** A comparison: each stack's two sides, and what the head changes of the gate that judges it. */
export interface Comparison {
    stacks: StackSides[];
    /** The gate's files the head adds, removes or changes (gate.ts): never what the head is judged by. */
    gate: GateChange[];
    /** Stacks judged by another environment's pack config in the head. */
    environments: EnvironmentChange[];
}

/** The stacks whose stack file names another environment in the head (so another pack config judges them). */
function environmentChanges(sides: ReturnType<typeof projectSides>): EnvironmentChange[] {
    const stacks = [...sides.base.files.keys()].filter((file) => sides.head.files.has(file));
    return stacks.flatMap((file) => {
        const match = /^stacks\/Pulumi\.(.+)\.yaml$/.exec(file);
        if (!match || file !== stackFileOf(match[1])) return [];
        const text = (side: typeof sides.base) => side.readText(file);
        const [baseText, headText] = [text(sides.base), text(sides.head)];
        const before = baseText === undefined ? undefined : environmentOf(baseText);
        const after = headText === undefined ? undefined : environmentOf(headText);
        return before === after ? [] : [{ stack: match[1], before, after }];
    });
}

/** planStacks, with what the head changes of the gate. */
export async function planComparison(options: PlanStacksOptions): Promise<Comparison> {
    const { projectRoot, workDir, cache } = options;
    const step = options.onStep ?? (() => {});
    const sides = projectSides(projectRoot, options.baseCommit, options.leaveOut);
    // The head as its previews see it: its own files but the gate's, which are the base's.
    const gatedHeadFiles = gatedFiles(sides.base.files, sides.head.files);
    const inputs = compareSides({ base: sides.base, head: { ...sides.head, files: gatedHeadFiles } });
    const gate = gateChanges(sides.base.files, sides.head.files);
    const environments = environmentChanges(sides);
    // Built before anything is decided, so parallel previews never build it at once, and a
    // syntax error anywhere (tests and tools included, which no preview reads) fails every
    // preview of the head: no stack of it may be taken for unchanged.
    step("copying the head with the base's gate, and building it");
    const gatedHead = await prepareGatedHead(
        projectRoot,
        sides.head.files,
        options.baseCommit,
        sides.base.files,
        workDir,
    );
    if (gatedHead.buildError) {
        const error = gatedHead.buildError;
        const stacks = inputs.map(({ stack }) => ({ stack, unchanged: false, before: {}, after: { error } }));
        return { stacks, gate, environments };
    }
    // Random per comparison, never stored, unless a cache keeps its own (cache.ts says why).
    const secretKey = cache?.digestKey ?? randomBytes(32).toString("hex");
    const pool = new JobPool(options.jobs);
    let base: Promise<BaseWorktree> | undefined;
    // The common change, a stack file edited, leaves the gated head the base's files but its
    // stacks: the same build, which the base then takes from the head instead of compiling it
    // again (the base's own build still checks it, by the sources' content).
    const builtTwin = sameFilesButStacks(sides.base.files, gatedHeadFiles) ? gatedHead.projectDir : undefined;
    const baseWorktree = () =>
        (base ??= pool.run(() => {
            step(`checking out and building the base (${options.baseCommit.slice(0, 12)})`);
            return prepareBase(projectRoot, options.baseCommit, workDir, builtTwin);
        }));
    // Each side's previews run in its own worker processes, kept until every preview has ended.
    const workers = new Map<string, SideWorkers>();
    const workersOf = (projectDir: string) => {
        if (!workers.has(projectDir)) workers.set(projectDir, new SideWorkers(projectDir, secretDigestEnv(secretKey)));
        return workers.get(projectDir)!;
    };

    const plan = async (side: "base" | "head", stack: string, inputHash: string): Promise<SideResult> => {
        const cached = cache?.get(inputHash);
        if (cached) {
            step(`${stack}: the ${side}'s plan from the cache`);
            return { plan: cached, cached: true };
        }
        const outDir = path.join(workDir, "plans", side, stack);
        const projectDir = side === "head" ? gatedHead.projectDir : (await baseWorktree()).projectDir;
        const result = await pool.run(() => {
            step(`${stack}: previewing the ${side}${side === "head" ? " (working tree, the base's gate)" : ""}`);
            return previewSide(projectDir, stack, outDir, secretKey, workersOf(projectDir));
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
    for (const sideWorkers of workers.values()) sideWorkers.close();
    if (base) {
        const worktree = await base.catch(() => undefined);
        worktree?.cleanup();
    }
    const failed = settled.find((result) => result.status === "rejected");
    if (failed) throw failed.reason;
    cache?.prune();
    const stacks = settled.map((result) => (result as PromiseFulfilledResult<StackSides>).value);
    return { stacks, gate, environments };
}
