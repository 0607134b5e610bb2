// A copy of a project in a git repository of its own, its files as they are now committed as
// the one commit, with the build and the installed dependencies: a base for plan:diff that the
// benchmark and the tests can change freely without touching the checkout they measure.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** A project copy; `root` is its top, `git` runs git there. */
export interface ProjectCopy {
    root: string;
    git(...args: string[]): string;
    /** Writes a file of the copy, creating its directory. */
    write(file: string, text: string): void;
    /** Puts the working tree back to the commit (edits undone, new files gone). */
    reset(): void;
    remove(): void;
}

function run(command: string, args: string[], cwd: string): string {
    const result = spawnSync(command, args, { cwd, encoding: "utf8" });
    if (result.status !== 0) throw new Error(`${command} ${args.join(" ")}: ${result.stderr}`);
    return result.stdout;
}

/** Copies a project's files (tracked, or new and not ignored) and its dist/; commits them; links node_modules. */
export function copyProject(projectRoot: string): ProjectCopy {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "fedfleet-project-copy-"));
    const files = run("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], projectRoot)
        .split("\0")
        .filter((file) => file && file !== "node_modules" && fs.existsSync(path.join(projectRoot, file)));
    for (const file of files) {
        fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
        fs.cpSync(path.join(projectRoot, file), path.join(root, file), { verbatimSymlinks: true });
    }
    fs.cpSync(path.join(projectRoot, "dist"), path.join(root, "dist"), { recursive: true });
    fs.symlinkSync(fs.realpathSync(path.join(projectRoot, "node_modules")), path.join(root, "node_modules"), "dir");
    const git = (...args: string[]) => run("git", args, root);
    git("init", "--quiet", "--initial-branch=main");
    // A symlinked node_modules is a file to git, which the project's `node_modules/` rule does not cover.
    fs.appendFileSync(path.join(root, ".git", "info", "exclude"), "node_modules\n");
    git("add", "--all");
    git("-c", "user.name=test", "-c", "user.email=test@example.com", "commit", "--quiet", "-m", "base");
    return {
        root,
        git,
        write: (file, text) => {
            fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
            fs.writeFileSync(path.join(root, file), text);
        },
        reset: () => {
            git("checkout", "--quiet", "--", ".");
            git("clean", "--quiet", "-d", "--force");
        },
        remove: () => fs.rmSync(root, { recursive: true, force: true }),
    };
}
