import { assertEquals, assertRejects } from "../assert.ts";
import { createClusterCa } from "../../src/pki/cluster_ca.ts";
import { PkiError } from "../../src/pki/pki_error.ts";
import { parseCertificate } from "../../src/pki/certificate.ts";
import { dirWith, extensionLines, openssl } from "./openssl.ts";

Deno.test("the cluster CA is a P-256 CA that openssl reads as CA:TRUE, critical, with keyCertSign and cRLSign", async () => {
  const ca = await createClusterCa({ clusterName: "prod" });
  const dir = await dirWith({ "ca.crt": ca.certPem, "ca.key": ca.keyPem });
  const text = await openssl(["x509", "-in", "ca.crt", "-noout", "-text"], dir);
  assertEquals(text.code, 0);
  const lines = extensionLines(text.stdout);
  assertEquals(lines.slice(0, 6), [
    "X509v3 extensions:",
    "X509v3 Basic Constraints: critical",
    "CA:TRUE, pathlen:0",
    "X509v3 Key Usage: critical",
    "Certificate Sign, CRL Sign",
    "X509v3 Subject Key Identifier:",
  ]);
  assertEquals(lines.length, 7);
  const subject = await openssl(
    [
      "x509",
      "-in",
      "ca.crt",
      "-noout",
      "-subject",
      "-issuer",
      "-nameopt",
      "RFC2253",
    ],
    dir,
  );
  assertEquals(
    subject.stdout,
    "subject=CN=kat-prod CA\nissuer=CN=kat-prod CA\n",
  );
  // Self-signed and valid by itself.
  assertEquals(
    (await openssl(["verify", "-CAfile", "ca.crt", "ca.crt"], dir)).stdout,
    "ca.crt: OK\n",
  );
  // The key is PKCS#8 PEM, ECDSA P-256, and belongs to the certificate.
  assertEquals(ca.keyPem.split("\n")[0], "-----BEGIN PRIVATE KEY-----");
  const key = await openssl(["pkey", "-in", "ca.key", "-noout", "-text"], dir);
  assertEquals(key.code, 0);
  assertEquals(key.stdout.includes("NIST CURVE: P-256"), true);
  const fromKey = await openssl(["pkey", "-in", "ca.key", "-pubout"], dir);
  const fromCert = await openssl(
    ["x509", "-in", "ca.crt", "-noout", "-pubkey"],
    dir,
  );
  assertEquals(fromKey.stdout, fromCert.stdout);
});

Deno.test("the cluster CA is valid from five minutes before now for validityDays (3650 days by default)", async () => {
  const now = new Date("2030-06-01T12:00:00.500Z");
  const byDefault = parseCertificate(
    (await createClusterCa({ clusterName: "a", now })).certPem,
  );
  assertEquals(byDefault.notBefore.toISOString(), "2030-06-01T11:55:00.000Z");
  assertEquals(byDefault.notAfter.toISOString(), "2040-05-29T12:00:00.000Z");
  const short = parseCertificate(
    (await createClusterCa({ clusterName: "a", now, validityDays: 2 })).certPem,
  );
  assertEquals(short.notAfter.toISOString(), "2030-06-03T12:00:00.000Z");
});

Deno.test("two cluster CAs have different keys and serial numbers", async () => {
  const a = await createClusterCa({ clusterName: "prod" });
  const b = await createClusterCa({ clusterName: "prod" });
  assertEquals(a.keyPem === b.keyPem, false);
  assertEquals(
    parseCertificate(a.certPem).serialNumber ===
      parseCertificate(b.certPem).serialNumber,
    false,
  );
});

Deno.test("an empty or control-character cluster name is refused as pki.bad_name", async () => {
  for (const clusterName of ["", "a\nb", "x".repeat(58)]) {
    const e = await assertRejects(
      () => createClusterCa({ clusterName }),
      PkiError,
    );
    assertEquals(e.code, "pki.bad_name");
  }
  const e = await assertRejects(
    () => createClusterCa({ clusterName: "" }),
    PkiError,
  );
  assertEquals(
    e.message,
    'the cluster name "" is not 1 to 57 characters without control characters',
  );
});
