/**
 * The PKI layer of a cluster: the cluster CA, node keys and CSRs, signing a
 * node's CSR, the CA hash a joining node checks, and the files under
 * `D/pki/`. See docs/pki.md.
 *
 * @example
 * ```ts
 * import { caCertHash, createClusterCa } from "./mod.ts";
 * const ca = await createClusterCa({ clusterName: "prod" });
 * console.log((await caCertHash(ca.certPem)).startsWith("sha256:")); // true
 * ```
 *
 * @module
 */
export { PkiError, type PkiErrorCode } from "./pki_error.ts";
export {
  type ClusterCa,
  type ClusterCaOptions,
  createClusterCa,
} from "./cluster_ca.ts";
export {
  createNodeKeyAndCsr,
  type NodeCsrOptions,
  type NodeKeyAndCsr,
} from "./node_csr.ts";
export { signNodeCsr, type SignNodeCsrOptions } from "./sign_node_csr.ts";
export { caCertHash, parseCaCertHash } from "./ca_cert_hash.ts";
export { type PkiFiles, readPkiFiles, writePkiFiles } from "./pki_files.ts";
export { importPrivateKeyPem } from "./keys.ts";
export { parseCertificate } from "./certificate.ts";
export { certPublicKeySha256, csrPublicKeySha256 } from "./public_key_hash.ts";
export { CA_VALIDITY_DAYS, NODE_VALIDITY_DAYS } from "./validity.ts";
