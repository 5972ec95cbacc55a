/**
 * The administrator's katconfig, `D/admin.katconfig`: written by the leader
 * that first stores the administrator's credential (only its hash goes to
 * etcd), kept as it is afterwards.
 *
 * @module
 */
import { storeAdminCredential } from "../api/admin_credential.ts";
import {
  newAdminCredential,
  readKatconfig,
  writeKatconfig,
} from "../katconfig/mod.ts";
import type { StateStore, VersionCompare } from "../state/state_store.ts";

/**
 * What {@link ensureAdminKatconfig} did: `written` (a new credential, stored
 * and written to the file), `kept` (the file's credential is the cluster's),
 * `other` (the cluster keeps another credential than the file's, or the file
 * is gone: nothing written), `not-leader` (the fence no longer held).
 *
 * @example
 * ```ts
 * import type { AdminKatconfigOutcome } from "./admin_katconfig.ts";
 * const o: AdminKatconfigOutcome = "kept";
 * ```
 */
export type AdminKatconfigOutcome = "written" | "kept" | "other" | "not-leader";

/**
 * Makes sure the cluster has an administrator's credential and that
 * `D/admin.katconfig` holds it (mode 0600).
 *
 * @example
 * ```ts
 * import { ensureAdminKatconfig } from "./admin_katconfig.ts";
 * import type { StateStore } from "../state/state_store.ts";
 * declare const store: StateStore;
 * console.log(await ensureAdminKatconfig(store, "/var/lib/kat", {
 *   clusterName: "home", servers: ["https://10.0.0.1:9115"], caCertPem: "…",
 * }));
 * ```
 */
export async function ensureAdminKatconfig(
  store: StateStore,
  dataDir: string,
  options: {
    clusterName: string;
    servers: string[];
    caCertPem: string;
    fence?: VersionCompare;
  },
): Promise<AdminKatconfigOutcome> {
  const path = `${dataDir}/admin.katconfig`;
  let existing: string | undefined;
  try {
    await Deno.stat(path);
    existing = (await readKatconfig(path)).credential;
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  if (existing !== undefined) {
    const stored = await storeAdminCredential(store, existing, options.fence);
    return stored === "stored" || stored === "same" ? "kept" : stored;
  }
  // The file first, then the hash: a start that ends between the two finds
  // the file and stores its hash; the other way round, the credential would
  // be lost with the hash already kept.
  const credential = newAdminCredential();
  await writeKatconfig(path, {
    cluster: options.clusterName,
    servers: options.servers,
    caCertificate: options.caCertPem,
    credential,
  });
  const stored = await storeAdminCredential(store, credential, options.fence);
  if (stored === "stored" || stored === "same") return "written";
  await Deno.remove(path).catch(() => {});
  return stored;
}
