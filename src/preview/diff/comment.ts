// A pull-request comment per stack, in pulumi/actions' conventions: found again by a
// hidden marker and edited in place, summary and warnings first so trimming never drops
// them, the body folded in <details>, and the whole under GitHub's limit. Pure.

/** pulumi/actions cuts at 64,000 characters, under GitHub's 65,536. */
export const COMMENT_LIMIT = 64_000;

/** The hidden marker a workflow searches for to edit this stack's comment in place. */
export function commentMarker(stack: string): string {
    return `<!-- fedfleet-plan-diff stack=${stack} -->`;
}

/**
 * The comment of a stack the change leaves as it was: one line, so a pull request that
 * touches one stack is not buried under the others.
 */
export function unchangedComment(stack: string): string {
    return `${commentMarker(stack)}\nNo changes to \`${stack}\` (offline previews of the base and the head compared).\n`;
}

const DETAILS_OPEN = "<details>\n<summary>Full report</summary>\n\n";
const DETAILS_CLOSE = "\n</details>\n";

/**
 * One stack's comment: the whole report when it fits `limit`, else the body cut at a line end (never
 * inside a code fence) with a note of how much was cut; `trimmed` says which.
 */
export function renderComment(
    stack: string,
    report: { head: string; body: string },
    limit = COMMENT_LIMIT,
): { text: string; trimmed: boolean } {
    const top = `${commentMarker(stack)}\n${report.head}\n`;
    const whole = `${top}${DETAILS_OPEN}${report.body}${DETAILS_CLOSE}`;
    if (whole.length <= limit) return { text: whole, trimmed: false };
    const note = (cut: number) =>
        `\n\n_Trimmed: ${cut} of ${report.body.length} characters of the report were cut to fit a comment. The full report is in the workflow run's artifacts._\n`;
    // Room for the body once the frame and the note (with a generous count) are accounted for.
    const room = limit - top.length - DETAILS_OPEN.length - DETAILS_CLOSE.length - note(report.body.length).length;
    if (room <= 0) {
        // Even the summary is too long: keep its start; the marker stays first.
        return {
            text: `${top.slice(0, limit - 200)}\n\n_Trimmed: the summary itself exceeded a comment._\n`,
            trimmed: true,
        };
    }
    // Cut at a line end, and never inside a fenced block (an open fence would swallow the rest).
    let body = report.body.slice(0, room);
    body = body.slice(0, Math.max(0, body.lastIndexOf("\n")));
    if ((body.match(/^```/gm) ?? []).length % 2 === 1) body = body.slice(0, body.lastIndexOf("```"));
    return {
        text: `${top}${DETAILS_OPEN}${body}${note(report.body.length - body.length)}${DETAILS_CLOSE}`,
        trimmed: true,
    };
}
