/**
 * The cluster CA: the key pair and self-signed certificate that sign every
 * node's certificate.
 *
 * @module
 */
import { generateKeyPair, privateKeyPem, withNewline } from "./keys.ts";
import { checkCommonName } from "./names.ts";
import { CA_VALIDITY_DAYS, randomSerial, validityPeriod } from "./validity.ts";
import { SIGNING_ALGORITHM, x509 } from "./x509.ts";

/**
 * Options of {@link createClusterCa}.
 *
 * @example
 * ```ts
 * import type { ClusterCaOptions } from "./cluster_ca.ts";
 * const options: ClusterCaOptions = { clusterName: "prod", validityDays: 365 };
 * ```
 */
export interface ClusterCaOptions {
  /** The cluster's name; the CA's subject is `CN=kat-<clusterName> CA`. */
  clusterName: string;
  /** The moment of creation; defaults to now. */
  now?: Date;
  /** Days the CA is valid; defaults to {@link CA_VALIDITY_DAYS} (ten years). */
  validityDays?: number;
}

/**
 * A cluster CA: its certificate and its private key, both PEM, and the key
 * pair itself for signing without a round trip through PEM.
 *
 * @example
 * ```ts
 * import type { ClusterCa } from "./cluster_ca.ts";
 * const show = (ca: ClusterCa) => ca.certPem.split("\n")[0];
 * ```
 */
export interface ClusterCa {
  /** The self-signed CA certificate, PEM (`-----BEGIN CERTIFICATE-----`). */
  certPem: string;
  /** The CA's private key, PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`). */
  keyPem: string;
  /** The CA's key pair (ECDSA P-256). */
  keys: CryptoKeyPair;
}

/**
 * Makes a cluster CA: a new ECDSA P-256 key pair and a self-signed
 * certificate with subject `CN=kat-<clusterName> CA`, basicConstraints
 * CA:true with path length 0 (critical: it signs node certificates, no
 * other CA), keyUsage keyCertSign and cRLSign (critical) and a
 * subject key identifier. A bad cluster name is a {@link PkiError}
 * `pki.bad_name`.
 *
 * @example
 * ```ts
 * import { createClusterCa } from "./cluster_ca.ts";
 * const ca = await createClusterCa({ clusterName: "prod" });
 * console.log(ca.certPem.startsWith("-----BEGIN CERTIFICATE-----")); // true
 * ```
 */
export async function createClusterCa(
  options: ClusterCaOptions,
): Promise<ClusterCa> {
  const commonName = `kat-${options.clusterName} CA`;
  checkCommonName(options.clusterName, "cluster name", 64 - "kat- CA".length);
  const keys = await generateKeyPair();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name: [{ CN: [commonName] }],
    ...validityPeriod(
      options.now ?? new Date(),
      options.validityDays ?? CA_VALIDITY_DAYS,
    ),
    signingAlgorithm: SIGNING_ALGORITHM,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign,
        true,
      ),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return {
    certPem: withNewline(cert.toString("pem")),
    keyPem: await privateKeyPem(keys.privateKey),
    keys,
  };
}
