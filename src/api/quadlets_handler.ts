/**
 * `POST /v1alpha1/quadlets`: one quadlet `.tar.gz`, read while it streams,
 * checked as `katcall validate` checks it, and applied.
 *
 * @module
 */
import type { ArchiveErrorCode } from "../archive/archive_error.ts";
import { compressedBudget, DEFAULT_LIMITS } from "../archive/limits.ts";
import { sizeText } from "../archive/size_text.ts";
import { checkQuadletArchive } from "../quadlet/archive_quadlet.ts";
import { applyQuadlet } from "../resources/apply.ts";
import type { ApiContext } from "./api_context.ts";
import { ApiError, jsonResponse } from "./api_error.ts";
import { requireLeadership } from "./leader_gate.ts";

/** The archive's name in diagnostics when the request names none. */
export const DEFAULT_ARCHIVE_NAME = "quadlet.tar.gz";

/** The header that names the archive. */
export const ARCHIVE_NAME_HEADER = "kat-archive-name";

/** The longest archive name taken, in characters. */
const MAX_NAME_LENGTH = 1024;

/** Archive refusals that are a limit passed: 413, not 400. */
const SIZE_LIMITS: ReadonlySet<ArchiveErrorCode> = new Set([
  "compressed_too_large",
  "metadata_too_large",
  "too_many_entries",
  "file_too_large",
  "total_too_large",
]);

/** The archive's name from the request's header, or the default. */
function archiveName(request: Request): string {
  const name = request.headers.get(ARCHIVE_NAME_HEADER);
  if (name === null || name === "") return DEFAULT_ARCHIVE_NAME;
  if (name.length > MAX_NAME_LENGTH) {
    throw new ApiError(
      400,
      "request.invalid",
      `the ${ARCHIVE_NAME_HEADER} header is longer than ${MAX_NAME_LENGTH} characters`,
    );
  }
  return name;
}

/** Refuses a body announced larger than any archive within the limits. */
function checkAnnouncedSize(request: Request): void {
  const budget = compressedBudget(DEFAULT_LIMITS);
  const announced = Number(request.headers.get("content-length") ?? "0");
  if (announced > budget) {
    throw new ApiError(
      413,
      "request.too_large",
      `the request body is ${announced} bytes, over ${
        sizeText(budget)
      }, the most a quadlet archive within the limits can need`,
    );
  }
}

/**
 * Reads the request's body as one quadlet archive, under the default
 * archive limits (a body that passes one is refused as soon as it does),
 * checks it with the rules `katcall validate` applies, and applies it in one
 * transaction fenced on this node's leadership. Answers 200
 * `{"resources": [{kind, namespace, name, outcome, resourceVersion}, …]}`.
 *
 * Refusals: 413 `request.too_large` (the announced length), 413 or 400
 * `archive.<reason>` (with `diagnostics`), 422 `quadlet.invalid` (with
 * `diagnostics`, the objects of `katcall validate --format json`); the
 * store's own refusals are mapped by the router.
 *
 * @example
 * ```ts
 * import { applyQuadletHandler } from "./quadlets_handler.ts";
 * import type { ApiContext } from "./api_context.ts";
 * declare const context: ApiContext;
 * declare const archive: Uint8Array<ArrayBuffer>;
 * const r = await applyQuadletHandler(context, new Request("https://x/", {
 *   method: "POST", body: archive,
 * }));
 * console.log(r.status);
 * ```
 */
export async function applyQuadletHandler(
  context: ApiContext,
  request: Request,
): Promise<Response> {
  const fence = await requireLeadership(context);
  checkAnnouncedSize(request);
  const name = archiveName(request);
  // A client that goes away makes the body fail: archive.read_error.
  const checked = await checkQuadletArchive(request.body ?? new Uint8Array(), {
    name,
  });
  const { refusal, diagnostics } = checked;
  if (refusal) {
    throw new ApiError(
      SIZE_LIMITS.has(refusal.reason) ? 413 : 400,
      refusal.code,
      `${name}: ${refusal.message}`,
      { diagnostics },
    );
  }
  if (!checked.valid) {
    const errors = diagnostics.filter((d) => d.severity === "error").length;
    throw new ApiError(
      422,
      "quadlet.invalid",
      `${name} is not a valid quadlet: ${errors} ${
        errors === 1 ? "error" : "errors"
      }`,
      { diagnostics },
    );
  }
  const result = await applyQuadlet(
    context.store,
    checked.resources.map((r) => r.resource),
    { fence },
  );
  context.log("info", "quadlet.applied", `applied ${name}`, {
    revision: result.revision,
    outcomes: result.resources.map((r) => `${r.kind}/${r.name}:${r.outcome}`)
      .join(" "),
  });
  return jsonResponse(200, {
    resources: result.resources.map((r) => ({
      kind: r.kind,
      ...(r.namespace === undefined ? {} : { namespace: r.namespace }),
      name: r.name,
      outcome: r.outcome,
      resourceVersion: r.resourceVersion,
    })),
  });
}
