/**
 * Keeping etcd's members' client URLs in a joined node's record (`D/join.json`),
 * so that the node reaches them where they are after a restart too.
 *
 * @module
 */
import { type JoinRecord, writeJoinRecord } from "../join/join_record.ts";
import type { Logger } from "./log.ts";

/**
 * Sets `record`'s etcd endpoints to `endpoints` and writes it into data
 * directory `dataDir`, unless it names them already (in any order); a write
 * that fails is logged (`etcd.endpoints-failed`) and the node runs on.
 * Resolves to whether the endpoints changed.
 *
 * @example
 * ```ts
 * import { keepEtcdEndpoints } from "./etcd_endpoints.ts";
 * import type { JoinRecord } from "../join/join_record.ts";
 * import type { Logger } from "./log.ts";
 * declare const record: JoinRecord;
 * declare const log: Logger;
 * await keepEtcdEndpoints(log, "/var/lib/kat", record, ["https://10.0.0.2:2379"]);
 * ```
 */
export async function keepEtcdEndpoints(
  log: Logger,
  dataDir: string,
  record: JoinRecord,
  endpoints: readonly string[],
): Promise<boolean> {
  const sorted = (urls: readonly string[]) => [...urls].sort().join(",");
  if (sorted(record.etcd.endpoints) === sorted(endpoints)) return false;
  record.etcd = { ...record.etcd, endpoints: [...endpoints] };
  await writeJoinRecord(dataDir, record).catch((e) =>
    log.warn(
      "etcd.endpoints-failed",
      `cannot keep etcd's endpoints in ${dataDir}/join.json: ${
        e instanceof Error ? e.message : String(e)
      }`,
      {},
    )
  );
  return true;
}
