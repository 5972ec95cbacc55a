/**
 * The `kat-api-servers` header: every answer of the API says where the
 * nodes that can lead serve it, so that a client can learn them.
 *
 * @module
 */
import type { ApiContext } from "./api_context.ts";

/**
 * The header's name.
 *
 * @example
 * ```ts
 * import { API_SERVERS_HEADER } from "./api_servers_header.ts";
 * console.log(API_SERVERS_HEADER); // "kat-api-servers"
 * ```
 */
export const API_SERVERS_HEADER = "kat-api-servers";

/** What a header value can hold of one URL: printable ASCII, no comma. */
const URL_SAFE = /^[\x21-\x2b\x2d-\x7e]+$/;

/**
 * The header's value: `context.apiServers()` joined by `,`; undefined when
 * there is none (or the context cannot say). A URL that a header cannot carry
 * (a space, a control character, a comma) is left out.
 *
 * @example
 * ```ts
 * import { apiServersHeader } from "./api_servers_header.ts";
 * import type { ApiContext } from "./api_context.ts";
 * const context = {
 *   apiServers: () => ["https://10.0.0.1:9115", "https://10.0.0.2:9115"],
 * } as unknown as ApiContext;
 * console.log(apiServersHeader(context));
 * // https://10.0.0.1:9115,https://10.0.0.2:9115
 * ```
 */
export function apiServersHeader(context: ApiContext): string | undefined {
  let servers: readonly string[];
  try {
    servers = context.apiServers();
  } catch {
    return undefined;
  }
  const value = servers.filter((s) => URL_SAFE.test(s)).join(",");
  return value === "" ? undefined : value;
}
