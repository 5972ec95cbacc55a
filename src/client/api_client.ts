/**
 * A client of the leader's API (`docs/api.md`), built from a katconfig.
 *
 * @module
 */
import type { Namespace, Node, ResourceTypes } from "../gen/types.ts";
import { escapeControl } from "../diagnostics/quote.ts";
import type { Katconfig } from "../katconfig/katconfig.ts";
import { ApiError } from "./api_error.ts";
import type { PinnedAnswer } from "./pinned_https.ts";
import { describeFetchFailure } from "./fetch_failure.ts";
import { QuadletInvalidError } from "./quadlet_invalid_error.ts";
import { API_SERVERS_HEADER } from "../api/api_servers_header.ts";
import { parseApiServers, serverOrigin } from "./learned_servers.ts";
import {
  type AppliedResource,
  badAnswer,
  checkApplied,
  checkDiagnostics,
  checkList,
  checkResource,
  isObject,
} from "./resource_answers.ts";

export type { AppliedResource };

/**
 * The kinds that live in a namespace, by the plural of their paths.
 *
 * @example
 * ```ts
 * import { NAMESPACED_KINDS } from "./api_client.ts";
 * console.log(NAMESPACED_KINDS.workloads); // "Workload"
 * ```
 */
export const NAMESPACED_KINDS = {
  workloads: "Workload",
  virtualloadbalancers: "VirtualLoadBalancer",
  jobdefinitions: "JobDefinition",
  builddefinitions: "BuildDefinition",
} as const;

/**
 * The plural of a namespaced kind's paths: `workloads`.
 *
 * @example
 * ```ts
 * import type { NamespacedPlural } from "./api_client.ts";
 * const p: NamespacedPlural = "jobdefinitions";
 * ```
 */
export type NamespacedPlural = keyof typeof NAMESPACED_KINDS;

/**
 * A resource of a namespaced kind, by its plural.
 *
 * @example
 * ```ts
 * import type { NamespacedResource } from "./api_client.ts";
 * const w: NamespacedResource<"workloads"> = { kind: "Workload", metadata: { name: "web" } };
 * ```
 */
export type NamespacedResource<P extends NamespacedPlural> = ResourceTypes[
  (typeof NAMESPACED_KINDS)[P]
];

/**
 * Which namespaces {@link ApiClient.listResources} lists: one, or all.
 *
 * @example
 * ```ts
 * import type { NamespaceScope } from "./api_client.ts";
 * const scopes: NamespaceScope[] = [{ namespace: "default" }, { all: true }];
 * ```
 */
export type NamespaceScope = { namespace: string } | { all: true };

/** A body to send: JSON, or bytes of a content type. */
type Sent =
  | { json: unknown }
  | { bytes: Uint8Array; contentType: string; headers: Record<string, string> };

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
  /** The names of the nodes that run etcd members, when the answer says. */
  members?: string[];
}

/** The answer of `GET /v1alpha1/nodes/{name}`. */
export interface NodeAnswer {
  /** The node. */
  node: Node;
  /** The leading node's name (the `kat-leader` header), when given. */
  leader?: string;
  /** The etcd members' node names (the `kat-members` header), when given. */
  members?: string[];
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
 * no other answer is retried. A `leader.not_leader` whose `leaderUrl` is an
 * `https://HOST:PORT` that is neither tried nor still to try is tried next,
 * once per request, with the same CA and credential: only the cluster CA is
 * trusted, so a URL a server names can only reach another node of the
 * cluster. Every failure is an {@link ApiError}, whose one-line message
 * names the server and never holds the credential. What the servers say in
 * `kat-api-servers` is kept as {@link ApiClient.learnedServers}. Call
 * {@link ApiClient.close} when done.
 *
 * @example
 * ```ts
 * import { ApiClient } from "./api_client.ts";
 * import { ApiError } from "./api_error.ts";
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
 *   console.log(client.learnedServers); // undefined
 *   client.close();
 * }
 * ```
 */
export class ApiClient {
  readonly #config: Katconfig;
  readonly #timeoutMs: number;
  #learned: string[] | undefined;

