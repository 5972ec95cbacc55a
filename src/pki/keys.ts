/**
 * Key pairs of the cluster (ECDSA P-256) and their PKCS#8 PEM form.
 *
 * @module
 */
import { PkiError } from "./pki_error.ts";
import { KEY_ALGORITHM, x509 } from "./x509.ts";

/**
 * A new ECDSA P-256 key pair whose private key can be exported.
 *
 * @example
 * ```ts
 * import { generateKeyPair } from "./keys.ts";
 * const keys = await generateKeyPair();
 * console.log(keys.privateKey.type); // "private"
 * ```
 */
export function generateKeyPair(): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey(KEY_ALGORITHM, true, ["sign", "verify"]);
}

/**
 * A private key as PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`), which
 * `openssl pkey` reads.
 *
 * @example
 * ```ts
 * import { generateKeyPair, privateKeyPem } from "./keys.ts";
 * const pem = await privateKeyPem((await generateKeyPair()).privateKey);
 * console.log(pem.startsWith("-----BEGIN PRIVATE KEY-----")); // true
 * ```
 */
export async function privateKeyPem(key: CryptoKey): Promise<string> {
  const der = await crypto.subtle.exportKey("pkcs8", key);
  return withNewline(x509.PemConverter.encode(der, "PRIVATE KEY"));
}

/**
 * The ECDSA P-256 signing key in a PKCS#8 PEM text (not extractable unless
 * `extractable`); a {@link PkiError} `pki.bad_key` when the text is not one.
 *
 * @example
 * ```ts
 * import { generateKeyPair, importPrivateKeyPem, privateKeyPem } from "./keys.ts";
 * const pem = await privateKeyPem((await generateKeyPair()).privateKey);
 * console.log((await importPrivateKeyPem(pem)).usages); // ["sign"]
 * ```
 */
export async function importPrivateKeyPem(
  pem: string,
  extractable = false,
): Promise<CryptoKey> {
  let der: ArrayBuffer;
  try {
    const blocks = x509.PemConverter.decodeWithHeaders(pem);
    if (blocks.length !== 1 || blocks[0].type !== "PRIVATE KEY") {
      throw new Error("not one PRIVATE KEY block");
    }
    der = blocks[0].rawData;
  } catch (e) {
    throw new PkiError(
      "bad_key",
      "the private key is not one PEM block of type PRIVATE KEY (PKCS#8)",
      e,
    );
  }
  try {
    return await crypto.subtle.importKey(
      "pkcs8",
      der,
      KEY_ALGORITHM,
      extractable,
      ["sign"],
    );
  } catch (e) {
    throw new PkiError(
      "bad_key",
      "the private key is not an ECDSA P-256 key in PKCS#8",
      e,
    );
  }
}

/**
 * `pem` ending in exactly one newline, as PEM files usually do.
 *
 * @example
 * ```ts
 * import { withNewline } from "./keys.ts";
 * console.log(withNewline("a\r\nb")); // "a\nb\n"
 * ```
 */
export function withNewline(pem: string): string {
  return pem.replace(/\r\n/g, "\n").replace(/\n*$/, "\n");
}
