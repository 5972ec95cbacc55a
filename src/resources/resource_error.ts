/**
 * The one error type of the resource store.
 *
 * @module
 */
import { KatError } from "../errors/kat_error.ts";

/**
 * Why the resource store refused; stable, unlike the message. As an error's
 * `code` it reads `resources.<reason>`.
 *
 * - `invalid`: the resources are no quadlet the store can hold (no
 *   resource, a kind that is not stored, two of one kind, names that differ
 *   or are no DNS label, a field the proto does not have), or a kind or name
 *   asked for is not one;
 * - `conflict`: a key the operation read changed before it wrote (another
 *   apply or delete came first), or was not at the version the caller
 *   expected; nothing was written;
 * - `not_leader`: the fence (the leader's election key) no longer holds;
 * - `namespace_missing`: the Namespace of a namespaced resource does not
 *   exist;
 * - `namespace_not_empty`: a Namespace to delete still holds resources;
 * - `corrupt`: a stored value does not decode as its kind.
 *
 * @example
 * ```ts
 * import type { ResourceStoreErrorCode } from "./resource_error.ts";
 * const code: ResourceStoreErrorCode = "conflict";
 * ```
 */
export type ResourceStoreErrorCode =
  | "invalid"
  | "conflict"
  | "not_leader"
  | "namespace_missing"
  | "namespace_not_empty"
  | "corrupt";

/**
 * A refusal of the resource store. `code` is `resources.<reason>`; the
 * message is one line.
 *
 * @example
 * ```ts
 * import { KatError } from "../errors/kat_error.ts";
 * import { ResourceStoreError } from "./resource_error.ts";
 * const e = new ResourceStoreError("namespace_missing", 'namespace "shop" does not exist');
 * console.log(e instanceof KatError, e.code, e.reason); // true "resources.namespace_missing" "namespace_missing"
 * ```
 */
export class ResourceStoreError extends KatError {
  /** Always `ResourceStoreError`. */
  override name = "ResourceStoreError";
  /** `resources.<reason>`. */
  declare readonly code: `resources.${ResourceStoreErrorCode}`;

  /**
   * Creates a resource store error.
   *
   * @param reason Why the store refused.
   * @param message One line for the user.
   */
  constructor(readonly reason: ResourceStoreErrorCode, message: string) {
    super(`resources.${reason}`, message);
  }
}
