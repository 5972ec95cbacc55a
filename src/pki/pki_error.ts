/**
 * The one error type of the PKI layer.
 *
 * @module
 */
import { ReasonError } from "../errors/reason_error.ts";

/**
 * Why a PKI operation was refused; stable, unlike the message. As an error's
 * `code`, it reads `pki.<reason>`.
 *
 * - `bad_csr`: the CSR is not PEM/DER a CSR, or its signature does not verify;
 * - `unsupported_key`: a key that is not ECDSA P-256;
 * - `name_mismatch`: the CSR's subject is not exactly `CN=<node name>`;
 * - `ca_requested`: the CSR asks for CA rights (basicConstraints CA:true, or
 *   keyUsage keyCertSign or cRLSign);
 * - `san_not_allowed`: the CSR asks for a subject alternative name the
 *   signer would not put in itself;
 * - `bad_name`: an empty or unusable cluster name, node name or DNS name;
 * - `bad_address`: an address that is not an IPv4 or IPv6 address;
 * - `bad_certificate`: text that is not a PEM certificate;
 * - `bad_key`: text that is not a PKCS#8 PEM private key;
 * - `bad_ca_hash`: a CA hash that is not `sha256:` and 64 lowercase hex digits;
 * - `missing_file`: a file of `D/pki/` is not there;
 * - `key_exposed`: a private key file that its group or others may read;
 * - `identity_mismatch`: `D/pki/` holds an identity for another node name
 *   or address, or lacks the CA key `init` needs.
 *
 * @example
 * ```ts
 * import type { PkiErrorCode } from "./pki_error.ts";
 * const code: PkiErrorCode = "name_mismatch";
 * ```
 */
export type PkiErrorCode =
  | "bad_csr"
  | "unsupported_key"
  | "name_mismatch"
  | "ca_requested"
  | "san_not_allowed"
  | "bad_name"
  | "bad_address"
  | "bad_certificate"
  | "bad_key"
  | "bad_ca_hash"
  | "missing_file"
  | "key_exposed"
  | "identity_mismatch";

/**
 * A refusal of the PKI layer: a CSR the cluster CA will not sign, a malformed
 * certificate, key or CA hash, or a key file others could read. `code` is
 * `pki.<reason>`; the message is one plain line.
 *
 * @example
 * ```ts
 * import { KatError } from "../errors/kat_error.ts";
 * import { PkiError } from "./pki_error.ts";
 * const e = new PkiError("ca_requested", "the CSR asks for CA rights");
 * console.log(e instanceof KatError, e.code, e.reason); // true "pki.ca_requested" "ca_requested"
 * ```
 */
export class PkiError extends ReasonError<"pki", PkiErrorCode> {
  /** Always `PkiError`. */
  override name = "PkiError";

  /** An error of `reason` with `message`; `cause` is the underlying error. */
  constructor(reason: PkiErrorCode, message: string, cause?: unknown) {
    super("pki", reason, message, cause === undefined ? undefined : { cause });
  }
}
