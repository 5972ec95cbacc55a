/**
 * Two nodes that serve the API on one test etcd, as members of a cluster
 * do: `node-1` leads, `node-2` does not, with certificates of one CA made by
 * openssl. Tests may reach 127.0.0.1 alone, so both listen there, each on a
 * port of its own; `node-2`'s context says the cluster's API port is
 * `node-1`'s, and `node-1` is registered at 127.0.0.1, so that `node-2`'s
 * 503 `leader.not_leader` names `node-1`'s URL, as a member's does.
 *
 * @module
 */
import type { ApiContext } from "../../src/api/api_context.ts";
import { storeAdminCredential } from "../../src/api/admin_credential.ts";
import { ApiServer } from "../../src/api/api_server.ts";
import { registerNode } from "../../src/nodes/registry.ts";
import { caCertHash } from "../../src/pki/ca_cert_hash.ts";
import { EtcdStateStore } from "../../src/state/etcd_store.ts";
import type { VersionCompare } from "../../src/state/state_store.ts";
import { createToken } from "../../src/token/token_store.ts";
import { tempDir } from "../helpers.ts";
import { freePort, withEtcd } from "../state/etcd_fixture.ts";
import { makeCa, makeCert } from "../state/etcd_tls_fixture.ts";

/** What a test gets. */
export interface TwoApis {
  /** `https://127.0.0.1:PORT`: the leader's API. */
  leaderUrl: string;
  /** `https://127.0.0.1:PORT2`: the other member's API. */
  followerUrl: string;
  /** The cluster CA, PEM, and its `sha256:` hash. */
  ca: string;
  caHash: string;
  /** A join token the leader accepts. */
  token: string;
  /** The store both serve. */
  store: EtcdStateStore;
  /** The node names given an etcd identity, in order. */
  granted: string[];
  /** The events each API logged (`api.failed`, `node.joined`), by node. */
  events: Record<string, string[]>;
}

/** The PKI, made once per test module. */
let pki: Promise<{ dir: string; ca: string; caKey: string }> | undefined;

function makePki() {
  return pki ??= (async () => {
    const dir = await tempDir("two-apis-pki");
    await makeCa(dir, "ca");
    await makeCa(dir, "other-ca");
    const ext = "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n";
    await makeCert(dir, "node-1", "ca", ext, "member");
    await makeCert(dir, "node-1", "other-ca", ext, "stranger");
    return {
      dir,
      ca: await Deno.readTextFile(`${dir}/ca.crt`),
      caKey: await Deno.readTextFile(`${dir}/ca.key`),
    };
  })();
}

/** The chain and key of `member` (the cluster CA's) or `stranger`. */
export async function serverPki(
  name: "member" | "stranger",
): Promise<{ chain: string; key: string }> {
  const { dir } = await makePki();
  const issuer = name === "member" ? "ca" : "other-ca";
  return {
    chain: await Deno.readTextFile(`${dir}/${name}.crt`) +
      await Deno.readTextFile(`${dir}/${issuer}.crt`),
    key: await Deno.readTextFile(`${dir}/${name}.key`),
  };
}

/** Options of {@link withTwoApis}. */
export interface TwoApisOptions {
  /**
   * Serve the leader's address (127.0.0.1:PORT) with a certificate of
   * another CA instead of the leader's API.
   */
  strangerAtLeader?: boolean;
}

/** Runs `fn` with both APIs, stopped however it ends. */
export async function withTwoApis(
  fn: (apis: TwoApis) => Promise<void>,
  options: TwoApisOptions = {},
): Promise<void> {
  const { ca, caKey } = await makePki();
  const member = await serverPki("member");
  await withEtcd(async (etcd) => {
    const store = await EtcdStateStore.connect({ endpoints: [etcd.endpoint] });
    const servers: ApiServer[] = [];
    try {
      const fenceKey = "/kat/cluster/leader/test";
      await store.put(fenceKey, new TextEncoder().encode("node-1"));
      const fence: VersionCompare = {
        key: fenceKey,
        version: (await store.get(fenceKey))!.version,
      };
      await storeAdminCredential(store, "kat-test-0123456789abcdef", fence);
      await registerNode(store, {
        name: "node-1",
        advertiseAddress: "127.0.0.1",
        publicKeySha256: "a".repeat(64),
        clusterCidr: "10.100.0.0/16",
        nodeSubnetBits: 8,
        fence,
      });
      const { token } = await createToken(store, { fence });
      const port = freePort();
      let followerPort = freePort();
      while (followerPort === port) followerPort = freePort();
      const leaderUrl = `https://127.0.0.1:${port}`;
      const followerUrl = `https://127.0.0.1:${followerPort}`;
      const apis: TwoApis = {
        leaderUrl,
        followerUrl,
        ca,
        caHash: await caCertHash(ca),
        token: token.text,
        store,
        granted: [],
        events: { "node-1": [], "node-2": [] },
      };
      // Both contexts' apiUrl has the cluster's API port, the leader's.
      const context = (name: string): ApiContext => ({
        store,
        nodeName: name,
        leadership: () => name === "node-1" ? fence : undefined,
        leaderName: () => Promise.resolve("node-1"),
        network: { clusterCidr: "10.100.0.0/16", nodeSubnetBits: 8 },
        ca: { certPem: ca, keyPem: caKey, hash: apis.caHash },
        apiUrl: leaderUrl,
        etcd: { endpoints: [etcd.endpoint] },
        apiServers: () => [leaderUrl, followerUrl],
        grantIdentity: (node) => {
          apis.granted.push(node);
          return Promise.resolve();
        },
        revokeIdentity: () => Promise.resolve(),
        log: (_level, event) => apis.events[name].push(event),
      });
      const stranger = await serverPki("stranger");
      for (
        const [name, listen, pem] of [
          ["node-1", port, options.strangerAtLeader ? stranger : member],
          ["node-2", followerPort, member],
        ] as const
      ) {
        servers.push(
          await ApiServer.start({
            hostname: "127.0.0.1",
            port: listen,
            certChainPem: pem.chain,
            keyPem: pem.key,
            context: context(name),
          }),
        );
      }
      await fn(apis);
    } finally {
      for (const s of servers) await s.stop();
      await store.close();
    }
  });
}
