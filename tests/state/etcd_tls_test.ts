import { assertEquals, assertRejects } from "../assert.ts";
import { EtcdStateStore } from "../../src/state/etcd_store.ts";
import {
  connectEtcd,
  loadEtcdLibrary,
  toStateStoreError,
} from "../../src/state/etcd_client.ts";
import { Lease } from "../../src/agent/lease.ts";

const { Buffer } = await loadEtcdLibrary();
import {
  enableAuth,
  grantNodeIdentity,
  revokeNodeIdentity,
} from "../../src/state/etcd_auth.ts";
import { StateStoreError } from "../../src/state/state_store.ts";
import { type TlsEtcd, withTlsEtcd } from "./etcd_tls_fixture.ts";

const enc = (s: string) => new TextEncoder().encode(s);

/** A store as `who`, at the IP endpoint, checked against "localhost". */
async function storeAs(
  etcd: TlsEtcd,
  who: string,
  ca = "ca",
): Promise<EtcdStateStore> {
  return await EtcdStateStore.connect({
    endpoints: [etcd.endpoint],
    tls: etcd.tls(who, ca),
    callTimeoutMs: 3000,
  });
}

/** Sets up auth as root: node-1 and node-2 identities. */
async function setUp(etcd: TlsEtcd): Promise<void> {
  const root = await connectEtcd({
    endpoints: [etcd.endpoint],
    tls: etcd.tls("root"),
  });
  try {
    await enableAuth(root);
    await grantNodeIdentity(root, "node-1");
    await grantNodeIdentity(root, "node-2");
    await enableAuth(root); // again: nothing changes, nothing fails
    await grantNodeIdentity(root, "node-1");
  } finally {
    root.close();
  }
}

async function put(store: EtcdStateStore, key: string) {
  try {
    await store.put(key, enc("v"));
    return "ok";
  } catch (e) {
    if (!(e instanceof StateStoreError)) throw e;
    return `${e.reason}: ${e.message}`;
  }
}

const denied = (key: string) =>
  `denied: put ${key}: etcd refused it: this client's identity (its certificate's CN) has no permission on that key`;

Deno.test("a node's certificate may write its own keys only; root may write all; etcdctl agrees", async () => {
  await withTlsEtcd(async (etcd) => {
    await setUp(etcd);
    const node1 = await storeAs(etcd, "node-1");
    const root = await storeAs(etcd, "root");
    try {
      assertEquals(
        [
          await put(node1, "/kat/nodes/node-1/a"),
          await put(node1, "/kat/nodes/node-2/a"),
          await put(node1, "/kat/cluster/config"),
          await put(node1, "/kat/nodes/node-1"),
        ],
        [
          "ok",
          denied("/kat/nodes/node-2/a"),
          denied("/kat/cluster/config"),
          denied("/kat/nodes/node-1"),
        ],
      );
      assertEquals(
        [
          await put(root, "/kat/nodes/node-2/a"),
          await put(root, "/kat/cluster/config"),
          await put(root, "/elsewhere"),
        ],
        ["ok", "ok", "ok"],
      );
      assertEquals(
        (await root.get("/kat/nodes/node-1/a"))?.value,
        enc("v"),
      );
      // Watches too: its own keys, yes; others, refused.
      const own = node1.watch("/kat/nodes/node-1/", { after: 1 })
        [Symbol.asyncIterator]();
      const first = await own.next();
      await own.return?.();
      assertEquals(
        first.done ? undefined : [first.value.type, first.value.key],
        ["put", "/kat/nodes/node-1/a"],
      );
      const other = node1.watch("/kat/cluster/")[Symbol.asyncIterator]();
      const refused = await assertRejects(() => other.next(), StateStoreError);
      assertEquals(
        [refused.reason, refused.message],
        [
          "denied",
          "watch /kat/cluster/: etcd refused it: this client's identity (its certificate's CN) has no permission on that key",
        ],
      );
      // The reference client, with the same certificates, is refused alike.
      const ctl = async (key: string) => {
        const r = await etcd.etcdctl("node-1", "put", key, "v");
        return `${r.code} ${r.error ?? ""}`.trim();
      };
      assertEquals(
        [
          await ctl("/kat/nodes/node-1/b"),
          await ctl("/kat/nodes/node-2/b"),
          await ctl("/kat/cluster/config"),
        ],
        [
          "0",
          "1 Error: etcdserver: permission denied",
          "1 Error: etcdserver: permission denied",
        ],
      );
    } finally {
      await node1.close();
      await root.close();
    }
  });
});

