/**
 * Names and paths as the cluster commands' lines show them.
 *
 * @module
 */
import { quote } from "../diagnostics/quote.ts";

/**
 * A resource's name as a line shows it: as it is when it is a plain DNS
 * name, else quoted (control characters escaped).
 *
 * @example
 * ```ts
 * import { shownName } from "./shown_name.ts";
 * console.log(shownName("web"), shownName("a\nb")); // web "a\nb"
 * ```
 */
export function shownName(name: string): string {
  return /^[a-z0-9.-]+$/.test(name) ? name : quote(name);
}

/**
 * A path as a line shows it: as it is when it holds only letters, digits and
 * `._/-`, else quoted.
 *
 * @example
 * ```ts
 * import { shownPath } from "./shown_name.ts";
 * console.log(shownPath("apps/web"), shownPath("my app")); // apps/web "my app"
 * ```
 */
export function shownPath(path: string): string {
  return /^[\w./-]+$/.test(path) ? path : quote(path);
}
