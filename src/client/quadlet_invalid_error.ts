/**
 * The refusal of an invalid quadlet: 422 `quadlet.invalid`, with the
 * diagnostics the leader found.
 *
 * @module
 */
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import { ApiError } from "../api/api_error.ts";

/**
 * An {@link ApiError} for a quadlet the leader refused as invalid (422
 * `quadlet.invalid`): its `diagnostics` are those `katcall validate` finds in
 * the same archive, files named `ARCHIVE:member.kat` after the name the
 * request gave it.
 *
 * @example
 * ```ts
 * import { QuadletInvalidError } from "./quadlet_invalid_error.ts";
 * const e = new QuadletInvalidError("https://10.0.0.1:9115 answered 422 quadlet.invalid: invalid", [{
 *   severity: "error", code: "required", file: "web.tar.gz:workload.kat",
 *   line: 1, column: 1, path: "spec", message: "spec is required",
 * }]);
 * console.log(e.status, e.code, e.diagnostics.length); // 422 "quadlet.invalid" 1
 * ```
 */
export class QuadletInvalidError extends ApiError {
  /** Always `QuadletInvalidError`. */
  override name = "QuadletInvalidError";

  /**
   * @param message One line, naming the server.
   * @param diagnostics What the leader found, in its order.
   */
  declare readonly diagnostics: readonly Diagnostic[];

  constructor(message: string, diagnostics: readonly Diagnostic[]) {
    super(422, "quadlet.invalid", message, { diagnostics });
  }
}
