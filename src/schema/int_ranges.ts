/**
 * The range of each integer type of the proto: what the decoders, the wire
 * format, the JSON Schema and the generator of the fast decoders all bound
 * integers by. It depends on nothing generated, so the generator can use it.
 *
 * @module
 */

/**
 * The range of each integer type of the proto, as `[min, max]`.
 *
 * @example
 * ```ts
 * import { INT_RANGES } from "./int_ranges.ts";
 * console.log(INT_RANGES.uint32); // [0n, 4294967295n]
 * ```
 */
export const INT_RANGES: Readonly<
  Record<string, readonly [bigint, bigint]>
> = {
  int32: [-(2n ** 31n), 2n ** 31n - 1n],
  sint32: [-(2n ** 31n), 2n ** 31n - 1n],
  sfixed32: [-(2n ** 31n), 2n ** 31n - 1n],
  uint32: [0n, 2n ** 32n - 1n],
  fixed32: [0n, 2n ** 32n - 1n],
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
  sint64: [-(2n ** 63n), 2n ** 63n - 1n],
  sfixed64: [-(2n ** 63n), 2n ** 63n - 1n],
  uint64: [0n, 2n ** 64n - 1n],
  fixed64: [0n, 2n ** 64n - 1n],
};
