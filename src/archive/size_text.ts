/**
 * Byte counts as people read them.
 *
 * @module
 */

const KiB = 1024;
const MiB = 1024 * 1024;
const GiB = 1024 * 1024 * 1024;

/**
 * A byte count in bytes, KiB, MiB or GiB: exact multiples without decimals,
 * others with one decimal.
 *
 * @example
 * ```ts
 * import { sizeText } from "./size_text.ts";
 * console.log(sizeText(1048576), sizeText(65536), sizeText(1536), sizeText(12)); // "1 MiB" "64 KiB" "1.5 KiB" "12 bytes"
 * ```
 */
export function sizeText(bytes: number): string {
  for (
    const [unit, name] of [[GiB, "GiB"], [MiB, "MiB"], [KiB, "KiB"]] as const
  ) {
    if (bytes >= unit) {
      const n = bytes / unit;
      return `${Number.isInteger(n) ? n : n.toFixed(1)} ${name}`;
    }
  }
  return bytes === 1 ? "1 byte" : `${bytes} bytes`;
}
