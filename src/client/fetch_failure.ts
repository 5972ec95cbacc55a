/**
 * Why a request got no answer, in plain words: the runtime's messages name
 * its internals (`client error (Connect): tcp connect error: …`).
 *
 * @module
 */
import type { ClientErrorCode } from "./api_error.ts";
import { PinnedRequestError } from "./pinned_error.ts";
import { escapeControl } from "../diagnostics/quote.ts";

/** Every message of an error and of its causes, joined. */
function causeText(e: unknown): string {
  const parts: string[] = [];
  for (let at = e, depth = 0; at !== undefined && depth < 8; depth++) {
    if (at instanceof Error) {
      parts.push(at.message);
      at = at.cause;
    } else {
      parts.push(String(at));
      break;
    }
  }
  return parts.join(": ");
}

const REASONS: readonly [RegExp, ClientErrorCode, string][] = [
  [
    /Requires net access/,
    "client.unreachable",
    "no net permission (Deno's --allow-net)",
  ],
  [
    /connection refused|ECONNREFUSED/i,
    "client.unreachable",
    "connection refused",
  ],
  [
    /dns error|failed to lookup|ENOTFOUND|getaddrinfo/i,
    "client.unreachable",
    "unknown host name",
  ],
  [
    /UnknownIssuer|unknown ?issuer|local issuer|self.signed certificate|unable to verify the first certificate/i,
    "client.tls",
    "its certificate is not signed by the cluster CA of the katconfig",
  ],
  [
    /NotValidForName|not valid for name|CertNotValidForName|does not match certificate's altnames|ALTNAME/i,
    "client.tls",
    "its certificate does not name this host",
  ],
  [
    /Expired|NotValidYet/i,
    "client.tls",
    "its certificate has expired or is not valid yet",
  ],
  [
    /invalid peer certificate|certificate|tls|handshake|InvalidContentType|CorruptMessage/i,
    "client.tls",
    "TLS failed (is it an HTTPS server of the cluster?)",
  ],
  [
    /connection reset|reset by peer|broken pipe|connection closed|unexpected eof|incomplete|ECONNRESET|socket hang up|cut short/i,
    "client.unreachable",
    "the connection was closed",
  ],
  [
    /network is unreachable|no route to host|host is unreachable/i,
    "client.unreachable",
    "no route to the host",
  ],
];

/**
 * What a failed request means (of `fetch`, or of the pinned request): its
 * code and a few plain words; `timeoutMs` is said for a timeout.
 *
 * @example
 * ```ts
 * import { describeFetchFailure } from "./fetch_failure.ts";
 * const cause = new Error("client error (Connect): tcp connect error: Connection refused (os error 111)");
 * console.log(describeFetchFailure(new TypeError("fetch failed", { cause }), 10_000));
 * // { code: "client.unreachable", words: "connection refused" }
 * ```
 */
export function describeFetchFailure(
  e: unknown,
  timeoutMs: number,
): { code: ClientErrorCode; words: string } {
  if (
    (e instanceof DOMException && e.name === "TimeoutError") ||
    (e instanceof PinnedRequestError && e.reason === "timeout")
  ) {
    return {
      code: "client.timeout",
      words: `no answer within ${timeoutMs / 1000}s`,
    };
  }
  const text = causeText(e);
  for (const [pattern, code, words] of REASONS) {
    if (pattern.test(text)) return { code, words };
  }
  const last = text.split(": ").at(-1)!.replace(/\s*\(os error \d+\)$/, "");
  return {
    code: "client.unreachable",
    words: `the request failed (${escapeControl(last)})`,
  };
}
