/**
 * CPU and memory quantities, and `maxSurge`. Values are exact integers
 * (`bigint`): millicores and bytes.
 *
 * @module
 */
import { quote } from "../diagnostics/quote.ts";
import {
  failed,
  type Format,
  type FormatProblem,
  type Parsed,
  parsed,
} from "./format.ts";

/**
 * The largest amount, in the quantity's smallest unit (bytes, millicores):
 * 2^63-1, Kubernetes' int64 bound. Kubernetes silently caps a binary-suffixed
 * value there; we refuse anything larger.
 */
export const MAX_AMOUNT = 2n ** 63n - 1n;

/** The decimal suffixes of memory, as powers of ten. */
const DECIMAL_SUFFIXES: Readonly<Record<string, number>> = {
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};
/** The binary suffixes of memory, as powers of two. */
const BINARY_SUFFIXES: Readonly<Record<string, number>> = {
  Ki: 10,
  Mi: 20,
  Gi: 30,
  Ti: 40,
  Pi: 50,
  Ei: 60,
};
const SUFFIX_SRC = [
  ...Object.keys(BINARY_SUFFIXES),
  ...Object.keys(DECIMAL_SUFFIXES),
].join("|");
/** A number as we accept it: digits, and optionally `.` and digits. */
const NUMBER_SRC = "([0-9]+)(?:\\.([0-9]+))?";
const MEMORY = new RegExp(`^${NUMBER_SRC}(${SUFFIX_SRC})?$`);
const CPU_MILLI = /^([0-9]+)m$/;
const CPU_CORES = new RegExp(`^${NUMBER_SRC}$`);
/** Digits of MAX_AMOUNT: a longer integer part is always too large. */
const MAX_DIGITS = MAX_AMOUNT.toString().length;

/**
 * How an exact amount can fail, in the words of its unit; made only when it
 * does fail.
 */
interface AmountWords {
  /** When the value is not a whole number of the unit. */
  fraction(): string;
  /** When the value is above MAX_AMOUNT. */
  large(): string;
}

/**
 * `int.frac × 2^binary × 10^decimal` as an exact integer. Digit strings are
 * trimmed before any bigint is made, so a thousand-digit input costs nothing.
 */
function exact(
  int: string,
  frac: string,
  binary: number,
  decimal: number,
  words: AmountWords,
): Parsed<bigint> {
  // A whole number of few digits, as most quantities are, fits a double
  // exactly: a product below 2^53 is exact, and one that is not stays at or
  // above 2^53 and takes the exact path below.
  if (frac === "" && int.length <= 15 && decimal <= 15) {
    const n = Number(int) * 2 ** binary * 10 ** decimal;
    if (n < 2 ** 53) return parsed(BigInt(n));
  }
  const i = int.replace(/^0+/, "");
  const f = frac.replace(/0+$/, "");
  if (i.length > MAX_DIGITS) return failed(words.large());
  // A whole result has at most `decimal` + `binary` decimal places
  // (1/2^k has k of them).
  if (f.length > decimal + binary) return failed(words.fraction());
  const scale = 10n ** BigInt(f.length);
  const numerator = BigInt(i + f || "0") * (2n ** BigInt(binary)) *
    (10n ** BigInt(decimal));
  if (numerator % scale !== 0n) return failed(words.fraction());
  const value = numerator / scale;
  return value > MAX_AMOUNT ? failed(words.large()) : parsed(value);
}

/**
 * Millicores of a CPU quantity: `250m`, or cores as `0.5` or `2`. Zero parses;
 * a value finer than 1m or above 2^63-1 millicores does not.
 *
 * @example
 * ```ts
 * import { parseCpuMillis } from "./quantity.ts";
 * console.log(parseCpuMillis("0.5")); // { ok: true, value: 500n }
 * console.log(parseCpuMillis("0.0001").ok); // false
 * ```
 */
