/**
 * The administrator's credential as the leader keeps it: only its SHA-256,
 * under {@link ADMIN_CREDENTIAL_KEY}, compared in constant time.
 *
 * @module
 */
import type { StateStore, VersionCompare } from "../state/state_store.ts";
import { constantTimeEqual, hashSecret } from "../token/token_record.ts";
import { ApiError } from "./api_error.ts";

/** Where the SHA-256 (hex) of the administrator's credential is kept. */
export const ADMIN_CREDENTIAL_KEY = "/kat/admin/credential";

/**
 * Stores the hash of `credential` unless one is stored already; only while
 * `fence` holds. Resolves to `stored`, `same` (that credential is already
 * the one) or `other` (another credential is kept).
 *
 * @example
 * ```ts
 * import { storeAdminCredential } from "./admin_credential.ts";
 * import type { StateStore } from "../state/state_store.ts";
 * declare const store: StateStore;
 * console.log(await storeAdminCredential(store, "kat-0123"));
 * ```
 */
export async function storeAdminCredential(
  store: StateStore,
  credential: string,
  fence?: VersionCompare,
): Promise<"stored" | "same" | "other" | "not-leader"> {
  const hash = await hashSecret(credential);
  const r = await store.txn({
    compare: [
      { key: ADMIN_CREDENTIAL_KEY, version: 0 },
      ...(fence ? [fence] : []),
    ],
    success: [{
      op: "put",
      key: ADMIN_CREDENTIAL_KEY,
      value: new TextEncoder().encode(hash),
    }],
    failure: [{ op: "get", key: ADMIN_CREDENTIAL_KEY }],
  });
  if (r.succeeded) return "stored";
  const [got] = r.results;
  const entry = got?.op === "get" ? got.entry : undefined;
  if (!entry) return "not-leader";
  return constantTimeEqual(new TextDecoder().decode(entry.value), hash)
    ? "same"
    : "other";
}

/**
 * Resolves when `credential` is the administrator's; an {@link ApiError}
 * `auth.invalid` (401) otherwise.
 *
 * @example
 * ```ts
 * import { checkAdminCredential } from "./admin_credential.ts";
 * import type { StateStore } from "../state/state_store.ts";
 * declare const store: StateStore;
 * await checkAdminCredential(store, "kat-0123");
 * ```
 */
export async function checkAdminCredential(
  store: StateStore,
  credential: string,
): Promise<void> {
  const entry = await store.get(ADMIN_CREDENTIAL_KEY);
  const hash = await hashSecret(credential);
  const stored = entry ? new TextDecoder().decode(entry.value) : "";
  if (!entry || !constantTimeEqual(stored, hash)) {
    throw new ApiError(
      401,
      "auth.invalid",
      "the credential is not the administrator's of this cluster",
    );
  }
}
