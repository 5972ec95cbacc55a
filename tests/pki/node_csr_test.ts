import { assertEquals, assertRejects } from "../assert.ts";
import { createNodeKeyAndCsr, sanList } from "../../src/pki/node_csr.ts";
import { PkiError } from "../../src/pki/pki_error.ts";
import { x509 } from "../../src/pki/x509.ts";
import { dirWith, extensionLines, openssl } from "./openssl.ts";

Deno.test("a node CSR verifies in openssl, has CN = node name and the SANs, and its key is PKCS#8 P-256", async () => {
  const node = await createNodeKeyAndCsr({
    nodeName: "node-1",
    addresses: ["127.0.0.2", "127.0.0.2", "::1"],
    dnsNames: ["node-1.kat.internal"],
  });
  const dir = await dirWith({
    "node.csr": node.csrPem,
    "node.key": node.keyPem,
  });
  const req = await openssl([
    "req",
    "-in",
    "node.csr",
    "-noout",
    "-verify",
    "-text",
    "-nameopt",
    "RFC2253",
  ], dir);
  assertEquals(req.code, 0);
  assertEquals(req.stderr.includes("verify OK"), true);
  assertEquals(req.stdout.includes("Subject: CN=node-1\n"), true);
  assertEquals(extensionLines(req.stdout), [
    "Requested Extensions:",
    "X509v3 Subject Alternative Name:",
    "DNS:node-1.kat.internal, IP Address:127.0.0.2, IP Address:0:0:0:0:0:0:0:1",
  ]);
  assertEquals(node.keyPem.split("\n")[0], "-----BEGIN PRIVATE KEY-----");
  const key = await openssl(
    ["pkey", "-in", "node.key", "-noout", "-text"],
    dir,
  );
  assertEquals(key.stdout.includes("NIST CURVE: P-256"), true);
});

Deno.test("a node CSR without addresses or DNS names asks for no extension", async () => {
  const node = await createNodeKeyAndCsr({ nodeName: "n", addresses: [] });
  const dir = await dirWith({ "node.csr": node.csrPem });
  const req = await openssl(["req", "-in", "node.csr", "-noout", "-text"], dir);
  assertEquals(req.stdout.includes("Attributes:\n            (none)\n"), true);
  assertEquals(extensionLines(req.stdout), ["Requested Extensions:"]);
  assertEquals(
    new x509.Pkcs10CertificateRequest(node.csrPem).attributes.length,
    0,
  );
});

Deno.test("a bad address, DNS name or node name is refused with its reason", async () => {
  const cases: [Parameters<typeof createNodeKeyAndCsr>[0], string, string][] = [
    [
      { nodeName: "n", addresses: ["127.1"] },
      "pki.bad_address",
      '"127.1" is not an IPv4 or IPv6 address',
    ],
    [
      { nodeName: "n", addresses: ["fe80::1%eth0"] },
      "pki.bad_address",
      '"fe80::1%eth0" is not an IPv4 or IPv6 address',
    ],
    [
      { nodeName: "n", addresses: ["::011.2.3.4"] },
      "pki.bad_address",
      '"::011.2.3.4" is not an IPv4 or IPv6 address',
    ],
    [
      { nodeName: "n", addresses: ["::0x11.2.3.4"] },
      "pki.bad_address",
      '"::0x11.2.3.4" is not an IPv4 or IPv6 address',
    ],
    [
      { nodeName: "n", addresses: [], dnsNames: ["10.0.0.1"] },
      "pki.bad_name",
      '"10.0.0.1" is not a DNS name',
    ],
    [
      { nodeName: "n", addresses: [], dnsNames: ["Node.0X1F"] },
      "pki.bad_name",
      '"Node.0X1F" is not a DNS name',
    ],
    [
      { nodeName: "n", addresses: [], dnsNames: ["*.example"] },
      "pki.bad_name",
      '"*.example" is not a DNS name',
    ],
    [
      { nodeName: "n", addresses: [], dnsNames: ["a..b"] },
      "pki.bad_name",
      '"a..b" is not a DNS name',
    ],
    [
      { nodeName: "a\tb", addresses: [] },
      "pki.bad_name",
      'the node name "a\\tb" is not 1 to 64 characters without control characters',
    ],
  ];
  for (const [options, code, message] of cases) {
    const e = await assertRejects(() => createNodeKeyAndCsr(options), PkiError);
    assertEquals([e.code, e.message], [code, message]);
  }
});

Deno.test("sanList puts DNS names first, in lower case, and each name once", () => {
  assertEquals(
    sanList(["::0001", "10.0.0.1", "0::1"], ["B.example", "b.example"]),
    [
      { type: "dns", value: "b.example" },
      { type: "ip", value: "::1" },
      { type: "ip", value: "10.0.0.1" },
    ],
  );
});

Deno.test("an IPv6 address with a dotted tail is read as RFC 4291 writes it", async () => {
  // ::1.2.3.4 is ::102:304, another address than ::ffff:1.2.3.4.
  assertEquals(sanList(["::1.2.3.4", "::ffff:1.2.3.4", "::102:304"], []), [
    { type: "ip", value: "::102:304" },
    { type: "ip", value: "::ffff:102:304" },
  ]);
  const node = await createNodeKeyAndCsr({
    nodeName: "n",
    addresses: ["::1.2.3.4"],
  });
  const dir = await dirWith({ "node.csr": node.csrPem });
  const req = await openssl(["req", "-in", "node.csr", "-noout", "-text"], dir);
  assertEquals(extensionLines(req.stdout), [
    "Requested Extensions:",
    "X509v3 Subject Alternative Name:",
    "IP Address:0:0:0:0:0:0:102:304",
  ]);
});

Deno.test("a CSR for an existing key carries that key: openssl reads the same public key from both", async () => {
  const first = await createNodeKeyAndCsr({
    nodeName: "node-2",
    addresses: ["127.0.0.2"],
  });
  const again = await createNodeKeyAndCsr({
    nodeName: "node-2",
    addresses: ["127.0.0.2"],
    existingKeyPem: first.keyPem,
  });
  assertEquals(again.keyPem, first.keyPem);
  const dir = await dirWith({
    "node.key": first.keyPem,
    "again.csr": again.csrPem,
  });
  const fromKey = await openssl(["pkey", "-in", "node.key", "-pubout"], dir);
  const fromCsr = await openssl(
    ["req", "-in", "again.csr", "-noout", "-pubkey", "-verify"],
    dir,
  );
  assertEquals(fromKey.code, 0);
  assertEquals(fromCsr.code, 0);
  assertEquals(fromCsr.stdout, fromKey.stdout);
  await Deno.remove(dir, { recursive: true });
  const e = await assertRejects(
    () =>
      createNodeKeyAndCsr({
        nodeName: "node-2",
        addresses: [],
        existingKeyPem: "not a key",
      }),
    PkiError,
  );
  assertEquals(
    [e.code, e.message],
    [
      "pki.bad_key",
      "the private key is not one PEM block of type PRIVATE KEY (PKCS#8)",
    ],
  );
});
