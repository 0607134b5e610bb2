// Kubernetes resource quantities ("250m", "1.5Gi", "1e3"): parsed as the API server parses them, and
// compared exactly, so a configuration can be checked (requests <= limits, positive amounts) before
// anything is deployed. Pure: no Pulumi.
//
// Primary source, kubernetes/apimachinery at commit eed236ceee2c19c2753a3d93ac0631dc20750454:
//   pkg/api/resource/quantity.go   the grammar (doc comment), parseQuantityString and ParseQuantity
//   pkg/api/resource/suffix.go     the suffixes: n and u besides the grammar's, and the e/E exponent
//   pkg/api/resource/math.go       maxAllowed, the cap on binary-suffixed values
// test/plan/workloads/quantity.test.ts takes its vectors from quantity_test.go at that commit.
//
// Where quantity.go's doc comment and its code disagree, this follows the code, which is what runs:
// - The doc says values with more than 3 decimal places are rounded up (0.1m to 1m). The code rounds
//   the magnitude up to 9 places (1n) while parsing, and canonical printing does not round decimal
//   values further: 0.1m stays 100u, 3.001n becomes 4n.
// - Binary-suffixed values are capped at 2^63-1 ("9Ei" is 2^63-1); decimal ones are not capped.
// parseQuantity returns that stored value, exactly, so compareQuantities agrees with the server's
// Quantity.Cmp, which is what Kubernetes' validation of requests against limits calls.
//
// The server's quirks are kept on purpose, since a checker that is stricter or looser than the server
// would report errors it does not make, or miss ones it does:
// - A number may have no digit at all: ".", "-", "m" and "Ki" parse as zero. Only ParseQuantity's
//   arbitrary-precision path (an exponent below -9, Pi, Ei) insists on a digit, so "e-10" and "Ei" fail.
// - The exponent is read as an int64 and then truncated to int32, so "1e4294967296" is 1; the int32
//   wrap-around of the scale computed from it is reproduced too. Values are kept as coefficient and
//   exponent, never as 10^exponent, so even those the server would spend unbounded time building
//   ("1e2147483648") parse and compare at once.
// - No whitespace: ParseQuantity rejects " 1". Quantity.UnmarshalJSON trims whitespace before calling
//   it, so a caller checking JSON string values for what the API would accept on the wire trims first.

/** A parsed quantity: exactly `coefficient` × 10^`exponent`. */
export interface Quantity {
    /** A signed integer with no trailing zero digit, or 0n; so equal values have equal fields. */
    readonly coefficient: bigint;
    /** The power of ten: at least -9 as parsed, since the server keeps nothing finer than 1n; 0 for zero. */
    readonly exponent: number;
}

/** What a quantity looks like, for error messages. */
export const QUANTITY_SYNTAX = "a Kubernetes quantity such as 250m, 0.5, 1e3 or 512Mi";

/** Decimal SI suffixes and their powers of ten (suffix.go; "" included). */
const DECIMAL_SI = new Map<string, number>([
    ["n", -9],
    ["u", -6],
    ["m", -3],
    ["", 0],
    ["k", 3],
    ["M", 6],
    ["G", 9],
    ["T", 12],
    ["P", 15],
    ["E", 18],
]);

/** Binary SI suffixes and their powers of two. */
const BINARY_SI = new Map<string, number>([
    ["Ki", 10],
    ["Mi", 20],
    ["Gi", 30],
    ["Ti", 40],
    ["Pi", 50],
    ["Ei", 60],
]);

// parseQuantityString's scan: a sign, digits, an optional "." and digits, then a suffix made of these
// letters, an optional sign and digits. Each part takes as much as it can, like the scanner, so the
// regular expression's first match splits the text as the scanner does.
const SHAPE = /^([+-]?)([0-9]*)(?:\.([0-9]*))?([eEinumkKMGTP]*[+-]?[0-9]*)$/;
// What suffixHandler.interpret accepts as an exponent: e or E, then what strconv.ParseInt accepts.
const EXPONENT = /^[eE]([+-]?[0-9]+)$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
/** ParseQuantity's Nano: the finest scale it keeps. */
const NANO = -9;

/**
 * Parses `text` as the Kubernetes API server's resource.ParseQuantity does: undefined where it returns an
 * error, else the value it stores (rounded up to 1n, binary suffixes capped at 2^63-1; see the file comment).
 */
