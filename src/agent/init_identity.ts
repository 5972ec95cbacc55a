/**
 * The identity of the node that runs `kat-agent init`: the cluster CA (made
 * by the first `init`, with its key, kept in `D/pki/`) and the node's own
 * certificate, signed by it. Read again on every start; never made twice.
 *
 * @module
 */
import { caCertHash } from "../pki/ca_cert_hash.ts";
import { parseCertificate } from "../pki/certificate.ts";
import { createClusterCa } from "../pki/cluster_ca.ts";
import { createNodeKeyAndCsr } from "../pki/node_csr.ts";
import { PkiError } from "../pki/pki_error.ts";
import {
  type PkiFiles,
  readPkiFiles,
  writePkiFiles,
} from "../pki/pki_files.ts";
import { signNodeCsr } from "../pki/sign_node_csr.ts";
import { canonicalAddress } from "../pki/names.ts";
import { x509 } from "../pki/x509.ts";
import { ETCD_MEMBER_NAME } from "../state/etcd_members.ts";

/**
 * A leader candidate's PKI files, with the CA's key, and the CA's hash.
 *
 * @example
 * ```ts
 * import type { InitIdentity } from "./init_identity.ts";
 * declare const identity: InitIdentity;
 * console.log(identity.caHash, identity.created);
 * ```
 */
export interface InitIdentity {
  /** `D/pki/`'s files; `caKey` is always there. */
  files: PkiFiles & { caKey: string };
  /** `sha256:HEX` of the CA. */
  caHash: string;
  /** Whether this start made them. */
  created: boolean;
}

/** A refusal to use the identity found in `D/pki/`. */
function mismatch(message: string): PkiError {
  return new PkiError("identity_mismatch", message);
}

/** The IP addresses in a certificate's subject alternative names. */
/**
 * This node's certificate from `ca`: its name and the name etcd's members
 * share, its address; with `existingKeyPem`, for that key.
 */
async function signedNodeCert(
  ca: { certPem: string; keyPem: string },
  options: { nodeName: string; advertiseAddress: string },
  existingKeyPem?: string,
): Promise<{ certPem: string; keyPem: string }> {
  const dnsNames = [options.nodeName, ETCD_MEMBER_NAME];
  const node = await createNodeKeyAndCsr({
    nodeName: options.nodeName,
    addresses: [options.advertiseAddress],
    dnsNames,
    existingKeyPem,
  });
  const certPem = await signNodeCsr({
    caCertPem: ca.certPem,
    caKeyPem: ca.keyPem,
    csrPem: node.csrPem,
    nodeName: options.nodeName,
    allowedAddresses: [options.advertiseAddress],
    allowedDnsNames: dnsNames,
  });
  return { certPem, keyPem: node.keyPem };
}

function dnsNamesOf(certPem: string): string[] {
  const san = parseCertificate(certPem, "node certificate").getExtension(
    x509.SubjectAlternativeNameExtension,
  );
  return (san?.names.items ?? []).filter((n) => n.type === "dns").map((n) =>
    n.value
  );
}

function addressesOf(certPem: string): string[] {
  const san = parseCertificate(certPem, "node certificate").getExtension(
    x509.SubjectAlternativeNameExtension,
  );
  return (san?.names.items ?? []).filter((n) => n.type === "ip").map((n) =>
    canonicalAddress(n.value)
  );
}

/**
 * The identity of the `init` node in data directory `dataDir`: read when
 * `D/pki/` holds it (the node certificate must be for `nodeName` and carry
 * `advertiseAddress`, and the CA's key must be there), else made: a new
 * cluster CA and the node's key and certificate (CN = node name, SANs: the
 * node name and the address).
 *
 * @example
 * ```ts
 * import { initIdentity } from "./init_identity.ts";
 * const id = await initIdentity("/var/lib/kat", {
 *   clusterName: "home", nodeName: "node-1", advertiseAddress: "10.0.0.1",
 * });
 * console.log(id.caHash);
 * ```
 */
export async function initIdentity(
  dataDir: string,
  options: { clusterName: string; nodeName: string; advertiseAddress: string },
): Promise<InitIdentity> {
  let files: PkiFiles | undefined;
  try {
    files = await readPkiFiles(dataDir);
  } catch (e) {
    if (!(e instanceof PkiError && e.reason === "missing_file")) throw e;
    try {
      await Deno.stat(`${dataDir}/pki/ca.crt`);
      throw e; // a part is there and a part is missing: not made anew
    } catch (missing) {
      if (!(missing instanceof Deno.errors.NotFound)) throw missing;
    }
  }
  if (files) {
    const pki = `${dataDir}/pki`;
    if (files.caKey === undefined) {
      throw mismatch(
        `${pki}/ca.key is missing: kat-agent init needs the cluster CA's key (this data directory is a joined node's: use kat-agent join)`,
      );
    }
    const subject = parseCertificate(files.nodeCert, "node certificate")
      .subject;
    if (subject !== `CN=${options.nodeName}`) {
      throw mismatch(
        `${pki}/node.crt is for ${subject}, not CN=${options.nodeName}: give --node-name as at the first init`,
      );
    }
    const address = canonicalAddress(options.advertiseAddress);
    if (!addressesOf(files.nodeCert).includes(address)) {
      throw mismatch(
        `${pki}/node.crt does not name ${address} (it names ${
          addressesOf(files.nodeCert).join(", ") || "no address"
        }): give --advertise-address as at the first init`,
      );
    }
    if (!dnsNamesOf(files.nodeCert).includes(ETCD_MEMBER_NAME)) {
      // Made before members shared a name: signed again, with the same key.
      const again = await signedNodeCert(
        { certPem: files.caCert, keyPem: files.caKey },
        options,
        files.nodeKey,
      );
      files = { ...files, nodeCert: again.certPem };
      await writePkiFiles(dataDir, files);
    }
    return {
      files: { ...files, caKey: files.caKey! },
      caHash: await caCertHash(files.caCert),
      created: false,
    };
  }
  const ca = await createClusterCa({ clusterName: options.clusterName });
  const node = await signedNodeCert(ca, options);
  const made = {
    caCert: ca.certPem,
    caKey: ca.keyPem,
    nodeCert: node.certPem,
    nodeKey: node.keyPem,
  };
  await writePkiFiles(dataDir, made);
  return { files: made, caHash: await caCertHash(ca.certPem), created: true };
}
