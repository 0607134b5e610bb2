// The head as plan:diff previews it: a copy of the head's files with the base's gate files
// (gate.ts) in place of its own, with the head's dependencies and its own build. Its previews
// run the head's program under the base's policy pack and pack configs, so the head's plans
// carry the base's verdict. Built in a child process: the head's build script is the head's
// code, and never runs inside the gate's process.
import * as fs from "node:fs";
import * as path from "node:path";
import { fromBase } from "./gate";
import type { ProjectFiles } from "./inputs";
import { runAsync, runSync } from "./processes";
import { buildCommand } from "./base-worktree";

/** Where a project is in its git checkout: its top and its path from there ("" at the top). */
function placeInCheckout(projectRoot: string): { top: string; prefix: string } {
    const top = fs.realpathSync(runSync("git", ["rev-parse", "--show-toplevel"], projectRoot).stdout.trim());
    return { top, prefix: path.relative(top, fs.realpathSync(projectRoot)).split(path.sep).join("/") };
}

/** Writes the base's gate files (as `baseCommit` holds them) into `dir`. */
async function writeBaseGate(projectRoot: string, baseCommit: string, dir: string, files: ProjectFiles): Promise<void> {
    const { top, prefix } = placeInCheckout(projectRoot);
    const gate = [...files.entries()].filter(([file, entry]) => fromBase(file) && entry.startsWith("f "));
    if (gate.length === 0) return;
    // `git archive <commit>:<prefix>` writes paths from the project's root; tar puts them in place.
    const tarFile = path.join(dir, "..", "base-gate.tar");
    const archive = await runAsync(
        "git",
        [
            "archive",
            "--format=tar",
            `--output=${tarFile}`,
            prefix ? `${baseCommit}:${prefix}` : baseCommit,
            "--",
            ...gate.map(([file]) => file),
        ],
        top,
    );
    if (archive.status !== 0) throw new Error(`git archive of the base's gate failed: ${archive.stderr.trim()}`);
    const untar = await runAsync("tar", ["-xf", tarFile, "-C", dir], dir);
    fs.rmSync(tarFile, { force: true });
    if (untar.status !== 0) throw new Error(`unpacking the base's gate failed: ${untar.stderr.trim()}`);
}

/**
 * A node snippet that builds a project with its src/build.js and prints esbuild's message, as
 * build.js throws it, on stdout (esbuild's own log goes to stderr). It exits after the one
 * build, so esbuild's Go collector is off, as src/build.js run on its own has it.
 */
const BUILD_SCRIPT =
    'process.env.GOGC ??= "off";' +
    " try { require(process.argv[1]).build({ ifStale: true }); } catch (error) {" +
    " process.stdout.write(String((error && error.message) || error)); process.exit(1); }";

/**
 * Builds the gated head; returns why it does not build, if it does not. esbuild's message is
 * "Build failed with N error(s):" and then one line per error: the first error is kept.
 */
async function buildGatedHead(dir: string): Promise<string | undefined> {
    const buildJs = path.join(dir, "src", "build.js");
    const [command, args] = fs.existsSync(buildJs)
        ? [process.execPath, ["-e", BUILD_SCRIPT, buildJs]]
        : buildCommand(dir);
    const result = await runAsync(command, args, dir);
    if (result.status === 0) return undefined;
    const lines = (result.stdout.trim() || result.stderr.trim()).split("\n");
    return `the head does not build: ${(lines[1] || lines[0]).trim()}`;
}

/**
 * The head checkout's dist/, if it is a build made there: a directory of its own (a link
 * would have the gated head's build write into the head's), of which git tracks nothing. A
 * dist/ committed with the pull request is never taken: a fresh CI checkout has no other,
 * and its compiled gate files would stand in for the base's. Not its lint caches (.cache).
 */
function localBuild(headRoot: string): string | undefined {
    const dist = path.join(headRoot, "dist");
    if (!fs.lstatSync(dist, { throwIfNoEntry: false })?.isDirectory()) return undefined;
    const tracked = runSync("git", ["ls-files", "-z", "--", "dist"], headRoot);
    return tracked.status === 0 && tracked.stdout === "" ? dist : undefined;
}

/** The gated head, ready to preview, or why it cannot be. */
export interface GatedHead {
    projectDir: string;
    /** Why the head does not build (the gate's files in place), if it does not. */
    buildError?: string;
}

/**
 * Copies the head's files (`headFiles`, as inputs.ts lists the working tree) but for the gate's
 * into `workDir/head`, puts the base's gate files (`baseFiles`) in, links the head's
 * node_modules and builds it.
 */
export async function prepareGatedHead(
    headRoot: string,
    headFiles: ProjectFiles,
    baseCommit: string,
    baseFiles: ProjectFiles,
    workDir: string,
): Promise<GatedHead> {
    const dir = path.join(workDir, "head");
    fs.mkdirSync(dir, { recursive: true });
    for (const [file, entry] of headFiles) {
        if (fromBase(file) || !(entry.startsWith("f ") || entry.startsWith("l "))) continue;
        fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        fs.cpSync(path.join(headRoot, file), path.join(dir, file), { verbatimSymlinks: true });
    }
    await writeBaseGate(headRoot, baseCommit, dir, baseFiles);
    const modules = path.join(headRoot, "node_modules");
    if (fs.existsSync(modules)) fs.symlinkSync(fs.realpathSync(modules), path.join(dir, "node_modules"), "dir");
    // The head's own build, if the head checkout has one of its own making (`npm run
    // plan:diff` builds it first): the build below keeps it only if the gated head's sources
    // are the ones it was compiled from (the build checks by content: no gate file changed,
    // the common pull request), and compiles everything otherwise, as with no dist/ at all.
    const headDist = localBuild(headRoot);
    if (headDist) {
        const lintCaches = path.join(headDist, ".cache");
        fs.cpSync(headDist, path.join(dir, "dist"), {
            recursive: true,
            dereference: true,
            filter: (from) => from !== lintCaches,
        });
    }
    return { projectDir: dir, buildError: await buildGatedHead(dir) };
}
