import { assertEquals, assertRejects, assertTrue } from "../assert.ts";
import { EtcdStateStore } from "../../src/state/etcd_store.ts";
import { normaliseEndpoints } from "../../src/state/endpoints.ts";
import {
  StateStoreError,
  type WatchEvent,
} from "../../src/state/state_store.ts";
import { freePort, sleep, type TestEtcd, withEtcd } from "./etcd_fixture.ts";

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);

/** etcdctl against `etcd`, the reference client; JSON output parsed. */
async function etcdctl(etcd: TestEtcd, ...args: string[]) {
  const out = await new Deno.Command("etcdctl", {
    args: [`--endpoints=${etcd.endpoint}`, ...args],
    env: { ETCDCTL_API: "3" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stderr = new TextDecoder().decode(out.stderr);
  assertEquals([out.code, stderr], [0, ""]);
  return new TextDecoder().decode(out.stdout);
}

interface CtlKv {
  key: string;
  value: string;
  mod_revision: number;
}

/** `etcdctl get -w json` of a prefix: keys, values (text) and mod revisions. */
async function ctlList(etcd: TestEtcd, prefix: string) {
  const json = JSON.parse(
    await etcdctl(etcd, "get", "--prefix", "-w", "json", prefix),
  );
  const b64 = (s: string) =>
    dec(Uint8Array.from(atob(s), (c) => c.charCodeAt(0)));
  return ((json.kvs ?? []) as CtlKv[]).map((kv) => ({
    key: b64(kv.key),
    value: b64(kv.value),
    version: kv.mod_revision,
  }));
}

async function withStore(
  fn: (store: EtcdStateStore, etcd: TestEtcd) => Promise<void>,
) {
  await withEtcd(async (etcd) => {
    const store = await EtcdStateStore.connect({ endpoints: [etcd.endpoint] });
    try {
      await fn(store, etcd);
    } finally {
      await store.close();
    }
  });
}

/** The next `n` events of a watch, failing after `ms`. */
async function take(
  it: AsyncIterator<WatchEvent>,
  n: number,
  ms = 10_000,
): Promise<WatchEvent[]> {
  const events: WatchEvent[] = [];
  const deadline = Date.now() + ms;
  while (events.length < n) {
    const left = deadline - Date.now();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const next = await Promise.race([
      it.next(),
      new Promise<"timeout">((r) =>
        timer = setTimeout(() => r("timeout"), left)
      ),
    ]);
    clearTimeout(timer);
    if (next === "timeout") {
      throw new Error(`only ${events.length} of ${n} events in ${ms} ms`);
    }
    if (next.done) throw new Error(`watch ended after ${events.length} events`);
    events.push(next.value);
  }
  return events;
}

/** A compact, comparable view of watch events. */
function brief(events: WatchEvent[]) {
  return events.map((e) =>
    e.type === "put"
      ? [e.type, e.key, dec(e.value), e.version, e.previous?.version ?? 0]
      : [e.type, e.key, e.version, e.previous ? dec(e.previous.value) : null]
  );
}

Deno.test("etcd store: the whole StateStore interface against a real etcd", async (t) => {
  await withStore(async (store, etcd) => {
    await t.step(
      "get, put and delete, with versions from mod revisions",
      async () => {
        assertEquals(await store.get("/kv/a"), undefined);
        const v1 = await store.put("/kv/a", enc("one"));
        const got = await store.get("/kv/a");
        assertEquals(got, { key: "/kv/a", value: enc("one"), version: v1 });
        const v2 = await store.put("/kv/a", enc("two"));
        assertTrue(v2 > v1);
        // The versions are exactly etcd's mod revisions, as etcdctl reads them.
        assertEquals(await ctlList(etcd, "/kv/a"), [
          { key: "/kv/a", value: "two", version: v2 },
        ]);
        assertEquals(await store.delete("/kv/a"), true);
        assertEquals(await store.delete("/kv/a"), false);
        assertEquals(await store.get("/kv/a"), undefined);
      },
    );

    await t.step(
      "values are bytes: every byte value and the empty value",
      async () => {
        const all = Uint8Array.from({ length: 256 }, (_, i) => i);
        await store.put("/bytes/all", all);
        await store.put("/bytes/empty", new Uint8Array());
        assertEquals((await store.get("/bytes/all"))?.value, all);
        assertEquals(
          (await store.get("/bytes/empty"))?.value,
          new Uint8Array(),
        );
        // Written by etcdctl, read by us.
        await etcdctl(etcd, "put", "/bytes/ctl", "é✓");
        assertEquals(dec((await store.get("/bytes/ctl"))!.value), "é✓");
      },
    );

    await t.step(
      "list is exactly the prefix, sorted, at one revision",
      async () => {
        for (
          const k of [
            "/ls/b",
            "/ls/a",
            "/ls/a/x",
            "/ls0",
            "/lt",
            "/ls",
            "/ls/ÿ",
          ]
        ) {
          await store.put(k, enc(k));
        }
        const { entries, revision } = await store.list("/ls/");
        assertEquals(entries.map((e) => e.key), [
          "/ls/a",
          "/ls/a/x",
          "/ls/b",
          "/ls/ÿ",
        ]);
        assertEquals(
          entries.map(({ key, value, version }) => ({
            key,
            value: dec(value),
            version,
          })),
          await ctlList(etcd, "/ls/"),
        );
        assertEquals(revision, await store.put("/other", enc("x")) - 1);
        assertEquals((await store.list("/nothing/")).entries, []);
      },
    );

    await t.step(
      "list reads past one page (500 entries) at a fixed revision",
      async () => {
        const n = 1234;
        for (let i = 0; i < n; i += 100) {
          await store.txn({
            success: Array.from({ length: Math.min(100, n - i) }, (_, j) => ({
              op: "put" as const,
              key: `/page/${String(i + j).padStart(5, "0")}`,
              value: enc(String(i + j)),
            })),
          });
        }
        const { entries } = await store.list("/page/");
        assertEquals(entries.length, n);
        assertEquals(
          entries.map((e) => dec(e.value)),
          Array.from({ length: n }, (_, i) => String(i)),
        );
      },
    );

    await t.step(
      "txn compares versions; version 0 means the key must not exist",
      async () => {
        const create = (value: string) =>
          store.txn({
            compare: [{ key: "/txn/k", version: 0 }],
            success: [{ op: "put", key: "/txn/k", value: enc(value) }],
            failure: [{ op: "get", key: "/txn/k" }],
          });
        const first = await create("first");
        assertEquals(first.succeeded, true);
        assertEquals(first.results, [{ op: "put", version: first.revision }]);
        const second = await create("second");
        assertEquals(second.succeeded, false);
        assertEquals(second.results, [{
          op: "get",
          entry: {
            key: "/txn/k",
            value: enc("first"),
            version: first.revision,
          },
        }]);
        // A compare on the current version holds; on a stale one it fails.
        const update = (version: number) =>
          store.txn({
            compare: [{ key: "/txn/k", version }, {
              key: "/txn/none",
              version: 0,
            }],
            success: [
              { op: "put", key: "/txn/k", value: enc("updated") },
              { op: "delete", key: "/txn/gone" },
            ],
          });
        await store.put("/txn/gone", enc("x"));
        const ok = await update(first.revision);
        assertEquals(ok.succeeded, true);
        assertEquals(ok.results, [
          { op: "put", version: ok.revision },
          { op: "delete", deleted: true },
        ]);
        const stale = await update(first.revision);
        assertEquals([stale.succeeded, stale.results], [false, []]);
        assertEquals(dec((await store.get("/txn/k"))!.value), "updated");
      },
    );

    await t.step(
      "watch: puts and deletes with previous values, from a revision",
      async () => {
        await store.put("/w/a", enc("0"));
        const { revision } = await store.list("/w/");
        const ac = new AbortController();
        const it = store.watch("/w/", { after: revision, signal: ac.signal })
          [Symbol.asyncIterator]();
        const v1 = await store.put("/w/a", enc("1"));
        await store.put("/wx", enc("not under the prefix"));
        const v2 = await store.put("/w/b", enc("2"));
        const v3 =
          (await store.txn({ success: [{ op: "delete", key: "/w/a" }] }))
            .revision;
        assertEquals(brief(await take(it, 3)), [
          ["put", "/w/a", "1", v1, revision],
          ["put", "/w/b", "2", v2, 0],
          ["delete", "/w/a", v3, "1"],
        ]);
        // Aborting ends the iteration.
        ac.abort();
        assertEquals(await it.next(), { value: undefined, done: true });
      },
    );

    await t.step(
      "watch replays history from an earlier revision, and break stops it",
      async () => {
        const v1 = await store.put("/h/a", enc("1"));
        const v2 = await store.put("/h/a", enc("2"));
        const seen: WatchEvent[] = [];
        for await (const e of store.watch("/h/", { after: v1 - 1 })) {
          seen.push(e);
          if (seen.length === 2) break;
        }
        assertEquals(brief(seen), [
          ["put", "/h/a", "1", v1, 0],
          ["put", "/h/a", "2", v2, v1],
        ]);
      },
    );

    await t.step(
      "a watch from a compacted revision fails with code compacted",
      async () => {
        const v = await store.put("/c/a", enc("1"));
        await store.put("/c/a", enc("2"));
        await etcdctl(etcd, "compact", String(v + 1));
        const e = await assertRejects(async () => {
          for await (const _ of store.watch("/c/", { after: v - 1 })) {
            // nothing is delivered
          }
        }, StateStoreError);
        assertEquals([e.reason, e.message], [
          "compacted",
          `watch /c/: revision ${v} has been compacted`,
        ]);
      },
    );

    await t.step(
      "a consumer that falls behind gets code overflow, not unbounded memory",
      async () => {
        const { revision } = await store.list("/o/");
        const it = store.watch("/o/", { after: revision, maxBuffered: 3 })
          [Symbol.asyncIterator]();
        for (let i = 0; i < 5; i++) await store.put(`/o/${i}`, enc("x"));
        const e = await assertRejects(() => take(it, 5), StateStoreError);
        assertEquals(e.reason, "overflow");
      },
    );
  });
});

Deno.test("etcd store: a watch resumes across an etcd restart", async () => {
  await withStore(async (store, etcd) => {
    const { revision } = await store.list("/r/");
    const it = store.watch("/r/", { after: revision })[Symbol.asyncIterator]();
    const v1 = await store.put("/r/a", enc("before"));
    assertEquals(brief(await take(it, 1)), [["put", "/r/a", "before", v1, 0]]);
    await etcd.kill();
    await etcd.restart();
    const v2 = await store.put("/r/a", enc("after"));
    assertEquals(brief(await take(it, 1, 20_000)), [
      ["put", "/r/a", "after", v2, v1],
    ]);
    await it.return?.();
  });
});

Deno.test("etcd store: an unreachable or frozen etcd is code unavailable, within the call timeout", async () => {
  const nobody = await EtcdStateStore.connect({
    endpoints: [`127.0.0.1:${freePort()}`],
    callTimeoutMs: 1000,
  });
  try {
    const e = await assertRejects(() => nobody.get("/a"), StateStoreError);
    assertEquals(e.reason, "unavailable");
  } finally {
    await nobody.close();
  }
  await withEtcd(async (etcd) => {
    const store = await EtcdStateStore.connect({
      endpoints: [etcd.endpoint],
      callTimeoutMs: 500,
    });
    try {
      await store.put("/f", enc("x"));
      etcd.signal("SIGSTOP");
      const started = Date.now();
      const e = await assertRejects(() => store.get("/f"), StateStoreError);
      assertEquals(e.reason, "unavailable");
      // Two attempts of half a second each, and slack for a loaded machine.
      assertTrue(Date.now() - started < 3000, `${Date.now() - started} ms`);
      etcd.signal("SIGCONT");
      await sleep(100);
      assertEquals(dec((await store.get("/f"))!.value), "x");
    } finally {
      etcd.signal("SIGCONT");
      await store.close();
    }
  });
});

Deno.test("etcd store: close ends watches and refuses later calls", async () => {
  await withStore(async (store) => {
    const it = store.watch("/z/")[Symbol.asyncIterator]();
    const pending = it.next();
    await store.close();
    assertEquals(await pending, { value: undefined, done: true });
    const e = await assertRejects(() => store.get("/z/a"), StateStoreError);
    assertEquals(e.reason, "closed");
  });
});

Deno.test("etcd endpoints: host:port means http; anything but a bare http(s) URL is refused", () => {
  assertEquals(normaliseEndpoints(["127.0.0.1:2379", "http://[::1]:2379/"]), [
    "http://127.0.0.1:2379",
    "http://[::1]:2379",
  ]);
  assertEquals(normaliseEndpoints(["https://e1:2379"]), ["https://e1:2379"]);
  for (
    const bad of [
      [],
      ["ftp://h:1"],
      ["http://h"],
      ["http://h:1/path"],
      ["http://u:p@h:1"],
      ["http://a:1", "https://b:1"],
      ["http://[::1"],
    ]
  ) {
    let code: string | undefined;
    try {
      normaliseEndpoints(bad);
    } catch (e) {
      code = (e as StateStoreError).reason;
    }
    assertEquals([bad, code], [bad, "failed"]);
  }
});
