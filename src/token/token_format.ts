/**
 * The text of a join token: `ID.SECRET`, a 6-character ID and a 16-character
 * secret of `a-z0-9` (the shape of kubeadm's bootstrap tokens).
 *
 * @module
 */
import { quote } from "../diagnostics/quote.ts";
import { type RandomFill, randomText } from "./random_text.ts";
import { TokenError } from "./token_error.ts";

/**
 * The characters of a token's ID and secret.
 *
 * @example
 * ```ts
 * import { TOKEN_ALPHABET } from "./token_format.ts";
 * console.log(TOKEN_ALPHABET.length); // 36
 * ```
 */
export const TOKEN_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

/**
 * The length of a token's ID.
 *
 * @example
 * ```ts
 * import { TOKEN_ID_LENGTH } from "./token_format.ts";
 * console.log(TOKEN_ID_LENGTH); // 6
 * ```
 */
export const TOKEN_ID_LENGTH = 6;

/**
 * The length of a token's secret.
 *
 * @example
 * ```ts
 * import { TOKEN_SECRET_LENGTH } from "./token_format.ts";
 * console.log(TOKEN_SECRET_LENGTH); // 16
 * ```
 */
export const TOKEN_SECRET_LENGTH = 16;

const ID = /^[a-z0-9]{6}$/;
const SECRET = /^[a-z0-9]{16}$/;

/**
 * A join token, in parts and as text.
 *
 * @example
 * ```ts
 * import type { JoinToken } from "./token_format.ts";
 * const t: JoinToken = { id: "abcdef", secret: "0123456789abcdef", text: "abcdef.0123456789abcdef" };
 * ```
 */
export interface JoinToken {
  /** The public part, which names the token's record. */
  id: string;
  /** The secret part, stored only as its SHA-256. */
  secret: string;
  /** `ID.SECRET`. */
  text: string;
}

/**
 * A new random token: ID and secret drawn uniformly from
 * {@link TOKEN_ALPHABET} with `crypto.getRandomValues`.
 *
 * @param fill The source of random bytes (for tests). Default:
 * `crypto.getRandomValues`.
 *
 * @example
 * ```ts
 * import { generateToken } from "./token_format.ts";
 * const t = generateToken();
 * console.log(/^[a-z0-9]{6}\.[a-z0-9]{16}$/.test(t.text)); // true
 * ```
 */
export function generateToken(fill?: RandomFill): JoinToken {
  const id = randomText(TOKEN_ID_LENGTH, TOKEN_ALPHABET, fill);
  const secret = randomText(TOKEN_SECRET_LENGTH, TOKEN_ALPHABET, fill);
  return { id, secret, text: `${id}.${secret}` };
}

/**
 * Splits `text` into ID and secret, or throws a {@link TokenError} of reason
 * `malformed` saying which part is wrong. The message quotes the ID only when
 * it is a well-formed ID, and never any of the secret.
 *
 * @example
 * ```ts
 * import { parseToken } from "./token_format.ts";
 * console.log(parseToken("abcdef.0123456789abcdef").id); // "abcdef"
 * try {
 *   parseToken("abcdef.short");
 * } catch (e) {
 *   console.log((e as Error).message);
 *   // 'token "abcdef" is malformed: its secret must be 16 characters of a-z and 0-9'
 * }
 * ```
 */
export function parseToken(text: string): { id: string; secret: string } {
  const dot = text.indexOf(".");
  if (dot < 0) {
    throw new TokenError(
      "malformed",
      "the token is malformed: expected ID.SECRET (6 and 16 characters of a-z and 0-9)",
    );
  }
  const id = text.slice(0, dot);
  const secret = text.slice(dot + 1);
  if (!ID.test(id)) {
    throw new TokenError(
      "malformed",
      'the token is malformed: its ID (before the ".") must be 6 characters of a-z and 0-9',
    );
  }
  if (!SECRET.test(secret)) {
    throw new TokenError(
      "malformed",
      `token ${
        quote(id)
      } is malformed: its secret must be 16 characters of a-z and 0-9`,
    );
  }
  return { id, secret };
}
