/**
 * CPU and memory quantities, and `maxSurge`.
 *
 * @module
 */
import type { FormatProblem } from "./format.ts";

const MEMORY_SUFFIX: Record<string, bigint> = {
  "": 1n,
  k: 10n ** 3n,
  M: 10n ** 6n,
  G: 10n ** 9n,
  T: 10n ** 12n,
  P: 10n ** 15n,
  E: 10n ** 18n,
  Ki: 2n ** 10n,
  Mi: 2n ** 20n,
  Gi: 2n ** 30n,
  Ti: 2n ** 40n,
  Pi: 2n ** 50n,
  Ei: 2n ** 60n,
};

/**
 * Millicores of a CPU quantity (`250m`, `0.5`, `2`), or undefined when it is
 * not one or is finer than 1m.
 *
 * @example
 * ```ts
 * import { parseCpuMillis } from "./quantity.ts";
 * console.log(parseCpuMillis("250m"), parseCpuMillis("0.5"), parseCpuMillis("2")); // 250 500 2000
 * ```
 */
export function parseCpuMillis(text: string): number | undefined {
  const milli = /^([0-9]+)m$/.exec(text);
  if (milli) return Number(milli[1]);
  const cores = /^([0-9]+)(?:\.([0-9]{1,3}))?$/.exec(text);
  if (!cores) return undefined;
  return Number(cores[1]) * 1000 + Number((cores[2] ?? "").padEnd(3, "0"));
}

/**
 * Bytes of a memory quantity (`512`, `128Mi`, `1G`), or undefined.
 *
 * @example
 * ```ts
 * import { parseMemoryBytes } from "./quantity.ts";
 * console.log(parseMemoryBytes("128Mi")); // 134217728n
 * ```
 */
export function parseMemoryBytes(text: string): bigint | undefined {
  const m = /^([0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/.exec(text);
  if (!m) return undefined;
  return BigInt(m[1]) * MEMORY_SUFFIX[m[2] ?? ""];
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
  const millis = parseCpuMillis(value);
  if (millis === undefined) {
    const fine = /^[0-9]+\.[0-9]{4,}$/.test(value);
    return {
      message: fine
        ? `${JSON.stringify(value)} is finer than 1m, the smallest cpu unit`
        : `${
          JSON.stringify(value)
        } is not a cpu quantity: use millicores (250m) or cores (0.5, 2)`,
    };
  }
  if (millis <= 0) return { message: "cpu must be greater than 0" };
  return undefined;
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
  const bytes = parseMemoryBytes(value);
  if (bytes === undefined) {
    const m = /^([0-9]+)\s*([kKmMgGtTpPeE])(i?)[bB]?$/.exec(value);
    const hint = m
      ? `use ${JSON.stringify(`${m[1]}${m[2].toUpperCase()}i`)} (${
        m[2].toUpperCase()
      }iB) or ${
        JSON.stringify(
          `${m[1]}${m[2] === "k" || m[2] === "K" ? "k" : m[2].toUpperCase()}`,
        )
      } (${m[2].toUpperCase()}B)`
      : undefined;
    return {
      message: `${
        JSON.stringify(value)
      } is not a memory quantity: use bytes with an optional suffix Ki, Mi, Gi, Ti, Pi, Ei, k, M, G, T, P or E`,
      hint,
    };
  }
  if (bytes <= 0n) return { message: "memory must be greater than 0" };
  return undefined;
}

/**
 * `maxSurge`: an integer of at least 1, or a percentage from 1% to 100%.
 *
 * @example
 * ```ts
 * import { checkMaxSurge } from "./quantity.ts";
 * console.log(checkMaxSurge("25%")); // undefined
 * console.log(checkMaxSurge("0")?.message); // "maxSurge must be an integer of at least 1 or a percentage from 1% to 100%"
 * ```
 */
export function checkMaxSurge(value: string): FormatProblem | undefined {
  if (/^[1-9][0-9]{0,9}$/.test(value) && Number(value) <= 2 ** 31 - 1) {
    return undefined;
  }
  const pct = /^([0-9]{1,3})%$/.exec(value);
  if (pct && Number(pct[1]) >= 1 && Number(pct[1]) <= 100) return undefined;
  return {
    message:
      "maxSurge must be an integer of at least 1 or a percentage from 1% to 100%",
  };
}
