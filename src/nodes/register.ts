/**
 * Registering a node: a new name gets the lowest free overlay subnet and a
 * record, in one transaction; a known name with the same key rejoins.
 *
 * @module
 */
import { encodeBinary } from "../encode/binary.ts";
import type { Node } from "../gen/types.ts";
import { quote } from "../diagnostics/quote.ts";
import { API_VERSION } from "../schema/registry.ts";
import type {
  KeyValue,
  StateStore,
  VersionCompare,
} from "../state/state_store.ts";
import { nodeRecordKey, subnetKey, SUBNETS_PREFIX } from "./keys.ts";
import { NodeRegistryError } from "./node_error.ts";
import {
  assertNodeName,
  decodeNodeRecord,
  fencedTxn,
  NODE_KEY_ANNOTATION,
  timestampOf,
} from "./node_record.ts";
import { type NodeSubnets, nodeSubnets } from "./subnets.ts";

/**
 * What a node asks for when it joins.
 *
 * @example
 * ```ts
 * import type { RegisterNodeRequest } from "./register.ts";
 * const request: RegisterNodeRequest = {
 *   name: "node-2",
 *   advertiseAddress: "192.168.1.12",
 *   publicKeySha256: "ab".repeat(32),
 *   clusterCidr: "10.100.0.0/16",
 *   nodeSubnetBits: 7,
 * };
 * ```
 */
export interface RegisterNodeRequest {
  /** The node's name (a DNS label, not a number). */
  name: string;
  /** The IP address the node advertises. */
  advertiseAddress: string;
  /** Hex SHA-256 of the node's key's DER SubjectPublicKeyInfo. */
  publicKeySha256: string;
  /** The cluster's clusterCIDR, which the subnets are carved from. */
  clusterCidr: string;
  /** The cluster's nodeSubnetBits. */
  nodeSubnetBits: number;
  /** The leader's election key: no write unless it holds. Default: none. */
  fence?: VersionCompare;
  /** The creation time of a new record. Default: the current time. */
  now?: Date;
}

/**
 * The node's record after {@link registerNode}, and whether it was
 * `created` or found with the same key (`rejoined`).
 *
 * @example
 * ```ts
 * import type { RegisteredNode } from "./register.ts";
 * const r: RegisteredNode = { node: { kind: "Node", metadata: { name: "node-2" } }, outcome: "created" };
 * ```
 */
export interface RegisteredNode {
  /** The leader's record, `metadata.resourceVersion` set. */
  node: Node;
  /** What the registration did. */
  outcome: "created" | "rejoined";
}

/** The lowest subnet whose key is not in `taken`, or undefined. */
function lowestFree(
  subnets: NodeSubnets,
  taken: Set<string>,
): string | undefined {
  // At most taken.size subnets are skipped, however many there are.
  for (let i = 0n; i < subnets.count; i++) {
    const subnet = subnets.at(i);
    if (!taken.has(subnetKey(subnet))) return subnet;
  }
  return undefined;
}

function newRecord(request: RegisterNodeRequest, subnet: string): Node {
  return {
    apiVersion: API_VERSION,
    kind: "Node",
    metadata: {
      name: request.name,
      uid: crypto.randomUUID(),
      generation: "1",
      creationTimestamp: timestampOf(request.now ?? new Date()),
      annotations: { [NODE_KEY_ANNOTATION]: request.publicKeySha256 },
    },
    spec: {
      overlaySubnet: subnet,
      advertiseAddress: request.advertiseAddress,
    },
  };
}

/** The stored form of a record: no resourceVersion (the store's version is). */
function stored(node: Node): Uint8Array {
  const { resourceVersion: _, ...metadata } = node.metadata ?? {};
  return encodeBinary({ ...node, metadata });
}

/**
 * Rejoins `entry`'s node when `request` has its key; undefined when the
 * record changed meanwhile (read it again).
 */
