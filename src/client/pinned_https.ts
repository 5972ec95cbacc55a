/**
 * One HTTPS request that trusts exactly one CA. `fetch` given a CA
 * (`Deno.createHttpClient({ caCerts })`) adds it to the runtime's public
 * roots; `node:tls` given a CA (`ca`) trusts that CA alone, so the request
 * goes over `node:tls` and nothing is sent before the server's certificate
 * has been verified against the pinned CA and the address. The request is
 * HTTP/1.1 with `Connection: close`, and the answer is read whole (up to
 * {@link MAX_ANSWER_BYTES}).
 *
 * @module
 */
import tls from "node:tls";
import { PinnedRequestError } from "./pinned_error.ts";
import { readAtMost } from "../input/read_at_most.ts";

export { PinnedRequestError };

/** The largest answer read: 1 MiB. */
export const MAX_ANSWER_BYTES = 1024 * 1024;

/**
 * A request of {@link pinnedRequest}.
 *
 * @example
 * ```ts
 * import type { PinnedRequest } from "./pinned_https.ts";
 * const r: PinnedRequest = { method: "POST", path: "/v1alpha1/join", headers: {}, body: "{}" };
 * ```
 */
export interface PinnedRequest {
  method: string;
  /** The path (and query) of the request. */
  path: string;
  /** Headers besides Host, Content-Length and Connection. */
  headers: Record<string, string>;
  /** The body, if any: text (sent as UTF-8) or bytes (sent as they are). */
  body?: string | Uint8Array;
  /** How long the whole exchange may take. Default: 30 s. */
  timeoutMs?: number;
}

/** The body of a chunked answer; undefined when it is cut short. */
function unchunk(bytes: Uint8Array): Uint8Array | undefined {
  const parts: Uint8Array[] = [];
  let at = 0;
  const text = new TextDecoder("latin1");
  for (;;) {
    const end = bytes.indexOf(0x0a, at);
    if (end < 0) return undefined;
    const size = parseInt(text.decode(bytes.subarray(at, end)).trim(), 16);
    if (!Number.isFinite(size)) return undefined;
    at = end + 1;
    if (size === 0) break;
    if (at + size > bytes.length) return undefined;
    parts.push(bytes.subarray(at, at + size));
    at += size + 2;
  }
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/**
 * What {@link pinnedRequest} resolves to.
 *
 * @example
 * ```ts
 * import type { PinnedAnswer } from "./pinned_https.ts";
 * const a: PinnedAnswer = { status: 200, headers: new Headers(), body: "{}" };
 * ```
 */
export interface PinnedAnswer {
  status: number;
  headers: Headers;
  body: string;
}

/** Status, headers and body of a whole HTTP/1.1 answer. */
function parseAnswer(bytes: Uint8Array): PinnedAnswer {
  const split = bytes.findIndex((_, i) =>
    bytes[i] === 13 && bytes[i + 1] === 10 && bytes[i + 2] === 13 &&
    bytes[i + 3] === 10
  );
  if (split < 0) throw new Error("an answer without a header end");
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, split));
  const [statusLine, ...headerLines] = head.split("\r\n");
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine);
  if (!m) throw new Error("an answer that is not HTTP/1.1");
  const headers = new Map(headerLines.map((l) => {
    const colon = l.indexOf(":");
    return [l.slice(0, colon).trim().toLowerCase(), l.slice(colon + 1).trim()];
  }));
  let body: Uint8Array | undefined = bytes.subarray(split + 4);
  if (/chunked/i.test(headers.get("transfer-encoding") ?? "")) {
    body = unchunk(body);
  } else if (headers.has("content-length")) {
    const length = Number(headers.get("content-length"));
    body = body.length >= length ? body.subarray(0, length) : undefined;
  }
  if (body === undefined) throw new Error("an answer cut short");
  return {
    status: Number(m[1]),
    headers: new Headers([...headers].filter(([k]) => k !== "")),
    body: new TextDecoder().decode(body),
  };
}

/**
 * Sends `request` to `url`'s host and port, trusting only `caPem`: a
 * {@link PinnedRequestError} `untrusted` when the server's certificate does
 * not chain to it or does not name the host (nothing is sent then),
 * `timeout`, or `unreachable`.
 *
 * @example
 * ```ts
 * import { pinnedRequest } from "./pinned_https.ts";
 * declare const caPem: string;
 * const answer = await pinnedRequest(new URL("https://10.0.0.1:9115"), caPem, {
 *   method: "GET", path: "/v1alpha1/ca", headers: {},
 * });
 * console.log(answer.status);
 * ```
 */
export async function pinnedRequest(
  url: URL,
  caPem: string,
  request: PinnedRequest,
): Promise<PinnedAnswer> {
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  const port = Number(url.port || 443);
  const isIp = /^[0-9.]+$/.test(host) || host.includes(":");
  const socket = tls.connect({
    host,
    port,
    ca: [caPem],
    rejectUnauthorized: true,
    ...(isIp ? {} : { servername: host }),
  });
  const timeoutMs = request.timeoutMs ?? 30_000;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new PinnedRequestError(
            "timeout",
            `no whole answer within ${timeoutMs / 1000} s`,
          ),
        ),
      timeoutMs,
    );
  });
  const exchange = async () => {
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once("secureConnect", () => resolve());
        socket.once("error", reject);
      });
    } catch (e) {
      const text = (e as Error).message;
      throw new PinnedRequestError(
        /certificate|self.signed|issuer|altname|verify|CERT_/i.test(text)
          ? "untrusted"
          : "unreachable",
        text,
      );
    }
    // Verified by node:tls against the pinned CA alone; said again here, so
    // that no change of the runtime's defaults can let a request through.
    if (!socket.authorized) {
      throw new PinnedRequestError(
        "untrusted",
        `its certificate is not verified (${socket.authorizationError})`,
      );
    }
    const body = typeof request.body === "string" || request.body === undefined
      ? new TextEncoder().encode(request.body ?? "")
      : request.body;
    const head = [
      `${request.method} ${request.path} HTTP/1.1`,
      `Host: ${url.host}`,
      ...Object.entries(request.headers).map(([k, v]) => `${k}: ${v}`),
      `Content-Length: ${body.length}`,
      "Connection: close",
      "",
      "",
    ].join("\r\n");
    socket.write(new TextEncoder().encode(head));
    if (body.length > 0) socket.write(body);
    try {
      const all = await readAtMost(
        socket as AsyncIterable<Uint8Array>,
        MAX_ANSWER_BYTES,
      );
      if (all === undefined) {
        throw new Error(`an answer over ${MAX_ANSWER_BYTES} bytes`);
      }
      return parseAnswer(all);
    } catch (e) {
      throw new PinnedRequestError("unreachable", (e as Error).message);
    }
  };
  try {
    return await Promise.race([exchange(), timedOut]);
  } finally {
    clearTimeout(timer);
    socket.destroy();
  }
}
