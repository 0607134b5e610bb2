// What one stack's offline preview depends on, and a hash of it, so plan:diff can tell that
// base and head would give byte-identical plans (the preview's promise for the same inputs)
// without running either, and can find a plan it made before.
//
// The definition is conservative: every file of the project is an input of every stack,
// except what is known not to reach a preview. What does reach it: the stack file, the
// program and everything the build compiles into what the program and the preview load
// (index.ts, src/, policy/), the pack config of the stack's environment
// (policy/config/<environment>.json), pulumi-main.js and src/build.js (they build and start
// the program), Pulumi.yaml (names `main`), package.json and package-lock.json (the
// dependencies and the build script), tsconfig.json (esbuild reads some of its compiler
// options, such as useDefineForClassFields: https://esbuild.github.io/content-types/#tsconfig-json)
// and .nvmrc (the Node version CI runs). A new file nobody has classified is an input too.
//
// Other stacks' files reach a preview too, through one door only: the quotas stacks of one
// account or project share (src/preview/quotas/shared.ts sums what each checked-in stack
// needs). So a stack's full inputs hold every stack file (the cache's key), and a stack whose
// own inputs are the same on both sides is still unchanged when what it shares with the others
// came out the same (sharedQuotaDigest), computed without a preview.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { compareCodeUnits } from "../../plan/core/order";
import { STACK_FILE_NAME } from "../../plan/core/stack-name";
import { parseStackFile } from "../harness/stack-file";
import { allQuotas } from "../quotas";
import { sharedQuotas } from "../quotas/shared";
import { otherStackPlansFrom, planStackFile } from "../quotas/stack-plans";
import { runSync } from "./processes";

/**
 * A project's files by path from its root, "/"-separated, each as `<kind> <git object id>`:
 * `f` a file, `l` a symbolic link (its target), `c` a submodule's commit, `d` a directory
 * where git has a submodule (never equal to anything: its content is not looked at).
 */
export type ProjectFiles = ReadonlyMap<string, string>;

/**
 * Bumped whenever the rules below change, so no hash made under other rules is ever taken for
 * one of these. 3: the head's files are hashed as its previews see them, with the base's gate
 * files in place of its own (gate.ts), so a plan's key names the gate's code and pack configs it
 * was judged by, and a plan judged by one gate is never taken for one judged by another.
 */
const RULES_VERSION = "fedfleet plan inputs 3";

/** Never inputs, and not even listed: the build's output and the installed dependencies (package-lock.json stands for them). */
const NOT_PROJECT_FILES = ["node_modules", "dist"];

/**
 * Files no preview reads. tools/ and test/: the build compiles them, each file on its own,
 * but neither the program nor the preview imports them (lint refuses an import from
 * src/ or policy/ into them; a test traces what a preview actually reads), and plan:diff
 * builds the head before it decides anything, so a head whose tests do not compile fails
 * there. Prose (docs/, every .md: the plan-diff workflow passes fast on a change to those
 * alone), workflows and the CI script, and the settings of lint, format, tests and editors.
 */
const NOT_READ_DIRS = ["tools", "test", "docs", ".github", ".ci"];
const NOT_READ_FILES = [
    "eslint.config.mjs",
    ".prettierrc.json",
    ".prettierignore",
    ".mocharc.json",
    ".editorconfig",
    ".gitignore",
];

const under = (dir: string, file: string) => file === dir || file.startsWith(`${dir}/`);

/** Whether no preview of any stack reads this file. */
function readByNoPreview(file: string): boolean {
    return NOT_READ_DIRS.some((dir) => under(dir, file)) || NOT_READ_FILES.includes(file) || file.endsWith(".md");
}

/** The stack a file of stacks/ is the stack file of, if it is one. */
function stackOfFile(file: string): string | undefined {
    const [dir, name, ...deeper] = file.split("/");
    return dir === "stacks" && deeper.length === 0 ? STACK_FILE_NAME.exec(name)?.[1] : undefined;
}

/**
 * Whether two sides hold the same files but for stack files: then they build the same dist/
 * (no build reads a stack file), so one side's build serves the other (plan-stacks.ts).
 */
export function sameFilesButStacks(a: ProjectFiles, b: ProjectFiles): boolean {
    const differs = (file: string) => a.get(file) !== b.get(file) && stackOfFile(file) === undefined;
    return ![...a.keys(), ...b.keys()].some(differs);
}