export function parseQuantity(text: string): Quantity | undefined {
    if (text === "") return undefined;
    const shape = SHAPE.exec(text);
    if (shape === null) return undefined;
    const [, sign, whole, fraction = "", suffix] = shape;
    const hasDigit = whole.length + fraction.length > 0;
    const digits = hasDigit ? BigInt(whole + fraction) : 0n;
    // The int64 fast path sizes the number by its digits without leading zeros, and "0" for none.
    const significant = whole.replace(/^0+/, "").length || 1;

    let coefficient: bigint;
    let exponent: number;
    const binary = BINARY_SI.get(suffix);
    if (binary !== undefined) {
        // The fast path takes only whole numbers small enough for int64; everything else goes through
        // inf.Dec, whose SetString needs a digit. Both give the exact value, rounded and capped below.
        const precision = fraction === "" ? 15 - significant - (binary * 3) / 10 - 1 : -1;
        if (precision < 0 && !hasDigit) return undefined;
        coefficient = digits << BigInt(binary);
        exponent = -fraction.length;
    } else {
        const power = decimalExponent(suffix);
        if (power === undefined) return undefined;
        // The fast path keeps int64 × 10^scale for up to 18 digits at scales down to Nano; the inf.Dec
        // path otherwise. Each computes its scale in int32 arithmetic, wrap-around included (`| 0`).
        const fastScale = (power - fraction.length) | 0;
        const fast = 18 - (significant + fraction.length) >= 0 && fastScale >= NANO;
        if (!fast && !hasDigit) return undefined;
        coefficient = digits;
        exponent = fast ? fastScale : -((fraction.length + (-power | 0)) | 0);
    }

    [coefficient, exponent] = roundUpToNano(coefficient, exponent);
    if (binary !== undefined && compareMagnitudes(coefficient, exponent, INT64_MAX, 0) > 0) {
        [coefficient, exponent] = [INT64_MAX, 0];
    }
    return normalized(sign === "-" ? -coefficient : coefficient, exponent);
}

/** Compares two quantities by value, exactly: -1 if `a` < `b`, 0 if equal, 1 if `a` > `b`. */
export function compareQuantities(a: Quantity, b: Quantity): -1 | 0 | 1 {
    const signA = signOf(a.coefficient);
    const signB = signOf(b.coefficient);
    if (signA !== signB) return signA < signB ? -1 : 1;
    if (signA === 0) return 0;
    // Both negative: the larger magnitude is the smaller value.
    return signA > 0
        ? compareMagnitudes(a.coefficient, a.exponent, b.coefficient, b.exponent)
        : compareMagnitudes(-b.coefficient, b.exponent, -a.coefficient, a.exponent);
}

/** Whether a quantity is below zero (Kubernetes rejects negative resource amounts). */
export function isNegative(quantity: Quantity): boolean {
    return quantity.coefficient < 0n;
}

/** The power of ten of an e/E exponent or decimal SI suffix, as interpret reads it; undefined if neither. */
function decimalExponent(suffix: string): number | undefined {
    const si = DECIMAL_SI.get(suffix);
    if (si !== undefined) return si;
    const match = EXPONENT.exec(suffix);
    if (match === null) return undefined;
    const parsed = BigInt(match[1]);
    if (parsed < INT64_MIN || parsed > INT64_MAX) return undefined;
    // ParseQuantity keeps the exponent as int32(parsed).
    return Number(BigInt.asIntN(32, parsed));
}

/** Rounds coefficient × 10^exponent (coefficient >= 0) up to a whole number of nano units, as inf.RoundUp. */
function roundUpToNano(coefficient: bigint, exponent: number): [bigint, number] {
    if (coefficient === 0n || exponent >= NANO) return [coefficient, exponent];
    const shift = NANO - exponent;
    // Below 10^-9 with every digit shifted out: one nano unit, without building 10^shift (shift can be ~2^31).
    if (shift > digitCount(coefficient)) return [1n, NANO];
    const divisor = 10n ** BigInt(shift);
    return [(coefficient + divisor - 1n) / divisor, NANO];
}

/**
 * Compares a × 10^ae with b × 10^be for a, b >= 0. Values whose leading digits sit at different powers of ten
 * are ordered by that power alone, so 10^k is only built when the exponents differ by at most the digit count.
 */
function compareMagnitudes(a: bigint, ae: number, b: bigint, be: number): -1 | 0 | 1 {
    if (a === 0n || b === 0n) return a === b ? 0 : a === 0n ? -1 : 1;
    const orderA = digitCount(a) + ae;
    const orderB = digitCount(b) + be;
    if (orderA !== orderB) return orderA < orderB ? -1 : 1;
    const low = Math.min(ae, be);
    const x = a * 10n ** BigInt(ae - low);
    const y = b * 10n ** BigInt(be - low);
    return x < y ? -1 : x > y ? 1 : 0;
}

/** Moves trailing zero digits into the exponent, so that each value has one representation. */
function normalized(coefficient: bigint, exponent: number): Quantity {
    if (coefficient === 0n) return { coefficient: 0n, exponent: 0 };
    const text = coefficient.toString();
    const zeros = text.length - text.replace(/0+$/, "").length;
    if (zeros === 0) return { coefficient, exponent };
    return { coefficient: BigInt(text.slice(0, -zeros)), exponent: exponent + zeros };
}

function digitCount(magnitude: bigint): number {
    return magnitude.toString().length;
}

function signOf(value: bigint): -1 | 0 | 1 {
    return value < 0n ? -1 : value > 0n ? 1 : 0;
}
