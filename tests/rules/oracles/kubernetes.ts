/**
 * Development-only port of the Kubernetes rules our formats are measured
 * against: `IsDNS1123Label`, `IsDNS1123Subdomain`,
 * `IsWildcardDNS1123Subdomain`, `IsQualifiedName` (label keys),
 * `IsValidLabelValue` (k8s.io/apimachinery `pkg/util/validation` and
 * `pkg/api/validate/content`), and `ParseQuantity` (`pkg/api/resource`),
 * rewritten from their definitions. Used by tests only.
 *
 * Go's `len` counts bytes; these ports count UTF-8 bytes too.
 *
 * @module
 */

const bytes = (s: string) => new TextEncoder().encode(s).length;

const label = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
const subdomain = `${label}(\\.${label})*`;
const keyName = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";

const LABEL = new RegExp(`^${label}$`);
const SUBDOMAIN = new RegExp(`^${subdomain}$`);
const WILDCARD = new RegExp(`^\\*\\.${subdomain}$`);
const KEY_NAME = new RegExp(`^${keyName}$`);
const LABEL_VALUE = new RegExp(`^(${keyName})?$`);

/** `validation.IsDNS1123Label`: no error. */
export function isDns1123Label(v: string): boolean {
  return bytes(v) <= 63 && LABEL.test(v);
}

/** `validation.IsDNS1123Subdomain`: no error (labels are not limited to 63). */
export function isDns1123Subdomain(v: string): boolean {
  return bytes(v) <= 253 && SUBDOMAIN.test(v);
}

/** `validation.IsWildcardDNS1123Subdomain`: no error. */
export function isWildcardDns1123Subdomain(v: string): boolean {
  return bytes(v) <= 253 && WILDCARD.test(v);
}

/** `validation.IsQualifiedName` (= `content.IsLabelKey`): no error. */
export function isQualifiedName(v: string): boolean {
  const parts = v.split("/");
  if (parts.length > 2) return false;
  const name = parts[parts.length - 1];
  if (parts.length === 2) {
    const prefix = parts[0];
    if (prefix === "" || !isDns1123Subdomain(prefix)) return false;
  }
  return name !== "" && bytes(name) <= 63 && KEY_NAME.test(name);
}

/** `validation.IsValidLabelValue`: no error. */
export function isValidLabelValue(v: string): boolean {
  return bytes(v) <= 63 && LABEL_VALUE.test(v);
}

/** A quantity's exact value: `numerator / 10^scale` (after the nano rounding). */
export interface QuantityValue {
  /** The value times 10^scale. */
  numerator: bigint;
  /** Decimal places. */
  scale: number;
  /** Which suffix family it was written with. */
  format: "DecimalSI" | "BinarySI" | "DecimalExponent";
  /** Whether Kubernetes capped it at 2^63-1 (binary suffixes only). */
  capped?: boolean;
  /** Whether Kubernetes rounded it up to a whole nano. */
  rounded?: boolean;
}

const DECIMAL_SI: Record<string, number> = {
  "": 0,
  n: -9,
  u: -6,
  m: -3,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};
const BINARY_SI: Record<string, number> = {
  Ki: 10,
  Mi: 20,
  Gi: 30,
  Ti: 40,
  Pi: 50,
  Ei: 60,
};
const INT64_MAX = 2n ** 63n - 1n;

/**
 * `resource.ParseQuantity`: the exact value, or undefined where Kubernetes
 * returns an error. Values are compared exactly; the port skips the int64
 * fast path, which gives the same value as the general one. Exponents beyond
 * ±400 answer `"huge"` instead of a value (no test needs their digits).
 */
export function parseQuantity(
  str: string,
): QuantityValue | "huge" | undefined {
  if (str === "") return undefined;
  if (str === "0") return { numerator: 0n, scale: 0, format: "DecimalSI" };
  const scanned = scan(str);
  if (!scanned) return undefined;
  const { positive, num, denom, suffix } = scanned;
  let base: 2 | 10;
  let exponent: number;
  let format: QuantityValue["format"];
  if (suffix in DECIMAL_SI) {
    [base, exponent, format] = [10, DECIMAL_SI[suffix], "DecimalSI"];
  } else if (suffix in BINARY_SI) {
    [base, exponent, format] = [2, BINARY_SI[suffix], "BinarySI"];
  } else if (suffix.length > 1 && (suffix[0] === "e" || suffix[0] === "E")) {
    // strconv.ParseInt(suffix[1:], 10, 64), then int32(...)
    const digits = suffix.slice(1);
    if (!/^[+-]?[0-9]+$/.test(digits)) return undefined;
    const n = BigInt(digits);
    if (n > INT64_MAX || n < -INT64_MAX - 1n) return undefined;
    const wrapped = BigInt.asIntN(32, n);
    [base, exponent, format] = [10, Number(wrapped), "DecimalExponent"];
  } else {
    return undefined;
  }
  if (Math.abs(exponent) > 400) return "huge";
  // value = num.denom × base^exponent, as numerator / 10^scale
  let numerator = BigInt(num + denom);
  let scale = denom.length;
  if (base === 10) {
    scale -= exponent;
  } else {
    numerator *= 2n ** BigInt(exponent);
  }
  if (scale < 0) {
    numerator *= 10n ** BigInt(-scale);
    scale = 0;
  }
  // Round a non-zero value up (away from zero) to nano.
  let rounded = false;
  if (scale > 9) {
    const div = 10n ** BigInt(scale - 9);
    const q = numerator / div;
    rounded = numerator % div !== 0n;
    numerator = rounded ? q + 1n : q;
    scale = 9;
  }
  // Cap a binary-suffixed value at 2^63-1.
  let capped = false;
  if (format === "BinarySI") {
    const cap = INT64_MAX * 10n ** BigInt(scale);
    if (numerator > cap) [numerator, capped] = [cap, true];
  }
  return {
    numerator: positive ? numerator : -numerator,
    scale,
    format,
    capped,
    rounded,
  };
}

/** `parseQuantityString`: sign, integer digits, fraction digits, suffix. */
function scan(str: string):
  | { positive: boolean; num: string; denom: string; suffix: string }
  | undefined {
  let pos = 0;
  let positive = true;
  if (str[0] === "-" || str[0] === "+") {
    positive = str[0] === "+";
    pos++;
  }
  while (pos < str.length && str[pos] === "0") pos++;
  if (pos >= str.length) {
    return { positive, num: "0", denom: "", suffix: "" };
  }
  const numStart = pos;
  while (pos < str.length && isDigit(str[pos])) pos++;
  let num = str.slice(numStart, pos);
  if (pos >= str.length) return { positive, num, denom: "", suffix: "" };
  if (num === "") num = "0";
  let denom = "";
  if (str[pos] === ".") {
    pos++;
    const denomStart = pos;
    while (pos < str.length && isDigit(str[pos])) pos++;
    denom = str.slice(denomStart, pos);
    if (pos >= str.length) return { positive, num, denom, suffix: "" };
  }
  const suffixStart = pos;
  while (pos < str.length && "eEinumkKMGTP".includes(str[pos])) pos++;
  if (pos >= str.length) {
    return { positive, num, denom, suffix: str.slice(suffixStart) };
  }
  if (str[pos] === "-" || str[pos] === "+") pos++;
  while (pos < str.length && isDigit(str[pos])) pos++;
  if (pos >= str.length) {
    return { positive, num, denom, suffix: str.slice(suffixStart) };
  }
  return undefined;
}

function isDigit(c: string): boolean {
  return c >= "0" && c <= "9";
}