/** The file the offline preview reads for `--stack <stack>`. */
export function stackFileOf(stack: string): string {
    return `stacks/Pulumi.${stack}.yaml`;
}

/** The stacks that have a stack file among these files, by name. */
export function stacksIn(files: ProjectFiles): string[] {
    const names = [...files.keys()].map(stackOfFile).filter((stack): stack is string => stack !== undefined);
    return [...new Set(names)].sort(compareCodeUnits);
}

/**
 * The environment a stack file declares (`fedfleet:federation.environment`), read as the
 * preview reads the file; undefined when it cannot be told (then every pack config is an input).
 */
export function environmentOf(stackFileText: string): string | undefined {
    try {
        const federation = parseStackFile(stackFileText, "stack file").fleetRaw.federation as
            { environment?: unknown } | undefined;
        return typeof federation?.environment === "string" ? federation.environment : undefined;
    } catch {
        return undefined;
    }
}

/** One stack's inputs: the files, and hashes of their paths and contents. */
export interface StackInputs {
    /** Its own inputs: every input but the other stacks' files. */
    files: string[];
    /** The hash of its own inputs. */
    ownHash: string;
    /** The hash of everything its plan depends on, other stacks' files included: a plan's key in the cache. */
    hash: string;
    /** The other stacks' files, by stack, with their text (what sharedQuotaDigest reads). */
    otherStackFiles: ReadonlyMap<string, { file: string; text: string }>;
}

/**
 * A stack's inputs among a project's files: all of them but those no preview reads, the
 * stack files of other stacks, and, when the stack file names an environment that has a
 * pack config, the pack configs of other environments. `readText` gives a file's text.
 */
export function stackInputs(
    files: ProjectFiles,
    stack: string,
    readText: (file: string) => string | undefined,
): StackInputs {
    const stackFileText = readText(stackFileOf(stack));
    const environment = stackFileText === undefined ? undefined : environmentOf(stackFileText);
    const ownConfig = `policy/config/${environment}.json`;
    const configsNarrowed = environment !== undefined && files.has(ownConfig);
    const isConfig = (file: string) => /^policy\/config\/[^/]+\.json$/.test(file);
    const selected = [...files.keys()]
        .filter((file) => !readByNoPreview(file))
        .filter((file) => (stackOfFile(file) ?? stack) === stack)
        .filter((file) => !configsNarrowed || !isConfig(file) || file === ownConfig)
        .sort(compareCodeUnits);
    const others = [...files.keys()].filter((file) => (stackOfFile(file) ?? stack) !== stack).sort(compareCodeUnits);
    const own = createHash("sha256").update(`${RULES_VERSION}\n`);
    for (const file of selected) own.update(`${file}\0${files.get(file)}\n`);
    const ownHash = own.digest("hex");
    const full = createHash("sha256").update(`${ownHash}\n`);
    for (const file of others) full.update(`${file}\0${files.get(file)}\n`);
    const otherStackFiles = new Map(
        others.flatMap((file) => {
            const text = readText(file);
            return text === undefined ? [] : [[stackOfFile(file)!, { file, text }] as const];
        }),
    );
    return { files: selected, ownHash, hash: full.digest("hex"), otherStackFiles };
}

/**
 * What a stack shares with the other stacks whose files are given, as the preview computes it
 * (sharedQuotas over otherStackPlans), in one string; undefined when the stack's own file does
 * not plan (then nothing can be told without a preview). Computed with this process's code:
 * valid for comparing two sides only where the stack's own inputs, the code among them, are equal.
 */
export function sharedQuotaDigest(stack: string, ownText: string, inputs: StackInputs): string | undefined {
    try {
        const file = stackFileOf(stack);
        const config = parseStackFile(ownText, file);
        const plan = planStackFile(config, file, stack);
        return JSON.stringify(
            sharedQuotas({ stack, plan }, otherStackPlansFrom(inputs.otherStackFiles, stack), allQuotas),
        );
    } catch {
        return undefined;
    }
}

/** The id git gives a blob of these bytes, so a working-tree file compares with a committed one unread. */
function gitBlobId(bytes: Buffer): string {
    return createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
}

