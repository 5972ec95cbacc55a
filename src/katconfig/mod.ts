/**
 * The administrator's katconfig file: which cluster, where its API answers,
 * the CA to trust and the credential to present.
 *
 * @example
 * ```ts
 * import { newAdminCredential } from "./mod.ts";
 * console.log(newAdminCredential().length); // 68
 * ```
 *
 * @module
 */
export type { Katconfig } from "./katconfig.ts";
export { KATCONFIG_KIND, KATCONFIG_MODE } from "./katconfig.ts";
export {
  KatconfigError,
  type KatconfigErrorReason,
} from "./katconfig_error.ts";
export { formatKatconfig, writeKatconfig } from "./write_katconfig.ts";
export { readKatconfig } from "./read_katconfig.ts";
export {
  type KatconfigPath,
  type KatconfigPathOptions,
  type KatconfigSource,
  resolveKatconfigPath,
} from "./katconfig_path.ts";
export {
  credentialSha256,
  isAdminCredential,
  newAdminCredential,
} from "./credential.ts";
