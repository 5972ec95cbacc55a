/**
 * A client of the leader's API (`docs/api.md`), built from a katconfig.
 *
 * @module
 */
import type { Node } from "../gen/types.ts";
import { toManifest } from "../encode/to_manifest.ts";
import { escapeControl } from "../diagnostics/quote.ts";
import type { Katconfig } from "../katconfig/katconfig.ts";
import { ApiError } from "./api_error.ts";
import type { PinnedAnswer } from "./pinned_https.ts";
import { describeFetchFailure } from "./fetch_failure.ts";

/** Options of {@link ApiClient}. */
export interface ApiClientOptions {
  /**
   * How long one request to one server may take, answer included, in
   * milliseconds.
   * @default {10000}
   */
  timeoutMs?: number;
}

/** The answer of `GET /v1alpha1/nodes`. */
export interface NodeList {
  /** The nodes, sorted by name. */
  items: Node[];
  /** The leading node's name, when the answer says it. */
  leader?: string;
}

/** The answer of `GET /v1alpha1/nodes/{name}`. */
export interface NodeAnswer {
  /** The node. */
  node: Node;
  /** The leading node's name (the `kat-leader` header), when given. */
  leader?: string;
}

/** What {@link ApiClient.createToken} asks for. */
export interface TokenRequest {
  /** How long the token is valid, in milliseconds. @default {the leader's default} */
  ttlMs?: number;
  /** Whether the first join uses it up. @default {false} */
  singleUse?: boolean;
}

/** The answer of `POST /v1alpha1/tokens`. */
export interface TokenAnswer {
  /** The join token, `ID.SECRET`. */
  token: string;
  /** When it expires (RFC 3339). */
  expiresAt: string;
  /** Whether the first join uses it up. */
  singleUse: boolean;
  /** The whole `kat-agent join …` command line. */
  joinCommand: string;
}

/** Longest part of a server's message kept in an error. */
const MAX_MESSAGE = 500;

/** Whether `value` is a plain JSON object. */
function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A failure to try the next server after. */
interface Failure {
  server: string;
  error: ApiError;
}

/**
 * Talks to the leader's API over HTTPS, trusting only the katconfig's CA and
 * presenting its credential (`Authorization: Bearer …`). The servers are
 * tried in order: the next one when a server cannot be reached (no
 * connection, TLS refused, timeout) or answers 503 `leader.not_leader`;
 * no other answer is retried, and a redirect to the leader is never
 * followed (the error names the leader). Every failure is an
 * {@link ApiError}, whose one-line message names the server and never holds
 * the credential. Call {@link ApiClient.close} when done.
 *
 * @example
 * ```ts
 * import { ApiClient } from "./api_client.ts";
 * import { ApiError } from "./api_error.ts";
import type { PinnedAnswer } from "./pinned_https.ts";
 * const client = new ApiClient({
 *   cluster: "homelab",
 *   servers: ["https://127.0.0.1:9"],
 *   caCertificate: "",
 *   credential: "kat-" + "0".repeat(64),
 * }, { timeoutMs: 2000 });
 * try {
 *   await client.listNodes();
 * } catch (e) {
 *   if (e instanceof ApiError) console.log(e.code); // "client.unreachable"
 * } finally {
 *   client.close();
 * }
 * ```
 */
export class ApiClient {
  readonly #config: Katconfig;
  readonly #timeoutMs: number;

