// What a command may send beyond plain lines: colour and a line that updates in place. Only
// to a terminal (a pipe, a file or a CI log gets plain lines, so what is captured reads and
// greps the same), and never when NO_COLOR asks for none. Files never get either.

/** The part of a stream this module reads: whether it is a terminal, and how wide. */
export interface TerminalStream {
    isTTY?: boolean;
    columns?: number;
    write(text: string): unknown;
}

/**
 * Whether `stream` may get colour and updating lines: it is a terminal, NO_COLOR is unset or
 * empty ("when present and not an empty string ... prevents the addition of ANSI color",
 * https://no-color.org), and TERM is not "dumb" (a terminal without cursor control).
 */
export function nicetiesOn(stream: TerminalStream, env: NodeJS.ProcessEnv = process.env): boolean {
    if (stream.isTTY !== true) return false;
    if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
    return env.TERM !== "dumb";
}

/** Colours for the few things a reader must not miss; each returns its text unchanged when colour is off. */
export interface Style {
    ok(text: string): string;
    bad(text: string): string;
    warn(text: string): string;
}

const sgr = (code: number) => (text: string) => `\x1b[${code}m${text}\x1b[0m`;

/** No colour: what pipes, files and tests get. */
export const PLAIN: Style = { ok: (text) => text, bad: (text) => text, warn: (text) => text };

/** Green, red and yellow (ECMA-48 SGR 32, 31, 33) where `stream` may have colour; PLAIN otherwise. */
export function styleFor(stream: TerminalStream, env: NodeJS.ProcessEnv = process.env): Style {
    return nicetiesOn(stream, env) ? { ok: sgr(32), bad: sgr(31), warn: sgr(33) } : PLAIN;
}