export function parseCpuMillis(text: string): Parsed<bigint> {
  const milli = CPU_MILLI.exec(text);
  const cores = milli ? undefined : CPU_CORES.exec(text);
  if (!milli && !cores) {
    return failed(
      `${
        quote(text)
      } is not a cpu quantity: use millicores (250m) or cores (0.5, 2)`,
    );
  }
  const words = {
    fraction: () => `${quote(text)} is finer than 1m, the smallest cpu unit`,
    large: () =>
      `${quote(text)} is too large: cpu is at most ${MAX_AMOUNT} millicores`,
  };
  return milli
    ? exact(milli[1], "", 0, 0, words)
    : exact(cores![1], cores![2] ?? "", 0, 3, words);
}

/**
 * Bytes of a memory quantity: a number (`512`, `1.5`) with an optional suffix
 * `Ki Mi Gi Ti Pi Ei` or `k M G T P E`. The value must be a whole number of
 * bytes (`1.5Gi` is, `1.5` is not) and at most 2^63-1.
 *
 * @example
 * ```ts
 * import { parseMemoryBytes } from "./quantity.ts";
 * console.log(parseMemoryBytes("1.5Gi")); // { ok: true, value: 1610612736n }
 * ```
 */
export function parseMemoryBytes(text: string): Parsed<bigint> {
  const m = MEMORY.exec(text);
  if (!m) {
    const near = /^([0-9]+(?:\.[0-9]+)?)\s*([kKmMgGtTpPeE])(i?)[bB]?$/.exec(
      text,
    );
    const unit = near?.[2].toUpperCase();
    return failed(
      `${
        quote(text)
      } is not a memory quantity: use bytes with an optional suffix Ki, Mi, Gi, Ti, Pi, Ei, k, M, G, T, P or E`,
      near
        ? `use ${quote(`${near[1]}${unit}i`)} (${unit}iB) or ${
          quote(`${near[1]}${unit === "K" ? "k" : unit}`)
        } (${unit}B)`
        : undefined,
    );
  }
  const suffix = m[3] ?? "";
  return exact(
    m[1],
    m[2] ?? "",
    BINARY_SUFFIXES[suffix] ?? 0,
    DECIMAL_SUFFIXES[suffix] ?? 0,
    {
      fraction: () => `${quote(text)} is not a whole number of bytes`,
      large: () =>
        `${quote(text)} is too large: memory is at most ${MAX_AMOUNT} bytes`,
    },
  );
}

function positive(
  r: Parsed<bigint>,
  what: string,
): FormatProblem | undefined {
  if (!r.ok) return r.problem;
  return r.value > 0n
    ? undefined
    : { message: `${what} must be greater than 0` };
}

/**
 * A CPU quantity above zero.
 *
 * @example
 * ```ts
 * import { checkCpuQuantity } from "./quantity.ts";
 * console.log(checkCpuQuantity("250m")); // undefined
 * console.log(checkCpuQuantity("0")?.message); // "cpu must be greater than 0"
 * ```
 */
export function checkCpuQuantity(value: string): FormatProblem | undefined {
  return positive(parseCpuMillis(value), "cpu");
}

/**
 * A memory quantity above zero.
 *
 * @example
 * ```ts
 * import { checkMemoryQuantity } from "./quantity.ts";
 * console.log(checkMemoryQuantity("256Mi")); // undefined
 * console.log(checkMemoryQuantity("256MB")?.hint); // 'use "256Mi" (MiB) or "256M" (MB)'
 * ```
 */
export function checkMemoryQuantity(value: string): FormatProblem | undefined {
  return positive(parseMemoryBytes(value), "memory");
}

/**
 * A regular expression (source, unanchored) for the decimal integers 1 to
 * `max`, without leading zeros.
 *
 * @example
 * ```ts
 * import { decimalRangeSource } from "./quantity.ts";
 * console.log(new RegExp(`^(?:${decimalRangeSource(100n)})$`).test("100")); // true
 * ```
 */
