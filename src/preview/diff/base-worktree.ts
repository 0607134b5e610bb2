// The base side of a plan diff: the commit named on the command line, checked out in a
// temporary git worktree with its dependencies and its own build, only when some stack's
// base has to be previewed.
import * as fs from "node:fs";
import * as path from "node:path";
import { UsageError } from "../harness/usage-error";
import { runAsync, runSync } from "./processes";

/** The commit a --base names, checked before anything runs; UsageError for what names none. */
export function resolveBase(projectRoot: string, ref: string): string {
    if (runSync("git", ["rev-parse", "--show-toplevel"], projectRoot).status !== 0)
        throw new UsageError("plan:diff needs a git checkout");
    const commit = runSync("git", ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`], projectRoot);
    if (commit.status !== 0 || !/^[0-9a-f]+$/.test(commit.stdout.trim()))
        throw new UsageError(`--base: expected a git commit, branch or tag, found "${ref}"`);
    return commit.stdout.trim();
}

/** A checked-out and built base, and how to remove it. */
export interface BaseWorktree {
    projectDir: string;
    cleanup: () => void;
}

/**
 * How to run a project's `build` script: a plain `node <file> [args]` directly, as npm would
 * run it (npm's own start costs about a second on a busy machine), anything else through npm.
 */
export function buildCommand(projectDir: string): [string, string[]] {
    let script: unknown;
    try {
        script = (
            JSON.parse(fs.readFileSync(path.join(projectDir, "package.json"), "utf8")) as {
                scripts?: Record<string, unknown>;
            }
        ).scripts?.build;
    } catch {
        script = undefined;
    }
    if (typeof script === "string" && /^node( [A-Za-z0-9_./-]+)+$/.test(script))
        return [process.execPath, script.split(" ").slice(1)];
    return ["npm", ["run", "--silent", "build"]];
}

/**
 * Checks out `commit` in a worktree under `workDir`, with dependencies and a build.
 * `builtTwin` names a project built from the same files but stack files: its dist/ is copied in
 * first, and the base's own build then finds it current (its check reads the sources'
 * content) instead of compiling them again. A base whose build checks otherwise rebuilds.
 */
export async function prepareBase(
    projectRoot: string,
    commit: string,
    workDir: string,
    builtTwin?: string,
): Promise<BaseWorktree> {
    const top = runSync("git", ["rev-parse", "--show-toplevel"], projectRoot).stdout.trim();
    const worktree = path.join(workDir, "base");
    const added = await runAsync("git", ["worktree", "add", "--detach", worktree, commit], top);
    if (added.status !== 0) throw new Error(`git worktree add failed: ${added.stderr.trim()}`);
    const cleanup = () => {
        runSync("git", ["worktree", "remove", "--force", worktree], top);
        runSync("git", ["worktree", "prune"], top);
    };
    const projectDir = path.join(worktree, path.relative(top, projectRoot));
    try {
        const lock = (dir: string) =>
            fs.existsSync(path.join(dir, "package-lock.json"))
                ? fs.readFileSync(path.join(dir, "package-lock.json"), "utf8")
                : "";
        if (lock(projectDir) === lock(projectRoot)) {
            // Same dependencies: share the installed tree instead of installing again.
            fs.symlinkSync(path.join(projectRoot, "node_modules"), path.join(projectDir, "node_modules"), "dir");
        } else if (fs.existsSync(path.join(projectDir, "package-lock.json"))) {
            const install = await runAsync("npm", ["ci", "--ignore-scripts", "--no-audit", "--no-fund"], projectDir);
            if (install.status !== 0)
                throw new Error(`npm ci at the base failed: ${install.stderr.trim().split("\n").pop()}`);
        }
        if (builtTwin !== undefined && fs.existsSync(path.join(builtTwin, "dist")))
            fs.cpSync(path.join(builtTwin, "dist"), path.join(projectDir, "dist"), { recursive: true });
        // The base's own build, whichever it is (tsc at first, esbuild since).
        const build = await runAsync(...buildCommand(projectDir), projectDir);
        if (build.status !== 0)
            throw new Error(`building the base failed: ${(build.stderr.trim() || build.stdout.trim()).split("\n")[0]}`);
    } catch (error) {
        cleanup();
        throw error;
    }
    return { projectDir, cleanup };
}