function git(args: string[], cwd: string): string {
    const result = runSync("git", args, cwd);
    if (result.status !== 0) throw new Error(`git ${args[0]} failed: ${result.stderr.trim().split("\n")[0]}`);
    return result.stdout;
}

/** Where the project is in its git checkout ("" at the top), and the checkout's top. */
function placeInCheckout(projectRoot: string): { top: string; prefix: string } {
    const top = fs.realpathSync(git(["rev-parse", "--show-toplevel"], projectRoot).trim());
    const prefix = path.relative(top, fs.realpathSync(projectRoot)).split(path.sep).join("/");
    return { top, prefix };
}

/** Files known to reach a preview: listed from the disk, whatever git ignores, so an ignored one is still seen. */
const READ_ROOTS = [
    "index.ts",
    "src",
    "policy",
    "stacks",
    "pulumi-main.js",
    "Pulumi.yaml",
    "package.json",
    "package-lock.json",
    "tsconfig.json",
    ".nvmrc",
];

/**
 * The working tree's files: every file git tracks or would track (not ignored), and every file
 * under READ_ROOTS whether ignored or not. `leaveOut` names directories (plan:diff's own --out
 * and --cache) whose files are never inputs.
 */
export function workingTreeFiles(projectRoot: string, leaveOut: readonly string[] = []): Map<string, string> {
    const root = fs.realpathSync(projectRoot);
    const leftOut = leaveOut.map((dir) => path.relative(root, path.resolve(dir)).split(path.sep).join("/"));
    const listed = new Set<string>();
    const visit = (file: string) => {
        const stat = fs.lstatSync(path.join(root, file), { throwIfNoEntry: false });
        if (!stat) return;
        if (!stat.isDirectory()) listed.add(file);
        else
            for (const entry of fs.readdirSync(path.join(root, file)))
                if (entry !== "node_modules") visit(`${file}/${entry}`);
    };
    for (const file of READ_ROOTS) visit(file);
    for (const file of git(["ls-files", "-z", "--cached", "--others", "--exclude-standard"], root).split("\0"))
        if (file) listed.add(file);
    const files = new Map<string, string>();
    for (const file of listed) {
        if ([...NOT_PROJECT_FILES, ...leftOut].some((dir) => dir !== "" && under(dir, file))) continue;
        if (file.split("/").includes("node_modules")) continue;
        const absolute = path.join(root, file);
        const stat = fs.lstatSync(absolute, { throwIfNoEntry: false });
        // Tracked but deleted: not there, so not read.
        if (!stat) continue;
        if (stat.isSymbolicLink()) files.set(file, `l ${gitBlobId(Buffer.from(fs.readlinkSync(absolute)))}`);
        else if (stat.isDirectory()) files.set(file, "d");
        else files.set(file, `f ${gitBlobId(fs.readFileSync(absolute))}`);
    }
    return files;
}

/** The files of the project as a commit holds them, and a reader of their text. */
export function committedFiles(
    projectRoot: string,
    ref: string,
): { files: Map<string, string>; readText: (file: string) => string | undefined } {
    const { top, prefix } = placeInCheckout(projectRoot);
    const listing = git(["ls-tree", "-r", "-z", "--full-tree", ref, ...(prefix ? ["--", prefix] : [])], top);
    const files = new Map<string, string>();
    for (const line of listing.split("\0")) {
        const match = /^(\d+) (\w+) ([0-9a-f]+)\t(.*)$/s.exec(line);
        if (!match) continue;
        const [, mode, , id, fullPath] = match;
        const file = prefix ? fullPath.slice(prefix.length + 1) : fullPath;
        if (NOT_PROJECT_FILES.some((dir) => under(dir, file)) || file.split("/").includes("node_modules")) continue;
        files.set(file, `${mode === "120000" ? "l" : mode === "160000" ? "c" : "f"} ${id}`);
    }
    // Only stack files are ever read, all of them with one git process on the first read.
    let stackTexts: Map<string, string> | undefined;
    const readText = (file: string) => {
        stackTexts ??= blobTexts(
            top,
            [...files.entries()].filter(([name, entry]) => stackOfFile(name) && entry.startsWith("f ")),
        );
        return stackTexts.get(file);
    };
    return { files, readText };
}

