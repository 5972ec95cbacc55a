/**
 * The bearer credential of a request.
 *
 * @module
 */
import { ApiError } from "./api_error.ts";

/**
 * The credential of `Authorization: Bearer <credential>`; an
 * {@link ApiError} `auth.missing` (401) without one.
 *
 * @example
 * ```ts
 * import { bearerCredential } from "./bearer.ts";
 * const r = new Request("https://x/", { headers: { authorization: "Bearer abc" } });
 * console.log(bearerCredential(r)); // abc
 * ```
 */
export function bearerCredential(request: Request): string {
  const header = request.headers.get("authorization") ?? "";
  const match = /^Bearer +(\S+) *$/i.exec(header);
  if (!match) {
    throw new ApiError(
      401,
      "auth.missing",
      "the request carries no bearer credential (Authorization: Bearer …)",
    );
  }
  return match[1];
}