Deno.test("a revoked node is refused its own keys; a node granted the leader role may write /kat/", async () => {
  await withTlsEtcd(async (etcd) => {
    await setUp(etcd);
    const admin = await connectEtcd({
      endpoints: [etcd.endpoint],
      tls: etcd.tls("root"),
    });
    const node1 = await storeAs(etcd, "node-1");
    const node2 = await storeAs(etcd, "node-2");
    try {
      await revokeNodeIdentity(admin, "node-1");
      await revokeNodeIdentity(admin, "node-1"); // again: nothing fails
      await grantNodeIdentity(admin, "node-2", { leader: true });
      assertEquals(
        [
          await put(node1, "/kat/nodes/node-1/a"),
          await put(node2, "/kat/cluster/config"),
          await put(node2, "/kat/nodes/node-1/a"),
          await put(node2, "/elsewhere"),
        ],
        [denied("/kat/nodes/node-1/a"), "ok", "ok", denied("/elsewhere")],
      );
      assertEquals(
        (await etcd.etcdctl("node-1", "put", "/kat/nodes/node-1/a", "v")).error,
        "Error: etcdserver: permission denied",
      );
    } finally {
      admin.close();
      await node1.close();
      await node2.close();
    }
  });
});

Deno.test("certificates that do not chain to the trusted CA are refused at connection, in plain words", async () => {
  await withTlsEtcd(async (etcd) => {
    // A client certificate (CN node-1) from another CA: etcd refuses it.
    const stranger = await storeAs(etcd, "stranger");
    // A CA that did not sign etcd's server certificate: the client refuses.
    const wrongCa = await storeAs(etcd, "node-1", "other-ca");
    try {
      const e1 = await assertRejects(
        () => stranger.get("/kat/nodes/node-1/a"),
        StateStoreError,
      );
      // The connection's last error is etcd's alert, or etcd closing it
      // before the alert is read: EPIPE or ECONNRESET.
      assertEquals(
        [
          e1.reason,
          e1.message.replace(
            / \((write EPIPE|read ECONNRESET|received fatal alert: BadCertificate)\)$/,
            "",
          ),
        ],
        [
          "tls",
          "get /kat/nodes/node-1/a: etcd closed the connection during the TLS handshake: it refused this client's certificate (not signed by a CA etcd trusts, or out of date)",
        ],
      );
      const e2 = await assertRejects(
        () => wrongCa.get("/a"),
        StateStoreError,
      );
      assertEquals(
        [e2.reason, e2.message],
        [
          "tls",
          "get /a: etcd's server certificate is not trusted: it does not chain to the given CA certificate or is out of date (Error: unable to verify the first certificate)",
        ],
      );
      const ctl = await etcd.etcdctl("stranger", "get", "/a");
      assertEquals([ctl.code, ctl.error], [
        1,
        "Error: context deadline exceeded",
      ]);
    } finally {
      await stranger.close();
      await wrongCa.close();
    }
  });
});

Deno.test("etcd's certificate is checked against serverName, never against an IP endpoint", async () => {
  await withTlsEtcd(async (etcd) => {
    const wrongName = await EtcdStateStore.connect({
      endpoints: [etcd.endpoint],
      tls: etcd.tls("root", "ca", "node-x"),
    });
    // https:// to an address without TLS options: Deno's TLS cannot check
    // the certificate against the address.
    const byAddress = await EtcdStateStore.connect({
      endpoints: [etcd.endpoint],
      callTimeoutMs: 3000,
    });
    try {
      const ip = await assertRejects(
        () => byAddress.get("/a"),
        StateStoreError,
      );
      assertEquals(
        [ip.reason, ip.message],
        [
          "tls",
          "get /a: etcd's server certificate cannot be checked against an IP address: give the DNS name in it (serverName) (TypeError [ERR_INVALID_ARG_VALUE]: The property 'options.servername' must not be an IP address. Received '127.0.0.1')",
        ],
      );
      const e = await assertRejects(() => wrongName.get("/a"), StateStoreError);
      assertEquals(
        [e.reason, e.message],
        [
          "tls",
          "get /a: etcd's server certificate does not hold the name it was checked against (Error [ERR_TLS_CERT_ALTNAME_INVALID]: Hostname/IP does not match certificate's altnames: Host: node-x. is not in the cert's altnames: IP Address:127.0.0.1, DNS:localhost)",
        ],
      );
    } finally {
      await byAddress.close();
      await wrongName.close();
    }
  });
});

