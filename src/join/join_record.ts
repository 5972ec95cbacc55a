/**
 * What a joined node keeps of its join in `D/join.json`: where the leader and
 * etcd are. With its certificates in `D/pki/`, enough to start again without
 * a token.
 *
 * @module
 */
import { JoinError } from "./join_error.ts";

/**
 * The record of a join.
 *
 * @example
 * ```ts
 * import type { JoinRecord } from "./join_record.ts";
 * const r: JoinRecord = {
 *   nodeName: "node-2", leader: "https://10.0.0.1:9115",
 *   caCertHash: "sha256:" + "0".repeat(64), advertiseAddress: "10.0.0.2",
 *   etcd: { endpoints: ["https://10.0.0.1:2379"], serverName: "node-1" },
 * };
 * ```
 */
export interface JoinRecord {
  /** The name this node joined as. */
  nodeName: string;
  /** The URL of the API that accepted its join (the leader then). */
  leader: string;
  /** The CA hash it trusted. */
  caCertHash: string;
  /** The address it advertised. */
  advertiseAddress: string;
  /**
   * Where etcd is: its members' client URLs, kept current while the node
   * runs, and the name their certificates share.
   */
  etcd: { endpoints: string[]; serverName?: string };
  /** When this node runs an etcd member: which, and how it first started. */
  member?: {
    id: string;
    peerUrl: string;
    clientUrl: string;
    initialCluster: string;
  };
}

/** The path of the record in data directory `dir`. */
export function joinRecordPath(dir: string): string {
  return `${dir}/join.json`;
}

/**
 * Writes the record (mode 0644, through a temporary file).
 *
 * @example
 * ```ts
 * import { writeJoinRecord, type JoinRecord } from "./join_record.ts";
 * declare const record: JoinRecord;
 * await writeJoinRecord("/var/lib/kat", record);
 * ```
 */
export async function writeJoinRecord(
  dir: string,
  record: JoinRecord,
): Promise<void> {
  const path = joinRecordPath(dir);
  const temp = `${path}.tmp-${crypto.randomUUID()}`;
  await Deno.writeTextFile(temp, JSON.stringify(record, null, 2) + "\n", {
    mode: 0o644,
  });
  await Deno.rename(temp, path);
}

/**
 * The record, or undefined when there is none; a {@link JoinError}
 * `identity` when it cannot be read as one.
 *
 * @example
 * ```ts
 * import { readJoinRecord } from "./join_record.ts";
 * const record = await readJoinRecord("/var/lib/kat");
 * console.log(record?.leader);
 * ```
 */
export async function readJoinRecord(
  dir: string,
): Promise<JoinRecord | undefined> {
  const path = joinRecordPath(dir);
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return undefined;
    throw new JoinError(
      "identity",
      `cannot read ${path}: ${(e as Error).message}`,
    );
  }
  let r: Partial<JoinRecord>;
  try {
    r = JSON.parse(text);
  } catch {
    throw new JoinError("identity", `${path} is not JSON`);
  }
  const ok = typeof r?.nodeName === "string" && typeof r.leader === "string" &&
    typeof r.caCertHash === "string" &&
    typeof r.advertiseAddress === "string" &&
    Array.isArray(r.etcd?.endpoints) &&
    r.etcd.endpoints.every((e) => typeof e === "string") &&
    (r.etcd.serverName === undefined ||
      typeof r.etcd.serverName === "string") &&
    (r.member === undefined ||
      (typeof r.member === "object" && r.member !== null &&
        typeof r.member.id === "string" &&
        typeof r.member.peerUrl === "string" &&
        typeof r.member.clientUrl === "string" &&
        typeof r.member.initialCluster === "string"));
  if (!ok) {
    throw new JoinError("identity", `${path} is not a join record`);
  }
  return r as JoinRecord;
}
