/**
 * Input text shown in diagnostics, made safe: control characters escaped and
 * long values shortened, so that no input can forge an output line or drive a
 * terminal.
 *
 * @module
 */

/**
 * Characters that are escaped wherever input text is shown: C0 controls and
 * DEL, C1 controls, the line and paragraph separators, and the marks and
 * overrides that change the direction of text (bidi).
 */
const CONTROL =
  // deno-lint-ignore no-control-regex -- matching control characters is the point
  /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const SHORT: Readonly<Record<string, string>> = {
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
};

/**
 * Escapes control characters: `\n`, `\r` and `\t` as such, every other one as
 * `\uXXXX`. Other text, backslashes included, is left as it is.
 *
 * @example
 * ```ts
 * import { escapeControl } from "./quote.ts";
 * console.log(escapeControl("a\nb\u001b[31m")); // "a\\nb\\u001b[31m"
 * ```
 */
export function escapeControl(text: string): string {
  return text.replace(
    CONTROL,
    (c) => SHORT[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** Most characters (code points) of a value shown in a diagnostic. */
export const MAX_QUOTED = 200;

/**
 * A value as it is shown in a message: in double quotes with JSON's escapes,
 * control characters escaped, and shortened after {@link MAX_QUOTED} code
 * points with its full length said.
 *
 * @example
 * ```ts
 * import { quote } from "./quote.ts";
 * console.log(quote("web")); // "\"web\""
 * console.log(quote("x".repeat(300)).endsWith('…" (300 characters)')); // true
 * ```
 */
export function quote(value: string): string {
  if (value.length <= MAX_QUOTED) return escapeControl(JSON.stringify(value));
  let cut = -1;
  let count = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 0xdc00 && c <= 0xdfff && i > 0) {
      const p = value.charCodeAt(i - 1);
      if (p >= 0xd800 && p <= 0xdbff) continue; // second half of a pair
    }
    if (count === MAX_QUOTED) cut = i;
    count++;
  }
  if (cut < 0) return escapeControl(JSON.stringify(value));
  return `${
    escapeControl(JSON.stringify(value.slice(0, cut) + "…"))
  } (${count} characters)`;
}