  /**
   * The servers the last answer that carried `kat-api-servers` named (only
   * `https://HOST:PORT`, each once, at most 16, as origins); undefined while
   * no answer has carried it.
   *
   * @example
   * ```ts
   * import type { ApiClient } from "./api_client.ts";
   * declare const client: ApiClient;
   * console.log(client.learnedServers ?? "no server said");
   * ```
   */
  get learnedServers(): string[] | undefined {
    return this.#learned === undefined ? undefined : [...this.#learned];
  }

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
    const items = body.items.map((item) => checkResource(server, item, "Node"));
    const leader = typeof body.leader === "string" ? body.leader : undefined;
    const members = Array.isArray(body.members) &&
        body.members.every((m) => typeof m === "string")
      ? body.members as string[]
      : undefined;
    return {
      items,
      ...(leader === undefined ? {} : { leader }),
      ...(members === undefined ? {} : { members }),
    };
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
    const node = checkResource(server, body, "Node");
    const leader = headers.get("kat-leader") ?? undefined;
    const members = headers.get("kat-members")?.split(",").filter((m) => m);
    return {
      node,
      ...(leader === undefined ? {} : { leader }),
      ...(members === undefined ? {} : { members }),
    };
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
    return deletedOf(server, body);
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
    const { server, body } = await this.#request("POST", "/tokens", {
      json: sent,
    });
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

  /**
   * Applies one quadlet: `archive` is its `.tar.gz`, sent as it is, and
   * `name` the name its diagnostics give it (`NAME:member.kat`; characters
   * outside printable ASCII are sent escaped, `\uXXXX`). Resolves to what
   * happened to each resource, in the leader's order. An invalid quadlet is
   * a {@link QuadletInvalidError} (422) with the leader's diagnostics.
   *
   * @example
   * ```ts
   * import type { ApiClient } from "./api_client.ts";
   * async function apply(client: ApiClient, archive: Uint8Array): Promise<void> {
   *   for (const r of await client.applyQuadlet(archive, "web.tar.gz")) {
   *     console.log(`${r.kind.toLowerCase()}/${r.name} ${r.outcome}`);
   *   }
   * }
   * ```
   */
  async applyQuadlet(
    archive: Uint8Array,
    name: string,
  ): Promise<AppliedResource[]> {
    const { server, body } = await this.#request("POST", "/quadlets", {
      bytes: archive,
      contentType: "application/gzip",
      headers: { "kat-archive-name": headerValue(name) },
    });
    return checkApplied(server, body);
  }

  /**
   * Every namespace, sorted by name.
   *
   * @example
   * ```ts
   * import type { ApiClient } from "./api_client.ts";
   * async function names(client: ApiClient): Promise<string[]> {
   *   return (await client.listNamespaces()).map((n) => n.metadata?.name ?? "");
   * }
   * ```
   */
  async listNamespaces(): Promise<Namespace[]> {
    const { server, body } = await this.#request("GET", "/namespaces");
    return checkList(server, body, "Namespace");
  }

  /**
   * One namespace by name; `resources.not_found` (404) when there is none.
   *
   * @example
   * ```ts
   * import type { ApiClient } from "./api_client.ts";
   * async function created(client: ApiClient): Promise<string | undefined> {
   *   return (await client.getNamespace("team-a")).metadata?.creationTimestamp;
   * }
   * ```
   */
  async getNamespace(name: string): Promise<Namespace> {
    const { server, body } = await this.#request(
      "GET",
      `/namespaces/${encodeURIComponent(name)}`,
    );
    return checkResource(server, body, "Namespace");
  }

  /**
   * Deletes a namespace; resolves to what the leader deleted
   * (`namespace/NAME`). `resources.namespace_not_empty` (409) while it holds
   * resources.
   *
   * @example
   * ```ts
   * import type { ApiClient } from "./api_client.ts";
   * async function remove(client: ApiClient): Promise<void> {
   *   console.log(`${await client.deleteNamespace("team-a")} deleted`);
   * }
   * ```
   */
  async deleteNamespace(name: string): Promise<string> {
    const { server, body } = await this.#request(
      "DELETE",
      `/namespaces/${encodeURIComponent(name)}`,
    );
    return deletedOf(server, body);
  }

  /**
   * The resources of a namespaced kind in one namespace (sorted by name) or
   * in all of them (`{ all: true }`: sorted by namespace, then name).
   *
   * @example
   * ```ts
   * import type { ApiClient } from "./api_client.ts";
   * async function images(client: ApiClient): Promise<string[]> {
   *   const items = await client.listResources("workloads", { all: true });
   *   return items.map((w) => w.spec?.source?.image ?? "");
   * }
   * ```
   */
  async listResources<P extends NamespacedPlural>(
    plural: P,
    scope: NamespaceScope,
  ): Promise<NamespacedResource<P>[]> {
    const path = "all" in scope
      ? `/${plural}`
      : `/namespaces/${encodeURIComponent(scope.namespace)}/${plural}`;
    const { server, body } = await this.#request("GET", path);
    return checkList(server, body, NAMESPACED_KINDS[plural]);
  }

  /**
   * One resource of a namespaced kind; `resources.not_found` (404) when
   * there is none.
   *
   * @example
   * ```ts
   * import type { ApiClient } from "./api_client.ts";
   * async function schedule(client: ApiClient): Promise<string | undefined> {
   *   return (await client.getResource("jobdefinitions", "default", "backup")).spec?.schedule;
   * }
   * ```
   */
  async getResource<P extends NamespacedPlural>(
    plural: P,
    namespace: string,
    name: string,
  ): Promise<NamespacedResource<P>> {
    const { server, body } = await this.#request(
      "GET",
      resourcePath(plural, namespace, name),
    );
    return checkResource(server, body, NAMESPACED_KINDS[plural]);
  }

  /**
   * Deletes one resource of a namespaced kind; resolves to what the leader
   * deleted (`workload/NAME`).
   *
   * @example
   * ```ts
   * import type { ApiClient } from "./api_client.ts";
   * async function remove(client: ApiClient): Promise<void> {
   *   console.log(`${await client.deleteResource("workloads", "default", "web")} deleted`);
   * }
   * ```
   */
  async deleteResource(
    plural: NamespacedPlural,
    namespace: string,
    name: string,
  ): Promise<string> {
    const { server, body } = await this.#request(
      "DELETE",
      resourcePath(plural, namespace, name),
    );
    return deletedOf(server, body);
  }

  /** Sends one request, trying the servers in order. */
  async #request(
    method: string,
    path: string,
    sent?: Sent,
  ): Promise<{ server: string; body: unknown; headers: Headers }> {
    const failures: Failure[] = [];
    const servers = [...this.#config.servers];
    let redirected = false;
    for (let i = 0; i < servers.length; i++) {
      const server = servers[i];
      const url = new URL(`/v1alpha1${path}`, server);
      const headers: Record<string, string> = {
        accept: "application/json",
        authorization: `Bearer ${this.#config.credential}`,
      };
      let body: string | Uint8Array | undefined;
      if (sent !== undefined && "json" in sent) {
        headers["content-type"] = "application/json";
        body = JSON.stringify(sent.json);
      } else if (sent !== undefined) {
        Object.assign(headers, sent.headers);
        headers["content-type"] = sent.contentType;
        body = sent.bytes;
      }
      let response: PinnedAnswer;
      try {
        // Loaded when a request is made: it brings node:tls, which nothing
        // else of katcall needs.
        const { pinnedRequest } = await import("./pinned_https.ts");
        response = await pinnedRequest(url, this.#config.caCertificate, {
          method,
          path: url.pathname,
          headers,
          body,
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
      const said = response.headers.get(API_SERVERS_HEADER);
      if (said !== null) this.#learned = parseApiServers(said);
      const text = response.body;
      let answer: unknown;
      try {
        answer = JSON.parse(text);
      } catch {
        throw badAnswer(
          server,
          `${response.status} with a body that is not JSON`,
          response.status,
        );
      }
      if (response.status >= 200 && response.status <= 299) {
        return { server, body: answer, headers: response.headers };
      }
      const refusal = this.#refusal(server, response.status, answer);
      if (refusal.code !== "leader.not_leader") throw refusal;
      failures.push({ server, error: refusal });
      // The leader a server names is asked next, once, when it is not one
      // of the katconfig's servers.
      const leaderUrl = refusal.leaderUrl === undefined
        ? undefined
        : serverOrigin(refusal.leaderUrl);
      if (
        !redirected && leaderUrl !== undefined &&
        !servers.some((s) => serverOrigin(s) === leaderUrl)
      ) {
        redirected = true;
        servers.splice(i + 1, 0, leaderUrl);
      }
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
    const leader = typeof error.leader === "string" ? error.leader : undefined;
    const leaderUrl = typeof error.leaderUrl === "string"
      ? error.leaderUrl
      : undefined;
    if (code === "leader.not_leader") {
      const where = leader === undefined
        ? "the leader is not known yet"
        : `the leader is ${escapeControl(leader)}`;
      return new ApiError(
        status,
        code,
        `${server} is not the leader (${where}): ${message}`,
        { leader, leaderUrl },
      );
    }
    const line = `${server} answered ${status} ${code}: ${message}`;
    // The diagnostics of a refused quadlet or archive are in the error
    // object, as the leader's `leader` is.
    const diagnostics = error.diagnostics === undefined
      ? undefined
      : checkDiagnostics(error.diagnostics);
    if (error.diagnostics !== undefined && diagnostics === undefined) {
      return badAnswer(
        server,
        `${status} ${code} with unreadable diagnostics`,
        status,
      );
    }
    if (status === 422 && error.code === "quadlet.invalid") {
      if (diagnostics === undefined) {
        return badAnswer(
          server,
          "422 quadlet.invalid without its diagnostics",
          status,
        );
      }
      return new QuadletInvalidError(line, diagnostics);
    }
    return new ApiError(status, error.code, line, { diagnostics });
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

/** The path of one namespaced resource. */
function resourcePath(
  plural: NamespacedPlural,
  namespace: string,
  name: string,
): string {
  return `/namespaces/${encodeURIComponent(namespace)}/${plural}/${
    encodeURIComponent(name)
  }`;
}

/** The `deleted` of a deletion's answer. */
function deletedOf(server: string, body: unknown): string {
  if (!isObject(body) || typeof body.deleted !== "string") {
    throw badAnswer(server, "a deletion answer without deleted");
  }
  return body.deleted;
}

/** Text as a header value: printable ASCII, anything else `\uXXXX`. */
function headerValue(text: string): string {
  return text.replace(
    /[^\x20-\x7e]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}
