/**
 * The leader's HTTPS endpoint on the cluster's `apiPort`.
 *
 * @module
 */
import https from "node:https";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { KatError } from "../errors/kat_error.ts";
import type { ApiContext } from "./api_context.ts";
import { handleApiRequest } from "./router.ts";
import { API_SERVERS_HEADER, apiServersHeader } from "./api_servers_header.ts";

/**
 * Options of {@link ApiServer.start}.
 *
 * @example
 * ```ts
 * import type { ApiServerOptions } from "./api_server.ts";
 * declare const context: ApiServerOptions["context"];
 * const o: ApiServerOptions = {
 *   hostname: "127.0.0.1", port: 9115, certChainPem: "…", keyPem: "…", context,
 * };
 * ```
 */
export interface ApiServerOptions {
  /** The address to listen on (the node's advertise address). */
  hostname: string;
  /** The port (the cluster's `apiPort`). */
  port: number;
  /** The node's certificate followed by the CA's, PEM. */
  certChainPem: string;
  /** The node's private key, PEM. */
  keyPem: string;
  /** What the handlers work with. */
  context: ApiContext;
}

/**
 * The API could not listen: `api.port-in-use` or `api.listen-failed`.
 *
 * @example
 * ```ts
 * import { ApiServerError } from "./api_server.ts";
 * console.log(new ApiServerError("api.port-in-use", "taken").code);
 * ```
 */
export class ApiServerError extends KatError {
  override name = "ApiServerError";
}

/**
 * A web request for `req`, whose body streams from it: reading pulls from
 * the connection, and cancelling stops reading (the connection is then
 * closed once the answer is sent).
 */
function webRequest(
  req: IncomingMessage,
  origin: string,
): { request: Request; stopped: () => boolean } {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === "string") headers.set(name, value);
    else if (Array.isArray(value)) {
      for (const v of value) headers.append(name, v);
    }
  }
  let stopped = false;
  const method = req.method ?? "GET";
  const body = method === "GET" || method === "HEAD"
    ? null
    : new ReadableStream<Uint8Array>({
      start(controller) {
        req.pause();
        req.on("data", (chunk: Uint8Array) => {
          controller.enqueue(new Uint8Array(chunk));
          if ((controller.desiredSize ?? 0) <= 0) req.pause();
        });
        req.on("end", () => controller.close());
        req.on("error", (e: Error) => controller.error(e));
      },
      pull() {
        req.resume();
      },
      cancel() {
        stopped = true;
        req.pause();
      },
    }, { highWaterMark: 4 });
  const request = new Request(new URL(req.url ?? "/", origin), {
    method,
    headers,
    body,
    // @ts-ignore: a streamed request body needs it; not in every lib's types
    duplex: "half",
  });
  return { request, stopped: () => stopped };
}

/**
 * A running API endpoint. Every answer carries the `kat-api-servers` header
 * (see {@link apiServersHeader}). It runs on `node:https`, not `Deno.serve`: a
 * request refused before its body is read whole (an archive past a limit)
 * must close its connection, so that the rest is never received, and
 * `Deno.serve` reads the rest of a refused body whatever the handler does.
 *
 * @example
 * ```ts
 * import { ApiServer } from "./api_server.ts";
 * declare const options: Parameters<typeof ApiServer.start>[0];
 * const server = await ApiServer.start(options);
 * await server.stop();
 * ```
 */
export class ApiServer {
  readonly #server: Server;

  private constructor(server: Server) {
    this.#server = server;
  }

  /** Listens; an {@link ApiServerError} when it cannot. */
  static async start(options: ApiServerOptions): Promise<ApiServer> {
    const origin = `https://${
      options.hostname.includes(":")
        ? `[${options.hostname}]`
        : options.hostname
    }:${options.port}`;
    const server = https.createServer({
      cert: options.certChainPem,
      key: options.keyPem,
    }, (req: IncomingMessage, res: ServerResponse) => {
      void (async () => {
        const { request, stopped } = webRequest(req, origin);
        let response: Response;
        try {
          response = await handleApiRequest(options.context, request);
        } catch (e) {
          options.context.log(
            "error",
            "api.failed",
            `the API failed to answer: ${
              e instanceof Error ? e.message : String(e)
            }`,
          );
          response = new Response("internal error\n", { status: 500 });
        }
        const bytes = new Uint8Array(await response.arrayBuffer());
        const unread = stopped() || !req.complete;
        const headers: Record<string, string> = {};
        response.headers.forEach((value, name) => headers[name] = value);
        headers["content-length"] = String(bytes.length);
        // Every answer, a refusal or a failure too, says where the nodes
        // that can lead serve the API.
        const servers = apiServersHeader(options.context);
        if (servers !== undefined) headers[API_SERVERS_HEADER] = servers;
        if (unread) headers["connection"] = "close";
        res.writeHead(response.status, headers);
        // A body not read whole is not read at all: the connection closes
        // once the answer is out.
        res.end(bytes, () => {
          if (unread) req.socket.destroy();
        });
      })();
    });
    try {
      await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(options.port, options.hostname, () => {
          server.off("error", reject);
          resolve();
        });
      });
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === "EADDRINUSE") {
        throw new ApiServerError(
          "api.port-in-use",
          `the API port ${options.port} on ${options.hostname} is already in use`,
        );
      }
      throw new ApiServerError(
        "api.listen-failed",
        `cannot serve the API on ${options.hostname}:${options.port}: ${
          (e as Error).message
        }`,
      );
    }
    server.on("error", () => {});
    return new ApiServer(server);
  }

  /** Stops listening and ends open connections. */
  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.#server.close(() => resolve());
      (this.#server as unknown as { closeAllConnections?: () => void })
        .closeAllConnections?.();
    });
  }
}
