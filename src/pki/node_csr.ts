/**
 * A node's own key and its certificate signing request (CSR): the key stays
 * on the node, the CSR goes to the leader.
 *
 * @module
 */
import {
  generateKeyPair,
  importPrivateKeyPem,
  privateKeyPem,
  withNewline,
} from "./keys.ts";
import {
  canonicalAddress,
  canonicalDnsName,
  checkCommonName,
} from "./names.ts";
import { KEY_ALGORITHM, SIGNING_ALGORITHM, x509 } from "./x509.ts";

/**
 * Options of {@link createNodeKeyAndCsr}.
 *
 * @example
 * ```ts
 * import type { NodeCsrOptions } from "./node_csr.ts";
 * const options: NodeCsrOptions = { nodeName: "node-1", addresses: ["127.0.0.2"] };
 * ```
 */
export interface NodeCsrOptions {
  /** The node's name: the CSR's subject is `CN=<nodeName>`. */
  nodeName: string;
  /** IP addresses for the subject alternative names (IPv4 or IPv6). */
  addresses: readonly string[];
  /** DNS names for the subject alternative names; defaults to none. */
  dnsNames?: readonly string[];
  /**
   * The node's existing private key (PKCS#8 PEM), for a node that joins
   * again with the key it has; default: a new key.
   */
  existingKeyPem?: string;
}

/**
 * A node's new private key and its CSR, both PEM.
 *
 * @example
 * ```ts
 * import type { NodeKeyAndCsr } from "./node_csr.ts";
 * const csrOf = (made: NodeKeyAndCsr) => made.csrPem;
 * ```
 */
export interface NodeKeyAndCsr {
  /** The node's private key, PKCS#8 PEM; it never leaves the node. */
  keyPem: string;
  /** The CSR, PEM (`-----BEGIN CERTIFICATE REQUEST-----`). */
  csrPem: string;
}

/**
 * Makes a node's ECDSA P-256 key and a CSR for it: subject `CN=<nodeName>`,
 * and an extension request for the subject alternative names (DNS names
 * first, then IP addresses, duplicates dropped; no extension when there are
 * none). A bad name or address is a {@link PkiError} (`pki.bad_name`,
 * `pki.bad_address`).
 *
 * @example
 * ```ts
 * import { createNodeKeyAndCsr } from "./node_csr.ts";
 * const { keyPem, csrPem } = await createNodeKeyAndCsr({
 *   nodeName: "node-1",
 *   addresses: ["127.0.0.2"],
 *   dnsNames: ["node-1.kat.internal"],
 * });
 * console.log(csrPem.startsWith("-----BEGIN CERTIFICATE REQUEST-----")); // true
 * ```
 */
export async function createNodeKeyAndCsr(
  options: NodeCsrOptions,
): Promise<NodeKeyAndCsr> {
  checkCommonName(options.nodeName, "node name");
  const names = sanList(options.addresses, options.dnsNames ?? []);
  const keys = options.existingKeyPem === undefined
    ? await generateKeyPair()
    : await keyPairOf(options.existingKeyPem);
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: [{ CN: [options.nodeName] }],
    keys,
    signingAlgorithm: SIGNING_ALGORITHM,
    extensions: names.length === 0
      ? []
      : [new x509.SubjectAlternativeNameExtension(names)],
  });
  return {
    keyPem: options.existingKeyPem === undefined
      ? await privateKeyPem(keys.privateKey)
      : withNewline(options.existingKeyPem),
    csrPem: withNewline(csr.toString("pem")),
  };
}

/** The key pair of a PKCS#8 ECDSA P-256 private key: its public half derived. */
async function keyPairOf(pem: string): Promise<CryptoKeyPair> {
  const privateKey = await importPrivateKeyPem(pem, true);
  const jwk = await crypto.subtle.exportKey("jwk", privateKey);
  const { d: _d, key_ops: _ops, ...publicJwk } = jwk;
  const publicKey = await crypto.subtle.importKey(
    "jwk",
    { ...publicJwk, key_ops: ["verify"] },
    KEY_ALGORITHM,
    true,
    ["verify"],
  );
  return { privateKey: await importPrivateKeyPem(pem), publicKey };
}

/**
 * Subject alternative names in canonical form: DNS names, then IP
 * addresses, each once.
 *
 * @example
 * ```ts
 * import { sanList } from "./node_csr.ts";
 * console.log(sanList(["127.0.0.2", "127.0.0.2"], ["A.example"]));
 * // [{ type: "dns", value: "a.example" }, { type: "ip", value: "127.0.0.2" }]
 * ```
 */
export function sanList(
  addresses: readonly string[],
  dnsNames: readonly string[],
): x509.JsonGeneralName[] {
  const dns = [...new Set(dnsNames.map(canonicalDnsName))];
  const ips = [...new Set(addresses.map(canonicalAddress))];
  return [
    ...dns.map((value) => ({ type: "dns" as const, value })),
    ...ips.map((value) => ({ type: "ip" as const, value })),
  ];
}