/** The text of each blob (`[path, "f <id>"]`), read by one `git cat-file --batch`, by path. */
function blobTexts(top: string, blobs: [string, string][]): Map<string, string> {
    const result = spawnSync("git", ["cat-file", "--batch"], {
        cwd: top,
        input: blobs.map(([, entry]) => `${entry.slice(2)}\n`).join(""),
        maxBuffer: 256 * 1024 * 1024,
    });
    if (result.status !== 0) throw new Error(`git cat-file failed: ${String(result.stderr).trim().split("\n")[0]}`);
    // Each blob comes as "<id> blob <size>\n<content>\n", in the order asked.
    const texts = new Map<string, string>();
    let at = 0;
    for (const [file] of blobs) {
        const headerEnd = result.stdout.indexOf(10, at);
        const header = /^[0-9a-f]+ blob (\d+)$/.exec(result.stdout.subarray(at, headerEnd).toString("utf8"));
        if (!header) throw new Error(`git cat-file: no blob for ${file}`);
        const size = Number(header[1]);
        texts.set(file, result.stdout.subarray(headerEnd + 1, headerEnd + 1 + size).toString("utf8"));
        at = headerEnd + 1 + size + 1;
    }
    return texts;
}

/** A reader of the working tree's text files, for stackInputs. */
export function workingTreeText(projectRoot: string): (file: string) => string | undefined {
    return (file) => {
        try {
            return fs.readFileSync(path.join(projectRoot, file), "utf8");
        } catch {
            return undefined;
        }
    };
}

/** One stack's inputs in the base and in the head; undefined on a side without its stack file. */
export interface InputsBySide {
    stack: string;
    base?: StackInputs;
    head?: StackInputs;
    /** Both sides have the same own inputs, and what they share with the other stacks came out the same. */
    unchanged: boolean;
}

/**
 * The inputs of every stack of either side: the base as `baseCommit` holds it, the head as
 * the working tree does (without the directories in `leaveOut`), by stack name.
 */
export function compareInputs(
    projectRoot: string,
    baseCommit: string,
    leaveOut: readonly string[] = [],
): InputsBySide[] {
    return compareSides(projectSides(projectRoot, baseCommit, leaveOut));
}

/** A side's files, and a reader of its stack files' text. */
export interface ProjectSide {
    files: ProjectFiles;
    readText: (file: string) => string | undefined;
}

/** Both sides' files: the base as `baseCommit` holds them, the head as the working tree does (but `leaveOut`). */
export function projectSides(
    projectRoot: string,
    baseCommit: string,
    leaveOut: readonly string[] = [],
): { base: ProjectSide; head: ProjectSide } {
    return {
        base: committedFiles(projectRoot, baseCommit),
        head: { files: workingTreeFiles(projectRoot, leaveOut), readText: workingTreeText(projectRoot) },
    };
}

/** The inputs of every stack of either side, by stack name (compareInputs, from sides already listed). */
export function compareSides({ base, head }: { base: ProjectSide; head: ProjectSide }): InputsBySide[] {
    const of = (side: ProjectSide, stack: string) =>
        side.files.has(stackFileOf(stack)) ? stackInputs(side.files, stack, side.readText) : undefined;
    return [...new Set([...stacksIn(base.files), ...stacksIn(head.files)])].sort(compareCodeUnits).map((stack) => {
        const [before, after] = [of(base, stack), of(head, stack)];
        const unchanged =
            before !== undefined &&
            after !== undefined &&
            before.ownHash === after.ownHash &&
            (before.hash === after.hash || sameSharedQuotas(stack, head.readText(stackFileOf(stack)), before, after));
        return { stack, base: before, head: after, unchanged };
    });
}

/** Whether the other stacks' changes leave what `stack` shares with them as it was (its own file the same on both sides). */
function sameSharedQuotas(stack: string, ownText: string | undefined, base: StackInputs, head: StackInputs): boolean {
    if (ownText === undefined) return false;
    const before = sharedQuotaDigest(stack, ownText, base);
    return before !== undefined && before === sharedQuotaDigest(stack, ownText, head);
}

/**
 * Whether both sides have the stack, and its plans would be byte-identical: the same inputs,
 * or the same own inputs and the same shares with the other stacks.
 */
export function sameInputs(inputs: InputsBySide): boolean {
    return inputs.unchanged;
}
