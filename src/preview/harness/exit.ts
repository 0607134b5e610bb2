// How the command-line tools end. `process.exit` drops whatever is still queued for a pipe:
// once the preview has run, stdout to a pipe is no longer written synchronously, and a
// large report (a 60-service stack prints about 140 KB) lost its last lines, the verdicts.

/** Exits with `code` once everything written to stdout and stderr has been handed to the OS. */
export function exitWhenFlushed(code: number): void {
    let pending = 2;
    const done = () => {
        pending -= 1;
        if (pending === 0) process.exit(code);
    };
    process.stdout.write("", done);
    process.stderr.write("", done);
}
