import { assertEquals, assertRejects } from "../assert.ts";
import { createClusterCa } from "../../src/pki/cluster_ca.ts";
import { generateKeyPair } from "../../src/pki/keys.ts";
import { createNodeKeyAndCsr } from "../../src/pki/node_csr.ts";
import { PkiError } from "../../src/pki/pki_error.ts";
import {
  signNodeCsr,
  type SignNodeCsrOptions,
} from "../../src/pki/sign_node_csr.ts";
import { parseCertificate } from "../../src/pki/certificate.ts";
import { SIGNING_ALGORITHM, x509 } from "../../src/pki/x509.ts";
import { dirWith, extensionLines, openssl } from "./openssl.ts";

const ca = await createClusterCa({ clusterName: "prod" });

/** Signs `csrPem` for node-1 at 127.0.0.2 / node-1.kat.internal with `ca`. */
function sign(
  csrPem: string,
  more: Partial<SignNodeCsrOptions> = {},
): Promise<string> {
  return signNodeCsr({
    caCertPem: ca.certPem,
    caKeyPem: ca.keyPem,
    csrPem,
    nodeName: "node-1",
    allowedAddresses: ["127.0.0.2", "::1"],
    allowedDnsNames: ["node-1.kat.internal"],
    ...more,
  });
}

/** A CSR for `name` made directly with the X.509 library, with `extensions`. */
async function rawCsr(
  name: string,
  extensions: x509.Extension[],
): Promise<string> {
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name,
    keys: await generateKeyPair(),
    signingAlgorithm: SIGNING_ALGORITHM,
    extensions,
  });
  return csr.toString("pem");
}

Deno.test("a node certificate passes openssl verify and has CA:FALSE, digitalSignature, serverAuth and clientAuth, its SANs and key identifiers", async () => {
  const node = await createNodeKeyAndCsr({
    nodeName: "node-1",
    addresses: ["127.0.0.2", "0:0:0:0:0:0:0:1"],
    dnsNames: ["Node-1.kat.internal"],
  });
  const cert = await sign(node.csrPem);
  const dir = await dirWith({
    "ca.crt": ca.certPem,
    "node.crt": cert,
    "node.key": node.keyPem,
  });
  const verify = await openssl(
    ["verify", "-CAfile", "ca.crt", "node.crt"],
    dir,
  );
  assertEquals([verify.code, verify.stdout], [0, "node.crt: OK\n"]);
  const purpose = await openssl(
    ["verify", "-CAfile", "ca.crt", "-purpose", "sslclient", "node.crt"],
    dir,
  );
  assertEquals(purpose.stdout, "node.crt: OK\n");
  const text = await openssl(
    ["x509", "-in", "node.crt", "-noout", "-text"],
    dir,
  );
  const lines = extensionLines(text.stdout);
  const caKeyId = extensionLines(
    (await openssl(["x509", "-in", "ca.crt", "-noout", "-text"], dir)).stdout,
  )[6];
  assertEquals(lines.slice(0, 9), [
    "X509v3 extensions:",
    "X509v3 Basic Constraints: critical",
    "CA:FALSE",
    "X509v3 Key Usage: critical",
    "Digital Signature",
    "X509v3 Extended Key Usage:",
    "TLS Web Server Authentication, TLS Web Client Authentication",
    "X509v3 Subject Alternative Name:",
    "DNS:node-1.kat.internal, IP Address:127.0.0.2, IP Address:0:0:0:0:0:0:0:1",
  ]);
  assertEquals(lines[9], "X509v3 Subject Key Identifier:");
  assertEquals(lines.slice(11), ["X509v3 Authority Key Identifier:", caKeyId]);
  const names = await openssl(
    [
      "x509",
      "-in",
      "node.crt",
      "-noout",
      "-subject",
      "-issuer",
      "-nameopt",
      "RFC2253",
    ],
    dir,
  );
  assertEquals(names.stdout, "subject=CN=node-1\nissuer=CN=kat-prod CA\n");
  // The certificate is for the node's own key.
  const fromKey = await openssl(["pkey", "-in", "node.key", "-pubout"], dir);
  const fromCert = await openssl([
    "x509",
    "-in",
    "node.crt",
    "-noout",
    "-pubkey",
  ], dir);
  assertEquals(fromKey.stdout, fromCert.stdout);
});

