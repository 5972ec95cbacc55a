/**
 * The CA hash a joining node is given: `sha256:` and the SHA-256 of the CA
 * certificate's DER SubjectPublicKeyInfo, so that it trusts exactly that CA.
 *
 * @module
 */
import { quote } from "../diagnostics/quote.ts";
import { parseCertificate } from "./certificate.ts";
import { PkiError } from "./pki_error.ts";

/**
 * `sha256:<64 hex digits>` of the CA certificate's DER SubjectPublicKeyInfo:
 * what `openssl x509 -pubkey -in ca.crt | openssl pkey -pubin -outform der |
 * sha256sum` prints. Text that is not a PEM certificate is a
 * {@link PkiError} `pki.bad_certificate`.
 *
 * @example
 * ```ts
 * import { caCertHash } from "./ca_cert_hash.ts";
 * import { createClusterCa } from "./cluster_ca.ts";
 * const ca = await createClusterCa({ clusterName: "prod" });
 * console.log(/^sha256:[0-9a-f]{64}$/.test(await caCertHash(ca.certPem))); // true
 * ```
 */
export async function caCertHash(caCertPem: string): Promise<string> {
  const spki = parseCertificate(caCertPem, "CA certificate").publicKey.rawData;
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", spki));
  return `sha256:${digest.toHex()}`;
}

const CA_HASH = /^sha256:[0-9a-f]{64}$/;

/**
 * Checks a `--ca-cert-hash` value: `sha256:` and 64 lowercase hexadecimal
 * digits, nothing else. Returns the hash as given; anything else is a
 * {@link PkiError} `pki.bad_ca_hash`.
 *
 * @example
 * ```ts
 * import { parseCaCertHash } from "./ca_cert_hash.ts";
 * console.log(parseCaCertHash(`sha256:${"ab".repeat(32)}`).length); // 71
 * ```
 */
export function parseCaCertHash(text: string): string {
  if (!CA_HASH.test(text)) {
    throw new PkiError(
      "bad_ca_hash",
      `the CA hash ${
        quote(text)
      } is not "sha256:" and 64 lowercase hexadecimal digits`,
    );
  }
  return text;
}