async function rejoin(
  store: StateStore,
  request: RegisterNodeRequest,
  entry: KeyValue,
): Promise<RegisteredNode | undefined> {
  const node = decodeNodeRecord(entry);
  const known = node.metadata?.annotations?.[NODE_KEY_ANNOTATION] ?? "";
  if (known.toLowerCase() !== request.publicKeySha256.toLowerCase()) {
    throw new NodeRegistryError(
      "name_taken",
      `node name ${
        quote(request.name)
      } is taken by a node with another key; choose another name, or delete that node first (katcall delete node ${request.name})`,
    );
  }
  const moved = node.spec?.advertiseAddress !== request.advertiseAddress;
  const updated: Node = moved
    ? {
      ...node,
      metadata: {
        ...node.metadata,
        generation: String(BigInt(node.metadata?.generation ?? "0") + 1n),
      },
      spec: { ...node.spec, advertiseAddress: request.advertiseAddress },
    }
    : node;
  const result = await fencedTxn(
    store,
    {
      compare: [{ key: entry.key, version: entry.version }],
      success: moved
        ? [{ op: "put", key: entry.key, value: stored(updated) }]
        : [],
    },
    request.fence,
    `rejoining node ${quote(request.name)}`,
  );
  if (!result.succeeded) return undefined;
  const version = moved ? result.revision : entry.version;
  return {
    node: {
      ...updated,
      metadata: { ...updated.metadata, resourceVersion: String(version) },
    },
    outcome: "rejoined",
  };
}

/**
 * Registers a node. A new name gets the lowest free subnet of
 * `clusterCidr` and a new record (uid, creation time, the key's hash as the
 * `kat.dws.rip/node-key-sha256` annotation, `spec.overlaySubnet`,
 * `spec.advertiseAddress`), written with the subnet's key in one
 * transaction that requires both keys absent and the fence to hold; when
 * another registration took the subnet meanwhile, the next free one is
 * tried. A known name with the same key rejoins: uid, subnet and creation
 * time are kept, the advertise address updated (and `generation` raised)
 * when it changed.
 *
 * @throws {NodeRegistryError} `node.invalid_name`, `node.name_taken` (a node
 * of that name has another key), `node.subnets_exhausted`,
 * `node.not_leader` (the fence failed), `node.corrupt` (the stored record
 * is no Node), `node.invalid_cidr`; a StateStoreError when etcd fails.
 *
 * @example
 * ```ts
 * import type { StateStore } from "../state/state_store.ts";
 * import { registerNode } from "./register.ts";
 * declare const store: StateStore;
 * const { node, outcome } = await registerNode(store, {
 *   name: "node-2",
 *   advertiseAddress: "192.168.1.12",
 *   publicKeySha256: "ab".repeat(32),
 *   clusterCidr: "10.100.0.0/16",
 *   nodeSubnetBits: 7,
 * });
 * console.log(outcome, node.spec?.overlaySubnet); // "created" "10.100.0.0/23"
 * ```
 */
export async function registerNode(
  store: StateStore,
  request: RegisterNodeRequest,
): Promise<RegisteredNode> {
  assertNodeName(request.name);
  const subnets = nodeSubnets(request.clusterCidr, request.nodeSubnetBits);
  const recordKey = nodeRecordKey(request.name);
  for (;;) {
    const existing = await store.get(recordKey);
    if (existing) {
      const rejoined = await rejoin(store, request, existing);
      if (rejoined) return rejoined;
      continue;
    }
    const { entries } = await store.list(SUBNETS_PREFIX);
    const subnet = lowestFree(subnets, new Set(entries.map((e) => e.key)));
    if (subnet === undefined) {
      throw new NodeRegistryError(
        "subnets_exhausted",
        `no free overlay subnet for node ${
          quote(request.name)
        }: all ${subnets.count} /${subnets.prefixLength} subnets of clusterCIDR ${request.clusterCidr} are allocated; delete a node, or use a larger clusterCIDR`,
      );
    }
    const record = newRecord(request, subnet);
    const result = await fencedTxn(
      store,
      {
        compare: [
          { key: recordKey, version: 0 },
          { key: subnetKey(subnet), version: 0 },
        ],
        success: [
          { op: "put", key: recordKey, value: stored(record) },
          {
            op: "put",
            key: subnetKey(subnet),
            value: new TextEncoder().encode(request.name),
          },
        ],
      },
      request.fence,
      `registering node ${quote(request.name)}`,
    );
    if (result.succeeded) {
      return {
        node: decodeNodeRecord({
          key: recordKey,
          value: stored(record),
          version: result.revision,
        }),
        outcome: "created",
      };
    }
    // The name or the subnet was taken meanwhile: look again.
  }
}
