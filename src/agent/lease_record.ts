/**
 * The lease this node last campaigned with, recorded in its data directory
 * (`<data-dir>/election.lease`, the lease id in hex) after each grant and
 * before the campaign: a node restarted after a crash removes the election
 * key of that lease, and only that one, so that it does not wait behind
 * itself. The data directory is locked by one agent at a time, so the record
 * is this node's own.
 *
 * @module
 */
import { join as joinPath } from "../input/paths.ts";

/** The record's file name in the data directory. */
export const LEASE_FILE = "election.lease";

/**
 * The recorded lease's hex id, or undefined when there is no record (or it
 * does not hold a lease id).
 *
 * @example
 * ```ts
 * import { readLeaseRecord } from "./lease_record.ts";
 * console.log(await readLeaseRecord("/var/lib/kat")); // "136ea2137e386f07" or undefined
 * ```
 */
export async function readLeaseRecord(
  dataDir: string,
): Promise<string | undefined> {
  const text = await Deno.readTextFile(joinPath(dataDir, LEASE_FILE)).catch(
    () => "",
  );
  const id = text.trim();
  return /^[0-9a-f]{1,16}$/.test(id) ? id : undefined;
}

/**
 * Records `hexId` (mode 0600), replacing the earlier record.
 *
 * @example
 * ```ts
 * import { writeLeaseRecord } from "./lease_record.ts";
 * await writeLeaseRecord("/var/lib/kat", "136ea2137e386f07");
 * ```
 */
export async function writeLeaseRecord(
  dataDir: string,
  hexId: string,
): Promise<void> {
  await Deno.writeTextFile(joinPath(dataDir, LEASE_FILE), `${hexId}\n`, {
    mode: 0o600,
  });
}
