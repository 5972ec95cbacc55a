/**
 * Reading a request's JSON body within a limit, while it streams: a body
 * over the limit is refused (413) as soon as the limit is passed, never read
 * whole.
 *
 * @module
 */
import { ApiError } from "./api_error.ts";
import { readAtMost } from "../input/read_at_most.ts";

/** The largest body the API reads: 64 KiB. */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * The body of `request` parsed as a JSON object; an {@link ApiError}
 * `request.too_large` (413) past `limit` bytes (announced or read), or
 * `request.invalid` (400) when it is not one JSON object.
 *
 * @example
 * ```ts
 * import { readJsonObject } from "./request_body.ts";
 * const r = new Request("https://x/", { method: "POST", body: '{"a":1}' });
 * console.log(await readJsonObject(r)); // { a: 1 }
 * ```
 */
export async function readJsonObject(
  request: Request,
  limit = MAX_BODY_BYTES,
): Promise<Record<string, unknown>> {
  const tooLarge = () =>
    new ApiError(
      413,
      "request.too_large",
      `the request body is over ${limit} bytes`,
    );
  const announced = Number(request.headers.get("content-length") ?? "0");
  if (announced > limit) throw tooLarge();
  const bytes = request.body
    ? await readAtMost(request.body, limit)
    : new Uint8Array();
  if (bytes === undefined) throw tooLarge();
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    throw new ApiError(400, "request.invalid", "the request body is not JSON");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ApiError(
      400,
      "request.invalid",
      "the request body is not a JSON object",
    );
  }
  return value as Record<string, unknown>;
}

/**
 * `body[field]` when it is a string; else an {@link ApiError}
 * `request.invalid` naming the field.
 *
 * @example
 * ```ts
 * import { stringField } from "./request_body.ts";
 * console.log(stringField({ nodeName: "n1" }, "nodeName")); // n1
 * ```
 */
export function stringField(
  body: Record<string, unknown>,
  field: string,
): string {
  const value = body[field];
  if (typeof value !== "string") {
    throw new ApiError(
      400,
      "request.invalid",
      value === undefined
        ? `the request has no ${field}`
        : `${field} must be a string`,
    );
  }
  return value;
}
