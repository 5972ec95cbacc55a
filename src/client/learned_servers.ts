/**
 * What a client keeps of the `kat-api-servers` header: the API URLs of the
 * nodes that can lead, as a server named them.
 *
 * @module
 */
import { serverUrlProblem } from "../katconfig/server_url.ts";

/**
 * The most URLs kept of one header; the rest are left out.
 *
 * @example
 * ```ts
 * import { MAX_LEARNED_SERVERS } from "./learned_servers.ts";
 * console.log(MAX_LEARNED_SERVERS); // 16
 * ```
 */
export const MAX_LEARNED_SERVERS = 16;

/**
 * The servers a `kat-api-servers` header names, in its order: each one an
 * `https://HOST:PORT` (anything else is left out), written as its origin
 * (`https://HOST:PORT`, the port left out when it is 443), each once, at most
 * {@link MAX_LEARNED_SERVERS}.
 *
 * @example
 * ```ts
 * import { parseApiServers } from "./learned_servers.ts";
 * console.log(parseApiServers("https://10.0.0.1:9115, http://x:1,https://10.0.0.1:9115,https://10.0.0.2:9115"));
 * // [ "https://10.0.0.1:9115", "https://10.0.0.2:9115" ]
 * ```
 */
export function parseApiServers(value: string): string[] {
  const servers: string[] = [];
  for (const part of value.split(",")) {
    const text = part.trim();
    if (text === "" || serverUrlProblem(text) !== undefined) continue;
    const origin = new URL(text).origin;
    if (servers.includes(origin)) continue;
    servers.push(origin);
    if (servers.length === MAX_LEARNED_SERVERS) break;
  }
  return servers;
}

/**
 * `text` as {@link parseApiServers} writes a server, or undefined when it is
 * not `https://HOST:PORT`.
 *
 * @example
 * ```ts
 * import { serverOrigin } from "./learned_servers.ts";
 * console.log(serverOrigin("https://Node-2:443")); // "https://node-2"
 * console.log(serverOrigin("https://node-2/path")); // undefined
 * ```
 */
export function serverOrigin(text: string): string | undefined {
  return serverUrlProblem(text) === undefined
    ? new URL(text).origin
    : undefined;
}
