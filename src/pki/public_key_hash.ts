/**
 * The SHA-256 of the public key in a certificate or a CSR: how the leader
 * recognises a node that joins again with the key it joined with.
 *
 * @module
 */
import { parseCertificate } from "./certificate.ts";
import { PkiError } from "./pki_error.ts";
import { x509 } from "./x509.ts";

async function sha256Hex(bytes: ArrayBuffer): Promise<string> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", bytes)).toHex();
}

/**
 * The hex SHA-256 of the DER SubjectPublicKeyInfo of a PEM certificate.
 *
 * @example
 * ```ts
 * import { certPublicKeySha256 } from "./public_key_hash.ts";
 * import { createClusterCa } from "./cluster_ca.ts";
 * const ca = await createClusterCa({ clusterName: "prod" });
 * console.log((await certPublicKeySha256(ca.certPem)).length); // 64
 * ```
 */
export function certPublicKeySha256(certPem: string): Promise<string> {
  return sha256Hex(parseCertificate(certPem).publicKey.rawData);
}

/**
 * The hex SHA-256 of the DER SubjectPublicKeyInfo of a PEM CSR; a
 * {@link PkiError} `bad_csr` when it is not one.
 *
 * @example
 * ```ts
 * import { csrPublicKeySha256 } from "./public_key_hash.ts";
 * import { createNodeKeyAndCsr } from "./node_csr.ts";
 * const { csrPem } = await createNodeKeyAndCsr({ nodeName: "n1", addresses: [] });
 * console.log((await csrPublicKeySha256(csrPem)).length); // 64
 * ```
 */
export function csrPublicKeySha256(csrPem: string): Promise<string> {
  let csr: x509.Pkcs10CertificateRequest;
  try {
    csr = new x509.Pkcs10CertificateRequest(csrPem);
  } catch (e) {
    throw new PkiError(
      "bad_csr",
      "the CSR is not a PEM certificate request",
      e,
    );
  }
  return sha256Hex(csr.publicKey.rawData);
}
