import { assertEquals } from "../assert.ts";
import {
  pinnedRequest,
  PinnedRequestError,
} from "../../src/client/pinned_https.ts";
import { makeCa, makeCert } from "../state/etcd_tls_fixture.ts";
import { freePort } from "../state/etcd_fixture.ts";
import { REPO, tempDir } from "../helpers.ts";

const SERVER = "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n";

/** Serves HTTPS on 127.0.0.1 with `<cert>` (and `chain` after it). */
function serve(
  dir: string,
  cert: string,
  seen: string[],
  chain = "",
): { url: string; server: Deno.HttpServer } {
  const port = freePort();
  const server = Deno.serve({
    hostname: "127.0.0.1",
    port,
    cert: Deno.readTextFileSync(`${dir}/${cert}.crt`) + chain,
    key: Deno.readTextFileSync(`${dir}/${cert}.key`),
    onListen() {},
  }, async (request) => {
    seen.push(`${request.method} ${await request.text()}`);
    return new Response(JSON.stringify({ ok: true }), {
      status: 201,
      headers: { "content-type": "application/json" },
    });
  });
  return { url: `https://127.0.0.1:${port}/v1alpha1/join`, server };
}

Deno.test("a pinned request reaches a server of the pinned CA, and reads its answer", async () => {
  const dir = await tempDir("pinned");
  await makeCa(dir, "ca");
  await makeCert(dir, "leader", "ca", SERVER);
  const seen: string[] = [];
  const { url, server } = serve(dir, "leader", seen);
  try {
    const answer = await pinnedRequest(
      new URL(url),
      await Deno.readTextFile(`${dir}/ca.crt`),
      {
        method: "POST",
        path: "/v1alpha1/join",
        headers: { "content-type": "application/json" },
        body: '{"nodeName":"n"}',
      },
    );
    assertEquals([answer.status, answer.body], [201, '{"ok":true}']);
    assertEquals(answer.headers.get("content-type"), "application/json");
    assertEquals(seen, ['POST {"nodeName":"n"}']);
  } finally {
    await server.shutdown();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a pinned request sends a body of bytes as they are", async () => {
  const dir = await tempDir("pinned");
  await makeCa(dir, "ca");
  await makeCert(dir, "leader", "ca", SERVER);
  const seen: Uint8Array[] = [];
  const server = Deno.serve({
    hostname: "127.0.0.1",
    port: 0,
    cert: await Deno.readTextFile(`${dir}/leader.crt`),
    key: await Deno.readTextFile(`${dir}/leader.key`),
    onListen() {},
  }, async (request) => {
    seen.push(new Uint8Array(await request.arrayBuffer()));
    return new Response("{}", { status: 200 });
  });
  try {
    // Bytes that are not UTF-8: sent as text they would change.
    const bytes = new Uint8Array([0x1f, 0x8b, 0x08, 0x00, 0xff, 0xfe, 0x80, 0]);
    const answer = await pinnedRequest(
      new URL(`https://127.0.0.1:${server.addr.port}/v1alpha1/quadlets`),
      await Deno.readTextFile(`${dir}/ca.crt`),
      {
        method: "POST",
        path: "/v1alpha1/quadlets",
        headers: { "content-type": "application/gzip" },
        body: bytes,
      },
    );
    assertEquals(answer.status, 200);
    assertEquals(seen, [bytes]);
  } finally {
    await server.shutdown();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a server of another CA gets nothing, even one the runtime trusts as a root and that sends the pinned CA in its chain", async () => {
  const dir = await tempDir("pinned");
  await makeCa(dir, "ca");
  await makeCa(dir, "public-ca");
  await makeCert(dir, "impostor", "public-ca", SERVER);
  const seen: string[] = [];
  const { url, server } = serve(
    dir,
    "impostor",
    seen,
    await Deno.readTextFile(`${dir}/ca.crt`),
  );
  try {
    // Not a root of the runtime: refused by TLS itself.
    const e = await pinnedRequest(
      new URL(url),
      await Deno.readTextFile(`${dir}/ca.crt`),
      { method: "POST", path: "/v1alpha1/join", headers: {}, body: "secret" },
    ).catch((e) => e);
    assertEquals(e instanceof PinnedRequestError && e.reason, "untrusted");
    // A root of the runtime (DENO_CERT adds one, as the public roots are):
    // fetch given the pinned CA sends the secret; the pinned request does not
    // (node:tls given a CA trusts that CA alone; the leaf's issuer is
    // checked again after the handshake all the same).
    const out = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        `${REPO}tests/client/pinned_probe.ts`,
        url,
        `${dir}/ca.crt`,
      ],
      env: { DENO_CERT: `${dir}/public-ca.crt`, NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    assertEquals(new TextDecoder().decode(out.stderr), "");
    assertEquals(JSON.parse(new TextDecoder().decode(out.stdout)), {
      viaFetch: '201 {"ok":true}',
      pinned: "untrusted: unable to get local issuer certificate",
    });
    assertEquals(seen, ["POST secret"]); // the fetch's, and only it
  } finally {
    await server.shutdown();
    await Deno.remove(dir, { recursive: true });
  }
});
