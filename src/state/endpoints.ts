/**
 * etcd endpoints as users write them, checked and normalised. No dependency:
 * the command line checks `--etcd-endpoints` with it before loading etcd's
 * client.
 *
 * @module
 */
import { StateStoreError } from "./state_store.ts";
import { quote } from "../diagnostics/quote.ts";

/**
 * Normalises endpoints to `http(s)://host:port` and checks them; throws a
 * `StateStoreError` of code `"failed"` naming the first bad one.
 *
 * @example
 * ```ts
 * import { normaliseEndpoints } from "./endpoints.ts";
 * console.log(normaliseEndpoints(["127.0.0.1:2379", "http://[::1]:2379/"]));
 * // ["http://127.0.0.1:2379", "http://[::1]:2379"]
 * ```
 */
export function normaliseEndpoints(endpoints: readonly string[]): string[] {
  if (endpoints.length === 0) {
    throw new StateStoreError("failed", "no etcd endpoint given");
  }
  const out = endpoints.map((raw) => {
    const text = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`;
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw new StateStoreError(
        "failed",
        `etcd endpoint ${quote(raw)} is not a URL`,
      );
    }
    const clean = (url.pathname === "/" || url.pathname === "") &&
      !url.search && !url.hash && !url.username && !url.password;
    if (
      (url.protocol !== "http:" && url.protocol !== "https:") || !clean ||
      !url.port
    ) {
      throw new StateStoreError(
        "failed",
        `etcd endpoint ${
          quote(raw)
        } must be http://host:port or https://host:port`,
      );
    }
    return `${url.protocol}//${url.host}`;
  });
  const schemes = new Set(out.map((u) => u.slice(0, u.indexOf(":"))));
  if (schemes.size > 1) {
    throw new StateStoreError(
      "failed",
      "etcd endpoints must all use http or all use https",
    );
  }
  return out;
}
