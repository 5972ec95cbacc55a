/**
 * The answers of the resources' routes (`docs/api.md`, "Resources
 * (quadlets)"), checked before they are used: a resource against the proto,
 * an apply's outcomes, a refusal's diagnostics.
 *
 * @module
 */
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import type { Kind, ResourceTypes } from "../gen/types.ts";
import { toManifest } from "../encode/to_manifest.ts";
import { escapeControl } from "../diagnostics/quote.ts";
import { ApiError } from "./api_error.ts";

/**
 * What an apply did to one resource.
 *
 * @example
 * ```ts
 * import type { AppliedResource } from "./resource_answers.ts";
 * const a: AppliedResource = { kind: "Workload", namespace: "default", name: "web", outcome: "created" };
 * ```
 */
export interface AppliedResource {
  /** The kind: `Workload`. */
  kind: string;
  /** The namespace; none for a Namespace. */
  namespace?: string;
  /** The resource's name. */
  name: string;
  /** What happened to it. */
  outcome: "created" | "configured" | "unchanged" | "deleted";
  /** Its version after the apply, when the answer says it. */
  resourceVersion?: string;
}

const OUTCOMES = new Set(["created", "configured", "unchanged", "deleted"]);

/**
 * Whether `value` is a plain JSON object.
 *
 * @example
 * ```ts
 * import { isObject } from "./resource_answers.ts";
 * console.log(isObject({}), isObject([])); // true false
 * ```
 */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * An answer that is not what the API answers: `client.bad_answer`.
 *
 * @example
 * ```ts
 * import { badAnswer } from "./resource_answers.ts";
 * console.log(badAnswer("https://a:1", "nothing").message);
 * // "https://a:1 answered nothing: is it the KAT API?"
 * ```
 */
export function badAnswer(
  server: string,
  what: string,
  status = 200,
): ApiError {
  return new ApiError(
    status,
    "client.bad_answer",
    `${server} answered ${what}: is it the KAT API?`,
  );
}

/**
 * A resource of kind `kind` in an answer, checked against the proto; a
 * `client.bad_answer` {@link ApiError} when it is another kind or does not
 * fit.
 *
 * @example
 * ```ts
 * import { checkResource } from "./resource_answers.ts";
 * const ns = checkResource("https://a:1", { kind: "Namespace", metadata: { name: "a" } }, "Namespace");
 * console.log(ns.metadata?.name); // "a"
 * ```
 */
export function checkResource<K extends Kind>(
  server: string,
  value: unknown,
  kind: K,
): ResourceTypes[K] {
  if (!isObject(value) || (value.kind !== undefined && value.kind !== kind)) {
    throw badAnswer(server, `something that is not a ${kind}`);
  }
  const resource = { ...value, kind } as ResourceTypes[K];
  try {
    toManifest(resource);
  } catch (e) {
    throw badAnswer(
      server,
      `a ${kind} that does not fit the proto (${
        escapeControl(e instanceof Error ? e.message : String(e))
      })`,
    );
  }
  return resource;
}

/**
 * The items of a list answer, `{"items": [...]}`, each checked as a `kind`.
 *
 * @example
 * ```ts
 * import { checkList } from "./resource_answers.ts";
 * console.log(checkList("https://a:1", { items: [] }, "Workload").length); // 0
 * ```
 */
export function checkList<K extends Kind>(
  server: string,
  body: unknown,
  kind: K,
): ResourceTypes[K][] {
  if (!isObject(body) || !Array.isArray(body.items)) {
    throw badAnswer(server, `a ${kind} list without items`);
  }
  return body.items.map((item) => checkResource(server, item, kind));
}

/**
 * The outcomes of `POST /v1alpha1/quadlets`, `{"resources": [...]}`.
 *
 * @example
 * ```ts
 * import { checkApplied } from "./resource_answers.ts";
 * const [a] = checkApplied("https://a:1", {
 *   resources: [{ kind: "Workload", namespace: "default", name: "web", outcome: "created", resourceVersion: "7" }],
 * });
 * console.log(a.outcome); // "created"
 * ```
 */
export function checkApplied(
  server: string,
  body: unknown,
): AppliedResource[] {
  const list = isObject(body) ? body.resources : undefined;
  if (!Array.isArray(list)) {
    throw badAnswer(server, "an apply answer without resources");
  }
  return list.map((item) => {
    if (
      !isObject(item) || typeof item.kind !== "string" ||
      typeof item.name !== "string" || typeof item.outcome !== "string" ||
      !OUTCOMES.has(item.outcome) ||
      (item.namespace !== undefined && typeof item.namespace !== "string") ||
      (item.resourceVersion !== undefined &&
        typeof item.resourceVersion !== "string")
    ) {
      throw badAnswer(
        server,
        "an apply outcome that is not kind, name and created, configured, unchanged or deleted",
      );
    }
    const out: AppliedResource = {
      kind: item.kind,
      name: item.name,
      outcome: item.outcome as AppliedResource["outcome"],
    };
    if (item.namespace !== undefined) out.namespace = item.namespace as string;
    if (item.resourceVersion !== undefined) {
      out.resourceVersion = item.resourceVersion as string;
    }
    return out;
  });
}

/**
 * The diagnostics of a 422 `quadlet.invalid`, as `katcall validate --format
 * json` writes them; undefined when they are missing or not diagnostics.
 *
 * @example
 * ```ts
 * import { checkDiagnostics } from "./resource_answers.ts";
 * console.log(checkDiagnostics([{ severity: "error", code: "yaml", file: "a:b.kat", line: 1, column: 1, path: "", message: "m" }])?.length); // 1
 * console.log(checkDiagnostics([{ severity: "fatal" }])); // undefined
 * ```
 */
export function checkDiagnostics(value: unknown): Diagnostic[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const out: Diagnostic[] = [];
  for (const d of value) {
    if (
      !isObject(d) || (d.severity !== "error" && d.severity !== "warning") ||
      typeof d.code !== "string" || typeof d.file !== "string" ||
      !Number.isInteger(d.line) || !Number.isInteger(d.column) ||
      typeof d.path !== "string" || typeof d.message !== "string" ||
      (d.hint !== undefined && typeof d.hint !== "string")
    ) {
      return undefined;
    }
    const one: Diagnostic = {
      severity: d.severity,
      code: d.code as Diagnostic["code"],
      file: d.file,
      line: d.line as number,
      column: d.column as number,
      path: d.path,
      message: d.message,
    };
    if (d.hint !== undefined) one.hint = d.hint as string;
    out.push(one);
  }
  return out;
}
