import { assertEquals, assertRejects } from "../assert.ts";
import { caCertHash, parseCaCertHash } from "../../src/pki/ca_cert_hash.ts";
import { createClusterCa } from "../../src/pki/cluster_ca.ts";
import { PkiError } from "../../src/pki/pki_error.ts";
import { dirWith, shell } from "./openssl.ts";

Deno.test("caCertHash is sha256: and what the openssl pipeline of the contract prints", async () => {
  for (const clusterName of ["prod", "other"]) {
    const ca = await createClusterCa({ clusterName });
    const dir = await dirWith({ "ca.crt": ca.certPem });
    const out = await shell(
      "openssl x509 -pubkey -in ca.crt -noout | openssl pkey -pubin -outform der | sha256sum",
      dir,
    );
    assertEquals(out.code, 0);
    const hex = out.stdout.split(" ")[0];
    assertEquals(/^[0-9a-f]{64}$/.test(hex), true);
    assertEquals(await caCertHash(ca.certPem), `sha256:${hex}`);
  }
});

Deno.test("caCertHash of text that is not a certificate is pki.bad_certificate", async () => {
  const e = await assertRejects(
    () => caCertHash("-----BEGIN X-----\n-----END X-----\n"),
    PkiError,
  );
  assertEquals(
    [e.code, e.message],
    [
      "pki.bad_certificate",
      "the CA certificate is not one PEM block of type CERTIFICATE",
    ],
  );
});

Deno.test("parseCaCertHash takes sha256: and 64 lowercase hex digits, and refuses anything else as pki.bad_ca_hash", () => {
  const good = `sha256:${"0123456789abcdef".repeat(4)}`;
  assertEquals(parseCaCertHash(good), good);
  for (
    const bad of [
      "",
      "0123456789abcdef".repeat(4),
      `sha256:${"0123456789ABCDEF".repeat(4)}`,
      `SHA256:${"0123456789abcdef".repeat(4)}`,
      `sha1:${"ab".repeat(20)}`,
      `sha256:${"ab".repeat(31)}`,
      `sha256:${"ab".repeat(33)}`,
      `${good}\n`,
      ` ${good}`,
      `sha256:${"g".repeat(64)}`,
    ]
  ) {
    let error: unknown;
    try {
      parseCaCertHash(bad);
    } catch (e) {
      error = e;
    }
    assertEquals(
      error instanceof PkiError && error.code,
      "pki.bad_ca_hash",
      JSON.stringify(bad),
    );
  }
  let message = "";
  try {
    parseCaCertHash("sha256:abc");
  } catch (e) {
    message = (e as Error).message;
  }
  assertEquals(
    message,
    'the CA hash "sha256:abc" is not "sha256:" and 64 lowercase hexadecimal digits',
  );
});