export function decimalRangeSource(max: bigint): string {
  const d = max.toString();
  const alternatives: string[] = [];
  if (d.length > 1) alternatives.push(`[1-9][0-9]{0,${d.length - 2}}`);
  for (let i = 0; i < d.length; i++) {
    const low = i === 0 ? 1 : 0;
    const high = Number(d[i]) - 1;
    if (high < low) continue;
    const digit = low === high ? `${low}` : `[${low}-${high}]`;
    const rest = d.length - i - 1;
    alternatives.push(
      d.slice(0, i) + digit + (rest ? `[0-9]{${rest}}` : ""),
    );
  }
  alternatives.push(d);
  return alternatives.join("|");
}

/** The largest integer `maxSurge`: an int32. */
const MAX_SURGE = 2n ** 31n - 1n;
const SURGE_COUNT = new RegExp(`^(?:${decimalRangeSource(MAX_SURGE)})$`);
const SURGE_PERCENT = new RegExp(`^(?:${decimalRangeSource(100n)})%$`);

/**
 * `maxSurge`: an integer from 1 to 2^31-1, or a percentage from 1% to 100%,
 * written without leading zeros.
 *
 * @example
 * ```ts
 * import { checkMaxSurge } from "./quantity.ts";
 * console.log(checkMaxSurge("25%")); // undefined
 * console.log(checkMaxSurge("01%")?.hint); // 'use "1%"'
 * ```
 */
export function checkMaxSurge(value: string): FormatProblem | undefined {
  if (SURGE_COUNT.test(value) || SURGE_PERCENT.test(value)) return undefined;
  const zeros = /^0+([1-9][0-9]*%?)$/.exec(value)?.[1];
  const fixed = zeros !== undefined &&
      (SURGE_COUNT.test(zeros) || SURGE_PERCENT.test(zeros))
    ? zeros
    : undefined;
  return {
    message:
      `maxSurge must be an integer from 1 to ${MAX_SURGE} or a percentage from 1% to 100%`,
    hint: fixed === undefined ? undefined : `use ${quote(fixed)}`,
  };
}

/**
 * The `cpu_quantity` format. The pattern cannot say the upper bound.
 *
 * @example
 * ```ts
 * import { cpuQuantity } from "./quantity.ts";
 * console.log(cpuQuantity.check("1.5000"), cpuQuantity.exact); // undefined false
 * ```
 */
export const cpuQuantity: Format = {
  check: checkCpuQuantity,
  pattern: "^(?![0.]*m?$)(?:[0-9]+m|[0-9]+(?:\\.[0-9]{1,3}0*)?)$",
  exact: false,
  integer: { minimum: 1 },
};

/**
 * The `memory_quantity` format. The pattern cannot say "a whole number of
 * bytes" nor the upper bound.
 *
 * @example
 * ```ts
 * import { memoryQuantity } from "./quantity.ts";
 * console.log(new RegExp(memoryQuantity.pattern!, "u").test("1.5Gi")); // true
 * ```
 */
export const memoryQuantity: Format = {
  check: checkMemoryQuantity,
  pattern:
    `^(?![0.]*(?:${SUFFIX_SRC})?$)[0-9]+(?:\\.[0-9]+)?(?:${SUFFIX_SRC})?$`,
  exact: false,
  integer: { minimum: 1 },
};

/**
 * The `max_surge` format.
 *
 * @example
 * ```ts
 * import { maxSurge } from "./quantity.ts";
 * console.log(maxSurge.integer); // { minimum: 1, maximum: 2147483647 }
 * ```
 */
export const maxSurge: Format = {
  check: checkMaxSurge,
  pattern: `^(?:${SURGE_COUNT.source.slice(1, -1)}|${
    SURGE_PERCENT.source.slice(1, -1)
  })$`,
  exact: true,
  integer: { minimum: 1, maximum: Number(MAX_SURGE) },
};