Deno.test("a node certificate lasts validityDays (365 by default) and never past the CA", async () => {
  const now = new Date("2030-01-01T00:00:00Z");
  const shortCa = await createClusterCa({
    clusterName: "p",
    now,
    validityDays: 30,
  });
  const { csrPem } = await createNodeKeyAndCsr({
    nodeName: "node-1",
    addresses: [],
  });
  const byDefault = parseCertificate(await sign(csrPem, { now }));
  assertEquals(byDefault.notBefore.toISOString(), "2029-12-31T23:55:00.000Z");
  assertEquals(byDefault.notAfter.toISOString(), "2031-01-01T00:00:00.000Z");
  assertEquals(
    parseCertificate(await sign(csrPem, { now, validityDays: 7 })).notAfter
      .toISOString(),
    "2030-01-08T00:00:00.000Z",
  );
  const capped = parseCertificate(
    await sign(csrPem, {
      now,
      caCertPem: shortCa.certPem,
      caKeyPem: shortCa.keyPem,
    }),
  );
  assertEquals(capped.notAfter.toISOString(), "2030-01-31T00:00:00.000Z");
  // No SANs asked for: no SAN extension.
  assertEquals(
    byDefault.getExtension(x509.SubjectAlternativeNameExtension),
    null,
  );
});

Deno.test("a certificate signed by another CA fails openssl verify against the cluster CA", async () => {
  const other = await createClusterCa({ clusterName: "prod" });
  const { csrPem } = await createNodeKeyAndCsr({
    nodeName: "node-1",
    addresses: ["127.0.0.2"],
  });
  const cert = await sign(csrPem, {
    caCertPem: other.certPem,
    caKeyPem: other.keyPem,
  });
  const dir = await dirWith({
    "ca.crt": ca.certPem,
    "other.crt": other.certPem,
    "node.crt": cert,
  });
  const verify = await openssl(
    ["verify", "-CAfile", "ca.crt", "node.crt"],
    dir,
  );
  assertEquals(verify.code, 2);
  assertEquals(
    verify.stderr.includes("unable to get local issuer certificate"),
    true,
  );
  assertEquals(
    (await openssl(["verify", "-CAfile", "other.crt", "node.crt"], dir)).code,
    0,
  );
});

/** Asserts that signing `csrPem` (with `more`) is refused for `reason` with `message`. */
async function refused(
  csrPem: string,
  reason: string,
  message: string,
  more: Partial<SignNodeCsrOptions> = {},
): Promise<void> {
  const e = await assertRejects(() => sign(csrPem, more), PkiError);
  assertEquals([e.code, e.reason, e.message], [
    `pki.${reason}`,
    reason,
    message,
  ]);
}

Deno.test("a CSR for another node's name is refused as pki.name_mismatch", async () => {
  const { csrPem } = await createNodeKeyAndCsr({
    nodeName: "node-2",
    addresses: ["127.0.0.2"],
  });
  await refused(
    csrPem,
    "name_mismatch",
    'the CSR\'s subject "CN=node-2" is not "CN=node-1"',
  );
  await refused(
    await rawCsr("CN=node-1, O=admins", []),
    "name_mismatch",
    'the CSR\'s subject "CN=node-1, O=admins" is not "CN=node-1"',
  );
  await refused(
    await rawCsr("CN=Node-1", []),
    "name_mismatch",
    'the CSR\'s subject "CN=Node-1" is not "CN=node-1"',
  );
});

Deno.test("a CSR asking for CA rights is refused as pki.ca_requested", async () => {
  await refused(
    await rawCsr("CN=node-1", [
      new x509.BasicConstraintsExtension(true, undefined, true),
    ]),
    "ca_requested",
    "the CSR asks for CA rights (basicConstraints CA:true)",
  );
  await refused(
    await rawCsr("CN=node-1", [
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign),
    ]),
    "ca_requested",
    "the CSR asks for CA rights (keyUsage keyCertSign or cRLSign)",
  );
  // CA:false asked for is no CA right.
  await sign(
    await rawCsr("CN=node-1", [new x509.BasicConstraintsExtension(false)]),
  );
});

