/**
 * The X.509 library, loaded once with what it needs: `reflect-metadata`
 * before it, and the runtime's WebCrypto as its provider. Every file of the
 * PKI layer imports `@peculiar/x509` through this one.
 *
 * @module
 */
import "reflect-metadata";
import * as x509 from "@peculiar/x509";

x509.cryptoProvider.set(globalThis.crypto);

export { x509 };

/**
 * The key algorithm of every key the cluster makes: ECDSA on P-256.
 *
 * @example
 * ```ts
 * import { KEY_ALGORITHM } from "./x509.ts";
 * console.log(KEY_ALGORITHM.namedCurve); // "P-256"
 * ```
 */
export const KEY_ALGORITHM: EcKeyGenParams = {
  name: "ECDSA",
  namedCurve: "P-256",
};

/**
 * The signature algorithm of every CSR and certificate: ECDSA with SHA-256.
 *
 * @example
 * ```ts
 * import { SIGNING_ALGORITHM } from "./x509.ts";
 * console.log(SIGNING_ALGORITHM.hash); // "SHA-256"
 * ```
 */
export const SIGNING_ALGORITHM: EcdsaParams = {
  name: "ECDSA",
  hash: "SHA-256",
};
