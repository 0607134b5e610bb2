// One side's offline previews for plan:diff, several in one process. Starting a process costs
// about a second before fedfleet's own code runs (the Pulumi SDK and three providers load),
// and a second preview in a warm process costs about half the first; plan:diff previews up
// to every stack on both sides. Started by src/preview/diff/side-workers.ts with an IPC
// channel: each message asks for `npm run plan -- --stack <stack> --out <out>`, run here with
// `main` one at a time; the answer is its exit code and what it wrote to stderr. Its stdout,
// the preview's tree, is not wanted (plan:diff reads plan.json). Ends when plan:diff lets go.
import { main } from "./cli";

/** What plan:diff asks a worker for. */
export interface PreviewRequest {
    stack: string;
    out: string;
}

/** A worker's answer: what `npm run plan` would have exited with and written to stderr. */
export interface PreviewAnswer {
    status: number;
    stderr: string;
}

/** Runs one request as `npm run plan` would, keeping its stderr. */
export async function answer(request: PreviewRequest): Promise<PreviewAnswer> {
    let stderr = "";
    const status = await main(["--stack", request.stack, "--out", request.out], {
        stdout: { write: () => true },
        stderr: { write: (text: string) => (stderr += text) },
    });
    return { status, stderr };
}

if (require.main === module) {
    const send = process.send?.bind(process);
    if (!send) {
        process.stderr.write("the preview worker runs under plan:diff only (it needs its IPC channel)\n");
        process.exit(2);
    }
    // As the CLI does: a rejection nothing awaited ends the process, with a first line plan:diff can show.
    process.on("unhandledRejection", (reason) => {
        process.stderr.write(`offline preview failed: ${(reason as Error)?.stack ?? String(reason)}\n`);
        process.exit(1);
    });
    // One at a time: the Pulumi runtime's settings are process-wide.
    let queue = Promise.resolve();
    process.on("message", (request: PreviewRequest) => {
        queue = queue.then(async () => {
            send(await answer(request));
        });
    });
    process.on("disconnect", () => void queue.then(() => process.exit(0)));
}
