// `npm run urns [-- --update [--allow-delete]]`: runs every checked-in stack
// (stacks/Pulumi.*.yaml) under the mock engine and checks its URNs against
// test/urns/<stack>.urns.txt, or rewrites those. A rewrite that would drop a recorded URN
// (one no resource keeps, by its URN or an alias) is refused unless --allow-delete says the
// deletion is intended; then no snapshot is written at all.
// Exit codes: 0 fine (or snapshots written); 1 a URN would be lost or is not recorded, or a
// run failed, or a rewrite was refused; 2 bad arguments or a stack file with a config error.
import * as fs from "node:fs";
import * as path from "node:path";
import { runProgram } from "../../src/preview/harness/run-program";
import { checkedInStacks } from "../../src/preview/harness/stack-file";
import { exitWhenFlushed } from "../../src/preview/harness/exit";
import { isUserMistake } from "../../src/preview/harness/user-mistake";
import {
    checkUrns,
    describeAdded,
    describeMissing,
    parseSnapshot,
    renderSnapshot,
    UPDATE_COMMAND,
    urnsOf,
} from "./snapshot";

const FLAGS = ["--update", "--allow-delete"];
const USAGE = "usage: npm run urns [-- --update [--allow-delete]]";
/** The project this tool checks by default. */
export const PROJECT_ROOT = path.resolve(__dirname, "..", "..", "..");
/** Where snapshots live, relative to the project root. */
export const SNAPSHOT_DIR = path.join("test", "urns");

/** Where a stack's snapshot lives, relative to the project root. */
export function snapshotFile(stack: string): string {
    return path.join(SNAPSHOT_DIR, `${stack}.urns.txt`);
}

/** A snapshot to write once every stack has been checked. */
interface PendingWrite {
    relative: string;
    urns: string[];
    recorded: string[];
}

/** Runs the tool; returns its exit code. */
export async function main(argv: readonly string[], projectRoot = PROJECT_ROOT): Promise<number> {
    const unknown = argv.filter((arg) => !FLAGS.includes(arg));
    if (unknown.length > 0) {
        process.stderr.write(`error: unexpected "${unknown[0]}"; ${USAGE}\n`);
        return 2;
    }
    const update = argv.includes("--update");
    const allowDelete = argv.includes("--allow-delete");
    if (allowDelete && !update) {
        process.stderr.write(`error: --allow-delete goes with --update; ${USAGE}\n`);
        return 2;
    }
    const stacks = checkedInStacks(projectRoot);
    const problems: string[] = [];
    const writes: PendingWrite[] = [];
    const losses: string[] = [];
    for (const { stack, file } of stacks) {
        let run;
        try {
            run = await runProgram({ stackFile: path.join(projectRoot, file), stackFileLabel: file, stack });
        } catch (error) {
            // A stack file that does not build is the user's to fix: one line, and no snapshot written.
            if (!isUserMistake(error)) throw error;
            process.stderr.write(`error: ${error.message}\n`);
            return 2;
        }
        const relative = snapshotFile(stack);
        const absolute = path.join(projectRoot, relative);
        const urns = urnsOf(run.resources);
        const recorded = fs.existsSync(absolute) ? parseSnapshot(fs.readFileSync(absolute, "utf8")) : undefined;
        if (!recorded) {
            if (update) writes.push({ relative, urns, recorded: [] });
            else
                problems.push(
                    `stack ${stack} has no URN snapshot (${relative}). Run \`${UPDATE_COMMAND}\` and commit it.`,
                );
            continue;
        }
        const { missing, added } = checkUrns(recorded, run.resources);
        if (update) {
            if (missing.length > 0) losses.push(describeMissing(stack, missing));
            writes.push({ relative, urns, recorded });
            continue;
        }
        if (missing.length > 0) problems.push(describeMissing(stack, missing));
        if (added.length > 0) problems.push(describeAdded(stack, added, relative));
        if (missing.length === 0 && added.length === 0)
            process.stdout.write(`${stack}: ${urns.length} URNs as recorded in ${relative}\n`);
    }
    // Snapshots of stacks that are gone: every URN of theirs would be deleted.
    const dir = path.join(projectRoot, SNAPSHOT_DIR);
    const known = new Set(stacks.map((s) => `${s.stack}.urns.txt`));
    const stale = fs.existsSync(dir)
        ? fs
              .readdirSync(dir)
              .filter((f) => f.endsWith(".urns.txt") && !known.has(f))
              .sort()
        : [];
    for (const file of stale) {
        const what = `${path.join(SNAPSHOT_DIR, file)} records a stack with no stacks/Pulumi.<stack>.yaml`;
        if (update) losses.push(`${what}: removing it drops every URN it records.`);
        else problems.push(`${what}. Run \`${UPDATE_COMMAND} --allow-delete\` to remove it.`);
    }
    if (update) {
        if (losses.length > 0 && !allowDelete) {
            process.stderr.write(
                `${losses.join("\n\n")}\n\nNo snapshot was written. If these deletions are intended, run \`${UPDATE_COMMAND} --allow-delete\`.\n`,
            );
            return 1;
        }
        for (const { relative, urns, recorded } of writes) {
            const absolute = path.join(projectRoot, relative);
            const [before, now] = [new Set(recorded), new Set(urns)];
            fs.mkdirSync(path.dirname(absolute), { recursive: true });
            fs.writeFileSync(absolute, renderSnapshot(urns));
            const plus = urns.filter((u) => !before.has(u)).length;
            const minus = recorded.filter((u) => !now.has(u)).length;
            process.stdout.write(`wrote ${relative}: ${urns.length} URNs (+${plus} -${minus})\n`);
        }
        for (const file of stale) {
            fs.rmSync(path.join(dir, file));
            process.stdout.write(`removed ${path.join(SNAPSHOT_DIR, file)}: its stack file is gone\n`);
        }
        return 0;
    }
    if (problems.length === 0) return 0;
    process.stderr.write(`${problems.join("\n\n")}\n`);
    return 1;
}

if (require.main === module) {
    process.on("unhandledRejection", (reason) => {
        process.stderr.write(`urns failed: ${(reason as Error)?.stack ?? String(reason)}\n`);
        process.exit(1);
    });
    main(process.argv.slice(2)).then(exitWhenFlushed, (error) => {
        process.stderr.write(`urns failed: ${(error as Error)?.stack ?? String(error)}\n`);
        process.exit(1);
    });
}
