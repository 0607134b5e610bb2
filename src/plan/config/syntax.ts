// How a stack file's values are read and shown: the Kubernetes syntax of label and annotation
// keys and values, and the short, safe description of a value an error says it found. Pure.
import type { PathPart } from "../core/config-error";

const SECRET_KEYS = new Set(["kubeconfig"]);

/** A short, safe description of a value found in the stack file; secrets are never echoed. */
export function describeFound(value: unknown, key?: PathPart): string {
    if (typeof key === "string" && SECRET_KEYS.has(key) && value !== undefined) return "[secret]";
    if (value === undefined) return "nothing";
    if (value === null) return "null";
    if (Array.isArray(value)) return `a list of ${value.length}`;
    if (typeof value === "object") return "a map";
    if (typeof value === "string") {
        const shown = value.length > 60 ? `${value.slice(0, 57)}...` : value;
        return JSON.stringify(shown);
    }
    return String(value);
}

const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_PREFIX = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Kubernetes label key syntax: `[prefix/]name`, a DNS-subdomain prefix and a name of at most 63 characters. */
export function isLabelKey(key: string): boolean {
    const slash = key.lastIndexOf("/");
    if (slash < 0) return LABEL_NAME.test(key);
    return LABEL_PREFIX.test(key.slice(0, slash)) && LABEL_NAME.test(key.slice(slash + 1));
}

/** Kubernetes label value syntax: empty, or shaped like a label key's name. */
export function isLabelValue(value: string): boolean {
    return value === "" || LABEL_NAME.test(value);
}

/**
 * Kubernetes annotation key syntax: a qualified name, compared lower-cased (apimachinery
 * pkg/api/validation/objectmeta.go ValidateAnnotations: IsQualifiedName(strings.ToLower(k))).
 */
export function isAnnotationKey(key: string): boolean {
    return isLabelKey(key.toLowerCase());
}
