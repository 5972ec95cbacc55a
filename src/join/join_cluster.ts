/**
 * `kat-agent join`'s first step: this node's identity. A data directory that
 * already holds a certificate from the CA with the given hash, for this node
 * name, and a join record, is used as it is (no token is sent); otherwise the
 * node makes (or keeps) its key, finds the pinned CA in the leader's chain,
 * sends its CSR with the token, and keeps what it gets back.
 *
 * @module
 */
import { caCertHash } from "../pki/ca_cert_hash.ts";
import { parseCertificate } from "../pki/certificate.ts";
import { createNodeKeyAndCsr } from "../pki/node_csr.ts";
import { PkiError } from "../pki/pki_error.ts";
import {
  type PkiFiles,
  readPkiFiles,
  writePkiFiles,
} from "../pki/pki_files.ts";
import { JoinError } from "./join_error.ts";
import {
  type JoinRecord,
  readJoinRecord,
  writeJoinRecord,
} from "./join_record.ts";
import { fetchPinnedCa } from "./pinned_ca.ts";
import { requestJoinThroughMember } from "./join_request.ts";

/**
 * What `kat-agent join` was given.
 *
 * @example
 * ```ts
 * import type { JoinOptions } from "./join_cluster.ts";
 * const o: JoinOptions = {
 *   leader: new URL("https://10.0.0.1:9115"), token: "abcdef.0123456789abcdef",
 *   caCertHash: "sha256:" + "0".repeat(64), nodeName: "node-2",
 *   dataDir: "/var/lib/kat", advertiseAddress: "10.0.0.2",
 * };
 * ```
 */
export interface JoinOptions {
  /**
   * The API URL of the leader, or of any node that can lead (a join it
   * does not lead is sent on to the leader it names).
   */
  leader: URL;
  /** The join token. */
  token: string;
  /** The hash of the CA to trust, `sha256:HEX`. */
  caCertHash: string;
  /** The name to join as. */
  nodeName: string;
  /** The data directory (absolute). */
  dataDir: string;
  /** The address this node advertises. */
  advertiseAddress: string;
}

/**
 * This node's identity after {@link joinCluster}.
 *
 * @example
 * ```ts
 * import type { JoinedNode } from "./join_cluster.ts";
 * declare const joined: JoinedNode;
 * console.log(joined.outcome, joined.record.etcd.endpoints);
 * ```
 */
export interface JoinedNode {
  /** `joined` (a join was made) or `resumed` (the data directory had one). */
  outcome: "joined" | "resumed";
  /** The files under `D/pki/`. */
  files: PkiFiles;
  /** The join record. */
  record: JoinRecord;
}

async function existingFiles(dir: string): Promise<PkiFiles | undefined> {
  try {
    return await readPkiFiles(dir);
  } catch (e) {
    if (e instanceof PkiError && e.reason === "missing_file") return undefined;
    throw e;
  }
}

/** The node's key alone, when it has one (it may join again with it). */
async function existingKey(dir: string): Promise<string | undefined> {
  const path = `${dir}/pki/node.key`;
  let mode: number | null;
  try {
    mode = (await Deno.stat(path)).mode;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return undefined;
    throw new JoinError(
      "identity",
      `cannot read ${path}: ${(e as Error).message}`,
    );
  }
  if (mode !== null && (mode & 0o077) !== 0) {
    throw new JoinError(
      "identity",
      `${path} is open to group or others: a private key must not be (chmod 600)`,
    );
  }
  return await Deno.readTextFile(path);
}

/** Writes a new node key to `D/pki/node.key` (the directory 0700, the key 0600). */
async function writeNodeKey(dir: string, keyPem: string): Promise<void> {
  const pki = `${dir}/pki`;
  await Deno.mkdir(pki, { recursive: true, mode: 0o700 });
  const path = `${pki}/node.key`;
  const temp = `${path}.tmp-${crypto.randomUUID()}`;
  await Deno.writeTextFile(temp, keyPem, { createNew: true, mode: 0o600 });
  await Deno.chmod(temp, 0o600);
  await Deno.rename(temp, path);
}

/**
 * Makes sure this node has joined: resumes from the data directory when it
 * can, else joins through the leader (through the one a node that does not
 * lead names, once; the record's `leader` is the URL that accepted). A
 * {@link JoinError} when it cannot.
 *
 * @example
 * ```ts
 * import { joinCluster, type JoinOptions } from "./join_cluster.ts";
 * declare const options: JoinOptions;
 * const joined = await joinCluster(options);
 * ```
 */
export async function joinCluster(options: JoinOptions): Promise<JoinedNode> {
  const files = await existingFiles(options.dataDir);
  const record = await readJoinRecord(options.dataDir);
  if (files && record) {
    const hash = await caCertHash(files.caCert);
    if (hash !== options.caCertHash) {
      throw new JoinError(
        "identity",
        `${options.dataDir}/pki/ca.crt is the CA ${hash}, not ${options.caCertHash}: this data directory belongs to another cluster`,
      );
    }
    const subject = parseCertificate(files.nodeCert, "node certificate")
      .subject;
    if (subject !== `CN=${options.nodeName}`) {
      throw new JoinError(
        "identity",
        `${options.dataDir}/pki/node.crt is for ${subject}, not CN=${options.nodeName}: give the node name it joined as, or another data directory`,
      );
    }
    if (record.advertiseAddress !== options.advertiseAddress) {
      throw new JoinError(
        "identity",
        `this node joined with the advertise address ${record.advertiseAddress}, which its certificate names, not ${options.advertiseAddress}: give that address, or join anew (remove ${options.dataDir}/join.json and ${options.dataDir}/pki/node.crt; the key is kept)`,
      );
    }
    return { outcome: "resumed", files, record };
  }
  const caPem = await fetchPinnedCa(options.leader, options.caCertHash);
  const key = await existingKey(options.dataDir);
  const { keyPem, csrPem } = await createNodeKeyAndCsr({
    nodeName: options.nodeName,
    addresses: [options.advertiseAddress],
    dnsNames: [options.nodeName],
    existingKeyPem: key,
  });
  // The key is kept before the leader registers it: a join whose answer is
  // lost can be made again with the same key, which the leader recognises.
  if (key === undefined) await writeNodeKey(options.dataDir, keyPem);
  // Any node that can lead takes the join to its leader: the CA pinned at
  // the URL given is the one trusted there too.
  const { answer, acceptedBy } = await requestJoinThroughMember(
    options.leader,
    caPem,
    options.token,
    {
      nodeName: options.nodeName,
      advertiseAddress: options.advertiseAddress,
      csr: csrPem,
    },
  );
  const joined: PkiFiles = {
    caCert: caPem,
    nodeCert: answer.certificate,
    nodeKey: keyPem,
    ...(answer.member ? { caKey: answer.member.caKey } : {}),
  };
  await writePkiFiles(options.dataDir, joined);
  const kept: JoinRecord = {
    nodeName: options.nodeName,
    leader: acceptedBy.origin,
    caCertHash: options.caCertHash,
    advertiseAddress: options.advertiseAddress,
    etcd: answer.etcd,
    ...(answer.member
      ? {
        member: {
          id: answer.member.id,
          peerUrl: answer.member.peerUrl,
          clientUrl: answer.member.clientUrl,
          initialCluster: answer.member.initialCluster,
        },
      }
      : {}),
  };
  await writeJoinRecord(options.dataDir, kept);
  return { outcome: "joined", files: joined, record: kept };
}
