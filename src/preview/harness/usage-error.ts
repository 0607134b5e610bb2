// A bad command line, in a module of its own: a tool that only needs to refuse its arguments
// (plan:diff) then loads none of what user-mistake.ts needs to recognise the other mistakes
// (the policy runner, and with it the Pulumi SDK: seconds on a busy machine).

/** A bad command line: reported in one line, exit 2. */
export class UsageError extends Error {}
