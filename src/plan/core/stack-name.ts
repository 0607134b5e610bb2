// How Pulumi names stack files, and so which stack a file is for. Pure.

/** `Pulumi.<stack>.yaml`, as Pulumi names stack files (stackConfigDir). */
export const STACK_FILE_NAME = /^Pulumi\.([^.]+)\.ya?ml$/;

/** The stack a stack file is for: `<stack>` of a path ending in `Pulumi.<stack>.yaml`, else "adhoc". */
export function stackNameOf(stackFile: string): string {
    const base = stackFile.split(/[\\/]/).pop() ?? stackFile;
    return STACK_FILE_NAME.exec(base)?.[1] ?? "adhoc";
}
