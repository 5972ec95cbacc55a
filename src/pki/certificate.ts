/**
 * Reading one PEM certificate.
 *
 * @module
 */
import { PkiError } from "./pki_error.ts";
import { x509 } from "./x509.ts";

/**
 * The certificate in `pem`, which must be exactly one PEM block of type
 * `CERTIFICATE`; a {@link PkiError} `pki.bad_certificate` otherwise.
 *
 * @param what What the certificate is, for the message (`CA certificate`).
 *
 * @example
 * ```ts
 * import { createClusterCa } from "./cluster_ca.ts";
 * import { parseCertificate } from "./certificate.ts";
 * const ca = await createClusterCa({ clusterName: "prod" });
 * console.log(parseCertificate(ca.certPem, "CA certificate").subject); // "CN=kat-prod CA"
 * ```
 */
export function parseCertificate(
  pem: string,
  what = "certificate",
): x509.X509Certificate {
  try {
    const blocks = x509.PemConverter.decodeWithHeaders(pem);
    if (blocks.length !== 1 || blocks[0].type !== "CERTIFICATE") {
      throw new Error("not one CERTIFICATE block");
    }
    return new x509.X509Certificate(blocks[0].rawData);
  } catch (e) {
    throw new PkiError(
      "bad_certificate",
      `the ${what} is not one PEM block of type CERTIFICATE`,
      e,
    );
  }
}
