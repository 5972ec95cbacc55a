/**
 * The leader's side of a join: checking a node's CSR and signing it with the
 * cluster CA.
 *
 * @module
 */
import { quote } from "../diagnostics/quote.ts";
import { importPrivateKeyPem, withNewline } from "./keys.ts";
import {
  canonicalAddress,
  canonicalDnsName,
  checkCommonName,
} from "./names.ts";
import { PkiError } from "./pki_error.ts";
import {
  NODE_VALIDITY_DAYS,
  randomSerial,
  validityPeriod,
} from "./validity.ts";
import { parseCertificate } from "./certificate.ts";
import { SIGNING_ALGORITHM, x509 } from "./x509.ts";

/**
 * Options of {@link signNodeCsr}.
 *
 * @example
 * ```ts
 * import type { SignNodeCsrOptions } from "./sign_node_csr.ts";
 * const base: Omit<SignNodeCsrOptions, "csrPem" | "caCertPem" | "caKeyPem"> = {
 *   nodeName: "node-2",
 *   allowedAddresses: ["127.0.0.3"],
 *   allowedDnsNames: [],
 * };
 * ```
 */
export interface SignNodeCsrOptions {
  /** The cluster CA's certificate, PEM. */
  caCertPem: string;
  /** The cluster CA's private key, PKCS#8 PEM. */
  caKeyPem: string;
  /** The node's CSR, PEM. */
  csrPem: string;
  /** The name the node asked to join as: the CSR's subject must be exactly `CN=<nodeName>`. */
  nodeName: string;
  /** IP addresses the signer would put in the certificate itself. */
  allowedAddresses: readonly string[];
  /** DNS names the signer would put in the certificate itself. */
  allowedDnsNames: readonly string[];
  /**
   * Whether the certificate may serve TLS (extKeyUsage serverAuth besides
   * clientAuth). Default: true. A node that serves nothing gets a client
   * certificate only, so that it cannot pass for a server of the cluster.
   */
  serverAuth?: boolean;
  /**
   * DNS names the signer adds to the certificate whether or not the CSR asks
   * for them (the name every etcd member's certificate shares). Default:
   * none.
   */
  addDnsNames?: readonly string[];
  /** Days the certificate is valid; defaults to {@link NODE_VALIDITY_DAYS} (one year), never past the CA's own end. */
  validityDays?: number;
  /** The moment of signing; defaults to now. */
  now?: Date;
}

const BASIC_CONSTRAINTS = "2.5.29.19";
const KEY_USAGE = "2.5.29.15";
const SUBJECT_ALT_NAME = "2.5.29.17";

/**
 * Checks a node's CSR and signs it with the cluster CA. Refused, with a
 * {@link PkiError}:
 *
 * - `pki.bad_csr`: not a PEM CSR, or its signature does not verify;
 * - `pki.unsupported_key`: the CSR's key is not ECDSA P-256;
 * - `pki.name_mismatch`: the subject is not exactly `CN=<nodeName>`;
 * - `pki.ca_requested`: it asks for basicConstraints CA:true, or keyUsage
 *   keyCertSign or cRLSign;
 * - `pki.san_not_allowed`: a subject alternative name that is not in
 *   `allowedAddresses` or `allowedDnsNames` (or of another kind than DNS
 *   and IP);
 * - `pki.bad_certificate`, `pki.bad_key`: the CA's certificate or key is
 *   not usable, or they do not belong together.
 *
 * Other extensions the CSR asks for are ignored. The certificate has subject
 * `CN=<nodeName>`, basicConstraints CA:false (critical), keyUsage
 * digitalSignature (critical), extKeyUsage serverAuth (unless
 * `serverAuth: false`) and clientAuth, the
 * CSR's subject alternative names, and subject and authority key
 * identifiers. Returns it as PEM.
 *
 * @example
 * ```ts
 * import { createClusterCa } from "./cluster_ca.ts";
 * import { createNodeKeyAndCsr } from "./node_csr.ts";
 * import { signNodeCsr } from "./sign_node_csr.ts";
 * const ca = await createClusterCa({ clusterName: "prod" });
 * const { csrPem } = await createNodeKeyAndCsr({ nodeName: "node-2", addresses: ["127.0.0.3"] });
 * const certPem = await signNodeCsr({
 *   caCertPem: ca.certPem,
 *   caKeyPem: ca.keyPem,
 *   csrPem,
 *   nodeName: "node-2",
 *   allowedAddresses: ["127.0.0.3"],
 *   allowedDnsNames: [],
 * });
 * console.log(certPem.startsWith("-----BEGIN CERTIFICATE-----")); // true
 * ```
 */
