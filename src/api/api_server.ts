/**
 * The leader's HTTPS endpoint on the cluster's `apiPort`.
 *
 * @module
 */
import { KatError } from "../errors/kat_error.ts";
import type { ApiContext } from "./api_context.ts";
import { handleApiRequest } from "./router.ts";

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
 * A running API endpoint.
 *
 * @example
 * ```ts
 * import { ApiServer } from "./api_server.ts";
 * declare const options: Parameters<typeof ApiServer.start>[0];
 * const server = ApiServer.start(options);
 * await server.stop();
 * ```
 */
export class ApiServer {
  readonly #server: Deno.HttpServer<Deno.NetAddr>;

  private constructor(server: Deno.HttpServer<Deno.NetAddr>) {
    this.#server = server;
  }

  /** Listens at once; an {@link ApiServerError} when it cannot. */
  static start(options: ApiServerOptions): ApiServer {
    try {
      const server = Deno.serve({
        hostname: options.hostname,
        port: options.port,
        cert: options.certChainPem,
        key: options.keyPem,
        onListen() {},
        onError(e) {
          options.context.log(
            "error",
            "api.failed",
            `the API failed to answer: ${
              e instanceof Error ? e.message : String(e)
            }`,
          );
          return new Response("internal error\n", { status: 500 });
        },
      }, (request) => handleApiRequest(options.context, request));
      return new ApiServer(server);
    } catch (e) {
      if (e instanceof Deno.errors.AddrInUse) {
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
  }

  /** Stops listening and ends open connections. */
  async stop(): Promise<void> {
    await this.#server.shutdown().catch(() => {});
  }
}
