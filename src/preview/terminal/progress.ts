// Progress of a long command (plan:diff, bench) on stderr, so stdout keeps only the results:
// on a terminal one line that each step rewrites, elsewhere a plain line per step.
import { nicetiesOn, TerminalStream } from "./niceties";

/** ECMA-48: carriage return, then EL (erase in line) with parameter 2, the whole line. */
const ERASE_LINE = "\r\x1b[2K";

/** Says what a long command is doing now. */
export interface Progress {
    /** Reports the step just begun: rewrites the line on a terminal, adds a line otherwise. */
    step(text: string): void;
    /** Takes the updating line away before other output (a terminal); does nothing otherwise. */
    clear(): void;
}

/** Progress on `stream` (stderr unless told): updating on a terminal that allows it, a line per step otherwise. */
export function progressOn(stream: TerminalStream = process.stderr, env: NodeJS.ProcessEnv = process.env): Progress {
    if (!nicetiesOn(stream, env)) {
        return { step: (text) => void stream.write(`${text}\n`), clear: () => {} };
    }
    let showing = false;
    return {
        step(text) {
            // One row only: a line wider than the terminal would wrap, and erasing would leave its start.
            // A terminal that reports no size (0) gets the classic 80 columns.
            const width = Math.max((stream.columns || 80) - 1, 10);
            const fitted = text.length > width ? `${text.slice(0, width - 1)}…` : text;
            stream.write(`${ERASE_LINE}${fitted}`);
            showing = true;
        },
        clear() {
            if (showing) stream.write(ERASE_LINE);
            showing = false;
        },
    };
}
