/**
 * `POST /v1alpha1/tokens`: a join token, and the command line that uses it.
 *
 * @module
 */
import { MAX_DURATION_MS, MIN_DURATION_MS } from "../token/duration.ts";
import { createToken } from "../token/token_store.ts";
import type { ApiContext } from "./api_context.ts";
import { ApiError, jsonResponse } from "./api_error.ts";
import { readJsonObject } from "./request_body.ts";
import { requireLeadership } from "./leader_gate.ts";

/**
 * Makes a join token (default TTL 24 h; `ttlMs` between 1 s and 8760 h;
 * `singleUse` for one join only) and answers 201 with it, its expiry and the
 * whole `kat-agent join` line.
 *
 * @example
 * ```ts
 * import { createTokenHandler } from "./tokens_handler.ts";
 * import type { ApiContext } from "./api_context.ts";
 * declare const context: ApiContext;
 * const r = await createTokenHandler(context, new Request("https://x/", {
 *   method: "POST", body: '{"ttlMs": 1800000}',
 * }));
 * console.log(r.status); // 201
 * ```
 */
export async function createTokenHandler(
  context: ApiContext,
  request: Request,
): Promise<Response> {
  const body = await readJsonObject(request);
  const ttlMs = body.ttlMs;
  if (
    ttlMs !== undefined &&
    (typeof ttlMs !== "number" || !Number.isInteger(ttlMs) ||
      ttlMs < MIN_DURATION_MS || ttlMs > MAX_DURATION_MS)
  ) {
    throw new ApiError(
      400,
      "request.invalid",
      `ttlMs must be a whole number of milliseconds from ${MIN_DURATION_MS} to ${MAX_DURATION_MS}`,
    );
  }
  if (body.singleUse !== undefined && typeof body.singleUse !== "boolean") {
    throw new ApiError(
      400,
      "request.invalid",
      "singleUse must be true or false",
    );
  }
  const fence = await requireLeadership(context);
  const { token, record } = await createToken(context.store, {
    fence,
    ttlMs: ttlMs as number | undefined,
    singleUse: body.singleUse as boolean | undefined,
  });
  context.log("info", "token.created", "made a join token", {
    id: token.id,
    expires: record.expiresAt,
    singleUse: record.singleUse,
  });
  return jsonResponse(201, {
    token: token.text,
    expiresAt: record.expiresAt,
    singleUse: record.singleUse,
    joinCommand:
      `kat-agent join --leader ${context.apiUrl} --token ${token.text} --ca-cert-hash ${context.ca.hash}`,
  });
}