Deno.test("TLS options with an IP endpoint and no serverName, or an http endpoint, are refused before connecting", async () => {
  const tls = {
    caCertificate: "-----BEGIN CERTIFICATE-----\n",
    certificate: "-----BEGIN CERTIFICATE-----\n",
    privateKey: "-----BEGIN PRIVATE KEY-----\n",
  };
  const message = async (endpoint: string, extra = {}) =>
    (await assertRejects(
      () =>
        EtcdStateStore.connect({
          endpoints: [endpoint],
          tls: { ...tls, ...extra },
        }),
      StateStoreError,
    )).message;
  assertEquals(
    [
      await message("https://127.0.0.1:2379"),
      await message("https://[::1]:2379"),
      await message("http://localhost:2379"),
      await message("https://localhost:2379", { serverName: "a b" }),
      await message("https://localhost:2379", { privateKey: "key" }),
    ],
    [
      `etcd endpoint "https://127.0.0.1:2379" is an IP address: give the DNS name in etcd's server certificate to check it against (serverName)`,
      `etcd endpoint "https://[::1]:2379" is an IP address: give the DNS name in etcd's server certificate to check it against (serverName)`,
      `etcd endpoint "http://localhost:2379" must be https:// to be reached over TLS`,
      `TLS server name "a b" is not a DNS name`,
      "the client private key is not PEM text",
    ],
  );
});

Deno.test("a connection closed under the handshake is a refused certificate only over TLS", () => {
  const closed = new Error(
    "14 UNAVAILABLE: No connection established. Last error: write EPIPE (2026-01-01T00:00:00.000Z). Resolution note: ",
  );
  const plain = toStateStoreError(closed, "get /a");
  const tls = toStateStoreError(closed, "get /a", true);
  assertEquals(
    [plain.reason, tls.reason, tls.message],
    [
      "unavailable",
      "tls",
      "get /a: etcd closed the connection during the TLS handshake: it refused this client's certificate (not signed by a CA etcd trusts, or out of date) (write EPIPE)",
    ],
  );
});

Deno.test("a node reads the keys granted to it and keeps its status on a lease of its own; a root-role node grants identities", async () => {
  await withTlsEtcd(async (etcd) => {
    const root = await connectEtcd({
      endpoints: [etcd.endpoint],
      tls: etcd.tls("root"),
    });
    try {
      await enableAuth(root);
      await grantNodeIdentity(root, "node-1", { root: true });
      await root.kv.put({
        key: Buffer.from("/kat/cluster/config"),
        value: Buffer.from("cfg"),
      });
    } finally {
      root.close();
    }
    // node-1, holding etcd's root role, gives node-2 its identity.
    const node1 = await connectEtcd({
      endpoints: [etcd.endpoint],
      tls: etcd.tls("node-1"),
    });
    try {
      await grantNodeIdentity(node1, "node-2", {
        readKeys: ["/kat/cluster/config"],
      });
    } finally {
      node1.close();
    }
    const node2 = await connectEtcd({
      endpoints: [etcd.endpoint],
      tls: etcd.tls("node-2"),
    });
    const store2 = await storeAs(etcd, "node-2");
    try {
      assertEquals(
        new TextDecoder().decode(
          (await store2.get("/kat/cluster/config"))?.value,
        ),
        "cfg",
      );
      assertEquals(
        await put(store2, "/kat/cluster/config"),
        denied("/kat/cluster/config"),
      );
      const lease = await Lease.grant(node2, 2);
      const putWith = (key: string) =>
        node2.kv.put({
          key: Buffer.from(key),
          value: Buffer.from("up"),
          lease: lease.id,
        }).then(() => "ok", (e: unknown) => toStateStoreError(e, "put").reason);
      assertEquals(await putWith("/kat/nodes/node-2/status"), "ok");
      assertEquals(
        new TextDecoder().decode(
          (await store2.get("/kat/nodes/node-2/status"))?.value,
        ),
        "up",
      );
      // Not on another node's keys, lease or not.
      assertEquals(await putWith("/kat/nodes/node-1/status"), "denied");
      assertEquals(await lease.revoke(3000), true);
      assertEquals(await store2.get("/kat/nodes/node-2/status"), undefined);
    } finally {
      await store2.close();
      node2.close();
    }
  });
});

Deno.test("requests refused because access control changed under them are sent again", async () => {
  await withTlsEtcd(async (etcd) => {
    await setUp(etcd);
    const root = await connectEtcd({
      endpoints: [etcd.endpoint],
      tls: etcd.tls("root"),
    });
    const node1 = await storeAs(etcd, "node-1");
    try {
      // Writes of node-1 while identities are added: each addition raises
      // etcd's auth revision, and etcd refuses a write checked before it.
      const writes = Array.from(
        { length: 60 },
        (_, i) => put(node1, `/kat/nodes/node-1/w${i}`),
      );
      const grants = (async () => {
        for (let i = 0; i < 15; i++) {
          await grantNodeIdentity(root, `extra-${i}`);
        }
      })();
      const [results] = await Promise.all([Promise.all(writes), grants]);
      assertEquals(results.filter((r) => r !== "ok"), []);
    } finally {
      root.close();
      await node1.close();
    }
  });
});