  /**
   * @param config The katconfig: servers, CA and credential.
   * @param options The timeout.
   * @throws {ApiError} `client.tls` when the CA certificate cannot be used.
   */
  constructor(config: Katconfig, options: ApiClientOptions = {}) {
    this.#config = config;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    try {
      // The runtime's own TLS reads the CA here, so that a CA it cannot use
      // is said at once; the requests themselves trust it alone.
      Deno.createHttpClient({
        caCerts: config.caCertificate ? [config.caCertificate] : [],
      }).close();
    } catch (e) {
      const detail = e instanceof Error ? e.message.split(": ").at(-1)! : "";
      throw new ApiError(
        0,
        "client.tls",
        `the katconfig's caCertificate is not a certificate TLS can use (${
          escapeControl(detail)
        })`,
        { cause: e },
      );
    }
  }

  /** Nothing to release: each request has a connection of its own. */
  close(): void {}

  /**
   * Every node, sorted by name, and the leader's name.
   *
   * @example
   * ```ts
   * import type { ApiClient } from "./api_client.ts";
   * async function names(client: ApiClient): Promise<string[]> {
   *   return (await client.listNodes()).items.map((n) => n.metadata?.name ?? "");
   * }
   * ```
   */
  async listNodes(): Promise<NodeList> {
    const { server, body } = await this.#request("GET", "/nodes");
    if (!isObject(body) || !Array.isArray(body.items)) {
      throw badAnswer(server, "a node list without items");
    }
    const items = body.items.map((item) => checkNode(server, item));
    const leader = typeof body.leader === "string" ? body.leader : undefined;
    return leader === undefined ? { items } : { items, leader };
  }

  /**
   * One node by name; `node.not_found` (404) when there is none.
   *
   * @example
   * ```ts
   * import type { ApiClient } from "./api_client.ts";
   * async function subnet(client: ApiClient): Promise<string | undefined> {
   *   return (await client.getNode("node-1")).node.spec?.overlaySubnet;
   * }
   * ```
   */
  async getNode(name: string): Promise<NodeAnswer> {
    const { server, body, headers } = await this.#request(
      "GET",
      `/nodes/${encodeURIComponent(name)}`,
    );
    const node = checkNode(server, body);
    const leader = headers.get("kat-leader") ?? undefined;
    return leader === undefined ? { node } : { node, leader };
  }

  /**
   * Deletes a node; resolves to the name deleted. `node.is_leader` (409)
   * for the leading node.
   *
   * @example
   * ```ts
   * import type { ApiClient } from "./api_client.ts";
   * async function remove(client: ApiClient): Promise<void> {
   *   console.log(`node/${await client.deleteNode("node-2")} deleted`);
   * }
   * ```
   */
  async deleteNode(name: string): Promise<string> {
    const { server, body } = await this.#request(
      "DELETE",
      `/nodes/${encodeURIComponent(name)}`,
    );
    if (!isObject(body) || typeof body.deleted !== "string") {
      throw badAnswer(server, "a deletion answer without deleted");
    }
    return body.deleted;
  }

  /**
   * A new join token, and the whole `kat-agent join` command line.
   *
   * @example
   * ```ts
   * import type { ApiClient } from "./api_client.ts";
   * async function joinLine(client: ApiClient): Promise<string> {
   *   return (await client.createToken({ ttlMs: 3_600_000, singleUse: true })).joinCommand;
   * }
   * ```
   */
  async createToken(request: TokenRequest = {}): Promise<TokenAnswer> {
    const sent: Record<string, unknown> = {};
    if (request.ttlMs !== undefined) sent.ttlMs = request.ttlMs;
    if (request.singleUse !== undefined) sent.singleUse = request.singleUse;
    const { server, body } = await this.#request("POST", "/tokens", sent);
    if (
      !isObject(body) || typeof body.token !== "string" ||
      typeof body.expiresAt !== "string" ||
      typeof body.singleUse !== "boolean" ||
      typeof body.joinCommand !== "string"
    ) {
      throw badAnswer(
        server,
        "a token answer without token, expiresAt, singleUse and joinCommand",
      );
    }
    return {
      token: body.token,
      expiresAt: body.expiresAt,
      singleUse: body.singleUse,
      joinCommand: body.joinCommand,
    };
  }

  /** Sends one request, trying the servers in order. */
  async #request(
    method: string,
    path: string,
    sent?: unknown,
  ): Promise<{ server: string; body: unknown; headers: Headers }> {
    const failures: Failure[] = [];
    for (const server of this.#config.servers) {
      const url = new URL(`/v1alpha1${path}`, server);
      const headers: Record<string, string> = {
        accept: "application/json",
        authorization: `Bearer ${this.#config.credential}`,
      };
      if (sent !== undefined) headers["content-type"] = "application/json";
      let response: PinnedAnswer;
      try {
        // Loaded when a request is made: it brings node:tls, which nothing
        // else of katcall needs.
        const { pinnedRequest } = await import("./pinned_https.ts");
        response = await pinnedRequest(url, this.#config.caCertificate, {
          method,
          path: url.pathname,
          headers,
          body: sent === undefined ? undefined : JSON.stringify(sent),
          timeoutMs: this.#timeoutMs,
        });
      } catch (e) {
        const { code, words } = describeFetchFailure(e, this.#timeoutMs);
        failures.push({
          server,
          error: new ApiError(0, code, `${server}: ${words}`, { cause: e }),
        });
        continue;
      }
      const text = response.body;
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        throw badAnswer(
          server,
          `${response.status} with a body that is not JSON`,
          response.status,
        );
      }
      if (response.status >= 200 && response.status <= 299) {
        return { server, body, headers: response.headers };
      }
      const refusal = this.#refusal(server, response.status, body);
      if (refusal.code !== "leader.not_leader") throw refusal;
      failures.push({ server, error: refusal });
    }
    throw this.#allFailed(failures);
  }

  /** The error of a refusal: the server's code and message. */
  #refusal(server: string, status: number, body: unknown): ApiError {
    const error = isObject(body) ? body.error : undefined;
    if (
      !isObject(error) || typeof error.code !== "string" ||
      typeof error.message !== "string"
    ) {
      return badAnswer(server, `${status} without an error object`, status);
    }
    const code = escapeControl(error.code).slice(0, 100);
    let message = escapeControl(
      error.message.replaceAll(this.#config.credential, "<credential>"),
    );
    if (message.length > MAX_MESSAGE) {
      message = `${message.slice(0, MAX_MESSAGE)}…`;
    }
    const leader = isObject(body) && typeof body.leader === "string"
      ? body.leader
      : undefined;
    if (code === "leader.not_leader") {
      const where = leader === undefined
        ? "the leader is not known yet"
        : `the leader is ${escapeControl(leader)}`;
      return new ApiError(
        status,
        code,
        `${server} is not the leader (${where}): ${message}`,
        { leader },
      );
    }
    return new ApiError(
      status,
      error.code,
      `${server} answered ${status} ${code}: ${message}`,
    );
  }

  /** The error when no server answered: the one failure, or all of them. */
  #allFailed(failures: readonly Failure[]): ApiError {
    if (failures.length === 0) {
      return new ApiError(
        0,
        "client.unreachable",
        "the katconfig names no server",
      );
    }
    // A server that is not the leader says the most.
    const notLeader = failures.find((f) =>
      f.error.code === "leader.not_leader"
    );
    if (notLeader) return notLeader.error;
    if (failures.length === 1) return failures[0].error;
    const last = failures.at(-1)!.error;
    return new ApiError(
      0,
      last.code,
      `no server answered: ${failures.map((f) => f.error.message).join("; ")}`,
      { cause: last },
    );
  }
}

/** An answer that is not what the API answers. */
function badAnswer(server: string, what: string, status = 200): ApiError {
  return new ApiError(
    status,
    "client.bad_answer",
    `${server} answered ${what}: is it the KAT API?`,
  );
}

/** A Node of an answer, checked against the proto. */
function checkNode(server: string, value: unknown): Node {
  if (!isObject(value) || (value.kind !== undefined && value.kind !== "Node")) {
    throw badAnswer(server, "something that is not a Node");
  }
  const node = { ...value, kind: "Node" } as Node;
  try {
    toManifest(node);
  } catch (e) {
    throw badAnswer(
      server,
      `a Node that does not fit the proto (${
        escapeControl(e instanceof Error ? e.message : String(e))
      })`,
    );
  }
  return node;
}
