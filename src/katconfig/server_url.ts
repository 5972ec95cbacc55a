/**
 * What a server of a katconfig is: `https://HOST:PORT` and nothing more.
 *
 * @module
 */

/**
 * Why `text` is not `https://HOST:PORT` (or `https://HOST`), as the end of a
 * sentence that names it; undefined when it is one.
 *
 * @example
 * ```ts
 * import { serverUrlProblem } from "./server_url.ts";
 * console.log(serverUrlProblem("https://10.0.0.1:9115")); // undefined
 * console.log(serverUrlProblem("http://10.0.0.1:9115"));
 * // is not an https URL (https://HOST:PORT)
 * ```
 */
export function serverUrlProblem(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return "is not a URL (https://HOST:PORT)";
  }
  if (url.protocol !== "https:") {
    return "is not an https URL (https://HOST:PORT)";
  }
  if (url.username || url.password) return "must not hold a user or password";
  if (url.pathname !== "/" || url.search || url.hash || text.endsWith("?")) {
    return "must be https://HOST:PORT, without a path, query or fragment";
  }
  return undefined;
}