Deno.test("a CSR asking for a name the signer would not put in is refused as pki.san_not_allowed", async () => {
  const other = await createNodeKeyAndCsr({
    nodeName: "node-1",
    addresses: ["127.0.0.9"],
  });
  await refused(
    other.csrPem,
    "san_not_allowed",
    'the CSR asks for the name ip:"127.0.0.9", which this node may not have',
  );
  const dns = await createNodeKeyAndCsr({
    nodeName: "node-1",
    addresses: ["127.0.0.2"],
    dnsNames: ["leader.kat.internal"],
  });
  await refused(
    dns.csrPem,
    "san_not_allowed",
    'the CSR asks for the name dns:"leader.kat.internal", which this node may not have',
  );
  const email = await rawCsr("CN=node-1", [
    new x509.SubjectAlternativeNameExtension([{
      type: "email",
      value: "a@b.c",
    }]),
  ]);
  await refused(
    email,
    "san_not_allowed",
    'the CSR asks for the name email:"a@b.c", which this node may not have',
  );
  // A subset is fine.
  const subset = await createNodeKeyAndCsr({
    nodeName: "node-1",
    addresses: ["::1"],
  });
  await sign(subset.csrPem);
});

Deno.test("a CSR whose signature is broken, or that is not a CSR, is refused as pki.bad_csr", async () => {
  const { csrPem } = await createNodeKeyAndCsr({
    nodeName: "node-1",
    addresses: ["127.0.0.2"],
  });
  const der = new Uint8Array(x509.PemConverter.decodeFirst(csrPem));
  der[der.length - 1] ^= 0x01; // the last byte of the signature's S
  const broken = x509.PemConverter.encode(der, "CERTIFICATE REQUEST");
  await refused(broken, "bad_csr", "the CSR's signature does not verify");
  // The subject changed after signing: "node-1" becomes "node-0".
  const tampered = new Uint8Array(x509.PemConverter.decodeFirst(csrPem));
  const name = new TextEncoder().encode("node-1");
  const at = tampered.findIndex((_, i) =>
    name.every((b, j) => tampered[i + j] === b)
  );
  tampered[at + 5] = "0".charCodeAt(0);
  await refused(
    x509.PemConverter.encode(tampered, "CERTIFICATE REQUEST"),
    "bad_csr",
    "the CSR's signature does not verify",
  );
  await refused(
    "hello",
    "bad_csr",
    "the CSR is not one PEM block of type CERTIFICATE REQUEST",
  );
  await refused(
    ca.certPem,
    "bad_csr",
    "the CSR is not one PEM block of type CERTIFICATE REQUEST",
  );
});

Deno.test("a CSR for a key other than ECDSA P-256 is refused as pki.unsupported_key", async () => {
  const keys = await crypto.subtle.generateKey(
    { name: "ECDSA", namedCurve: "P-384" },
    true,
    ["sign", "verify"],
  );
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: "CN=node-1",
    keys,
    signingAlgorithm: { name: "ECDSA", hash: "SHA-384" },
  });
  await refused(
    csr.toString("pem"),
    "unsupported_key",
    "the CSR's key is not an ECDSA P-256 key",
  );
});

Deno.test("a CA key that is not the CA certificate's is refused as pki.bad_key", async () => {
  const other = await createClusterCa({ clusterName: "prod" });
  const { csrPem } = await createNodeKeyAndCsr({
    nodeName: "node-1",
    addresses: [],
  });
  await refused(
    csrPem,
    "bad_key",
    "the CA key does not belong to the CA certificate",
    {
      caKeyPem: other.keyPem,
    },
  );
  await refused(
    csrPem,
    "bad_certificate",
    "the CA certificate is not one PEM block of type CERTIFICATE",
    {
      caCertPem: csrPem,
    },
  );
});