export async function signNodeCsr(
  options: SignNodeCsrOptions,
): Promise<string> {
  checkCommonName(options.nodeName, "node name");
  const caCert = parseCertificate(options.caCertPem, "CA certificate");
  const caKey = await importPrivateKeyPem(options.caKeyPem);
  const allowed = new Set([
    ...options.allowedDnsNames.map((n) => `dns:${canonicalDnsName(n)}`),
    ...options.allowedAddresses.map((a) => `ip:${canonicalAddress(a)}`),
  ]);
  const csr = await checkedCsr(options.csrPem);
  checkSubject(csr, options.nodeName);
  checkNoCaRights(csr);
  const names = requestedNames(csr, allowed);
  for (const added of options.addDnsNames ?? []) {
    const value = canonicalDnsName(added);
    if (!names.some((n) => n.type === "dns" && n.value === value)) {
      names.push({ type: "dns", value });
    }
  }

  const publicKey = csr.publicKey;
  const caKeyId = caCert.getExtension(x509.SubjectKeyIdentifierExtension)
    ?.keyId;
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerial(),
    subject: [{ CN: [options.nodeName] }],
    issuer: caCert.subjectName,
    ...validityPeriod(
      options.now ?? new Date(),
      options.validityDays ?? NODE_VALIDITY_DAYS,
      caCert.notAfter,
    ),
    publicKey,
    signingKey: caKey,
    signingAlgorithm: SIGNING_ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([
        ...(options.serverAuth === false
          ? []
          : [x509.ExtendedKeyUsage.serverAuth]),
        x509.ExtendedKeyUsage.clientAuth,
      ]),
      ...(names.length === 0
        ? []
        : [new x509.SubjectAlternativeNameExtension(names)]),
      await x509.SubjectKeyIdentifierExtension.create(publicKey),
      caKeyId
        ? new x509.AuthorityKeyIdentifierExtension(caKeyId)
        : await x509.AuthorityKeyIdentifierExtension.create(caCert.publicKey),
    ],
  });
  if (
    !await cert.verify({ publicKey: caCert.publicKey, signatureOnly: true })
  ) {
    throw new PkiError(
      "bad_key",
      "the CA key does not belong to the CA certificate",
    );
  }
  return withNewline(cert.toString("pem"));
}

/** The CSR in `pem`, parsed, with a P-256 key and a signature that verifies. */
async function checkedCsr(pem: string): Promise<x509.Pkcs10CertificateRequest> {
  let csr: x509.Pkcs10CertificateRequest;
  try {
    const blocks = x509.PemConverter.decodeWithHeaders(pem);
    if (blocks.length !== 1 || blocks[0].type !== "CERTIFICATE REQUEST") {
      throw new Error("not one CERTIFICATE REQUEST block");
    }
    csr = new x509.Pkcs10CertificateRequest(blocks[0].rawData);
  } catch (e) {
    throw new PkiError(
      "bad_csr",
      "the CSR is not one PEM block of type CERTIFICATE REQUEST",
      e,
    );
  }
  const algorithm = csr.publicKey.algorithm as EcKeyAlgorithm;
  if (algorithm.name !== "ECDSA" || algorithm.namedCurve !== "P-256") {
    throw new PkiError(
      "unsupported_key",
      "the CSR's key is not an ECDSA P-256 key",
    );
  }
  let verified = false;
  try {
    verified = await csr.verify();
  } catch (e) {
    throw new PkiError("bad_csr", "the CSR's signature cannot be checked", e);
  }
  if (!verified) {
    throw new PkiError("bad_csr", "the CSR's signature does not verify");
  }
  return csr;
}

/** Refuses a subject other than exactly `CN=<nodeName>`. */
function checkSubject(
  csr: x509.Pkcs10CertificateRequest,
  nodeName: string,
): void {
  const subject = csr.subjectName.toJSON();
  const cn = subject.length === 1 && Object.keys(subject[0]).length === 1
    ? subject[0].CN
    : undefined;
  if (cn?.length !== 1 || cn[0] !== nodeName) {
    throw new PkiError(
      "name_mismatch",
      `the CSR's subject ${quote(csr.subject)} is not ${
        quote(`CN=${nodeName}`)
      }`,
    );
  }
}

/** Refuses a CSR that asks for CA rights. */
function checkNoCaRights(csr: x509.Pkcs10CertificateRequest): void {
  for (const ext of csr.getExtensions(BASIC_CONSTRAINTS)) {
    if (reparse(ext, x509.BasicConstraintsExtension).ca) {
      throw new PkiError(
        "ca_requested",
        "the CSR asks for CA rights (basicConstraints CA:true)",
      );
    }
  }
  const signing = x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign;
  for (const ext of csr.getExtensions(KEY_USAGE)) {
    if (reparse(ext, x509.KeyUsagesExtension).usages & signing) {
      throw new PkiError(
        "ca_requested",
        "the CSR asks for CA rights (keyUsage keyCertSign or cRLSign)",
      );
    }
  }
}

/** The CSR's subject alternative names, each one in `allowed`. */
function requestedNames(
  csr: x509.Pkcs10CertificateRequest,
  allowed: ReadonlySet<string>,
): x509.JsonGeneralName[] {
  const names: x509.JsonGeneralName[] = [];
  const seen = new Set<string>();
  for (const ext of csr.getExtensions(SUBJECT_ALT_NAME)) {
    for (
      const { type, value } of reparse(
        ext,
        x509.SubjectAlternativeNameExtension,
      ).names.toJSON()
    ) {
      let key: string | undefined;
      try {
        if (type === "dns") key = `dns:${canonicalDnsName(value)}`;
        if (type === "ip") key = `ip:${canonicalAddress(value)}`;
      } catch {
        key = undefined;
      }
      if (key === undefined || !allowed.has(key)) {
        throw new PkiError(
          "san_not_allowed",
          `the CSR asks for the name ${type}:${
            quote(value)
          }, which this node may not have`,
        );
      }
      if (seen.has(key)) continue;
      seen.add(key);
      names.push({ type, value: key.slice(key.indexOf(":") + 1) });
    }
  }
  return names;
}

/** `ext` read again as `type`; a malformed one is a `pki.bad_csr`. */
function reparse<T extends x509.Extension>(
  ext: x509.Extension,
  type: new (raw: BufferSource) => T,
): T {
  try {
    return new type(ext.rawData);
  } catch (e) {
    throw new PkiError(
      "bad_csr",
      `the CSR has a malformed extension ${ext.type}`,
      e,
    );
  }
}
