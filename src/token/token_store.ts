/**
 * Join tokens in the cluster's state store: made by `kat-agent token create`,
 * consumed when a node joins.
 *
 * | key                | value                                         |
 * | ------------------ | --------------------------------------------- |
 * | `/kat/tokens/<id>` | a {@link TokenRecord} (JSON): secret's SHA-256, expiry, single-use flag |
 *
 * @module
 */
import type { StateStore, VersionCompare } from "../state/state_store.ts";
import { quote } from "../diagnostics/quote.ts";
import { generateToken, type JoinToken, parseToken } from "./token_format.ts";
import { TokenError } from "./token_error.ts";
import { fencedTxn } from "../state/fenced_txn.ts";
import {
  constantTimeEqual,
  decodeTokenRecord,
  encodeTokenRecord,
  hashSecret,
  type TokenRecord,
} from "./token_record.ts";

/**
 * Where token records live: `<prefix><id>`.
 *
 * @example
 * ```ts
 * import { TOKENS_PREFIX } from "./token_store.ts";
 * console.log(`${TOKENS_PREFIX}abcdef`); // "/kat/tokens/abcdef"
 * ```
 */
export const TOKENS_PREFIX = "/kat/tokens/";

/**
 * How long a token lasts unless told otherwise: 24 hours.
 *
 * @example
 * ```ts
 * import { DEFAULT_TOKEN_TTL_MS } from "./token_store.ts";
 * console.log(DEFAULT_TOKEN_TTL_MS / 3_600_000); // 24
 * ```
 */
export const DEFAULT_TOKEN_TTL_MS = 24 * 3_600_000;

/**
 * Options of {@link createToken}.
 *
 * @example
 * ```ts
 * import type { CreateTokenOptions } from "./token_store.ts";
 * const options: CreateTokenOptions = { ttlMs: 30 * 60_000, singleUse: true };
 * ```
 */
export interface CreateTokenOptions {
  /** How long the token is accepted, in ms (positive). Default: 24 hours. */
  ttlMs?: number;
  /** Accept it for one join only. Default: false (any number until expiry). */
  singleUse?: boolean;
  /** What it is for, kept in its record. Default: empty. */
  description?: string;
  /** The current time. Default: `new Date()`. */
  now?: Date;
  /**
   * A compare that must hold for the token to be stored (the leader's
   * election key). Default: none.
   */
  fence?: VersionCompare;
}

/**
 * A token just made: its text (shown once, stored nowhere) and its record.
 *
 * @example
 * ```ts
 * import type { CreatedToken } from "./token_store.ts";
 * function show(t: CreatedToken) {
 *   return `${t.token.text} (expires ${t.record.expiresAt})`;
 * }
 * ```
 */
export interface CreatedToken {
  /** The token. */
  token: JoinToken;
  /** What the store holds for it. */
  record: TokenRecord;
}

/** The time `ms` from `now`, in RFC 3339. */
function after(now: Date, ms: number): string {
  return new Date(now.getTime() + ms).toISOString();
}

/**
 * Makes a token and stores its record under `/kat/tokens/<id>`, created only
 * if no token has that ID (another ID is drawn when one has).
 *
 * @example
 * ```ts
 * import { createToken } from "./token_store.ts";
 * import type { StateStore, VersionCompare } from "../state/state_store.ts";
 * declare const store: StateStore;
 * const { token, record } = await createToken(store, { ttlMs: 3_600_000, singleUse: true });
 * console.log(`kat-agent join --token ${token.text} …  # until ${record.expiresAt}`);
 * ```
 */
export async function createToken(
  store: StateStore,
  options: CreateTokenOptions = {},
): Promise<CreatedToken> {
  const ttlMs = options.ttlMs ?? DEFAULT_TOKEN_TTL_MS;
  if (!Number.isFinite(ttlMs) || ttlMs <= 0) {
    throw new TokenError(
      "invalid_ttl",
      `a token's TTL must be positive, not ${ttlMs} ms`,
    );
  }
  const now = options.now ?? new Date();
  for (;;) {
    const token = generateToken();
    const record: TokenRecord = {
      secretSha256: await hashSecret(token.secret),
      createdAt: now.toISOString(),
      expiresAt: after(now, ttlMs),
      singleUse: options.singleUse ?? false,
      description: options.description ?? "",
    };
    const key = TOKENS_PREFIX + token.id;
    const r = await fencedTxn(
      store,
      {
        compare: [{ key, version: 0 }],
        success: [{ op: "put", key, value: encodeTokenRecord(record) }],
      },
      options.fence,
      "storing the token",
      () =>
        new TokenError(
          "not_leader",
          "the token was not stored: this node no longer leads the cluster",
        ),
    );
    if (r.succeeded) return { token, record };
    // 36^6 IDs: a clash is rare, and the next draw is another ID.
  }
}

/**
 * Options of {@link consumeToken} and {@link pruneExpiredTokens}.
 *
 * @example
 * ```ts
 * import type { TokenClockOptions } from "./token_store.ts";
 * const options: TokenClockOptions = { now: new Date("2025-01-01T00:00:00Z") };
 * ```
 */
export interface TokenClockOptions {
  /** The current time. Default: `new Date()`. */
  now?: Date;
}

/**
 * Options of {@link consumeToken}.
 *
 * @example
 * ```ts
 * import type { ConsumeTokenOptions } from "./token_store.ts";
 * const options: ConsumeTokenOptions = { checkOnly: true };
 * ```
 */
export interface ConsumeTokenOptions extends TokenClockOptions {
  /**
   * A compare that must hold for a single-use token to be marked used (the
   * leader's election key). Default: none.
   */
  fence?: VersionCompare;
  /**
   * Only check the token: refuse it as a join would, but never mark a
   * single-use token used (the caller consumes it once everything else has
   * been checked). Default: false.
   */
  checkOnly?: boolean;
}

/** A hash no secret has, compared against when the ID is unknown. */
const NO_HASH = "0".repeat(64);

/**
 * Accepts `text` for one join, or throws a {@link TokenError}:
 * `malformed` (not `ID.SECRET`), `unknown` (no such ID, or the secret does
 * not match: the two are not told apart), `expired`, or `used` (a
 * single-use token already used). The secret's hash is compared in constant
 * time. A single-use token is marked used in a transaction conditional on
 * the version read, so of two concurrent joins with it exactly one succeeds.
 * Resolves to the token's record.
 *
 * @example
 * ```ts
 * import { consumeToken } from "./token_store.ts";
 * import type { StateStore, VersionCompare } from "../state/state_store.ts";
 * declare const store: StateStore;
 * const record = await consumeToken(store, "abcdef.0123456789abcdef");
 * console.log(record.singleUse);
 * ```
 */
export async function consumeToken(
  store: StateStore,
  text: string,
  options: ConsumeTokenOptions = {},
): Promise<TokenRecord> {
  const { id, secret } = parseToken(text);
  const now = options.now ?? new Date();
  const hash = await hashSecret(secret);
  const key = TOKENS_PREFIX + id;
  const name = quote(id);
  let entry = await store.get(key);
  // Every failed round means the record changed under us; the only changes
  // after creation are terminal (marked used, deleted), so this ends.
  for (;;) {
    const record = entry ? decodeTokenRecord(entry.value, id) : undefined;
    const matches = constantTimeEqual(hash, record?.secretSha256 ?? NO_HASH);
    if (!entry || !record || !matches) {
      throw new TokenError(
        "unknown",
        `token ${name} is unknown or its secret is wrong; make a new one with kat-agent token create`,
      );
    }
    if (Date.parse(record.expiresAt) <= now.getTime()) {
      throw new TokenError(
        "expired",
        `token ${name} expired at ${record.expiresAt}; make a new one with kat-agent token create`,
      );
    }
    if (!record.singleUse) return record;
    if (record.usedAt !== undefined) {
      throw new TokenError(
        "used",
        `token ${name} was for a single join and was used at ${record.usedAt}`,
      );
    }
    if (options.checkOnly) return record;
    const used: TokenRecord = { ...record, usedAt: now.toISOString() };
    const r = await fencedTxn(
      store,
      {
        compare: [{ key, version: entry.version }],
        success: [{ op: "put", key, value: encodeTokenRecord(used) }],
        failure: [{ op: "get", key }],
      },
      options.fence,
      "using the token",
      () =>
        new TokenError(
          "not_leader",
          "the token was not used: this node no longer leads the cluster",
        ),
    );
    if (r.succeeded) return used;
    const [fresh] = r.results;
    entry = fresh?.op === "get" ? fresh.entry : await store.get(key);
  }
}

/**
 * Deletes the records of tokens that expired at or before `now` and of
 * single-use tokens already used; resolves to how many it deleted. A record
 * that changes meanwhile is left alone, and unreadable records are kept (for
 * someone to look at).
 *
 * @example
 * ```ts
 * import { pruneExpiredTokens } from "./token_store.ts";
 * import type { StateStore, VersionCompare } from "../state/state_store.ts";
 * declare const store: StateStore;
 * console.log(await pruneExpiredTokens(store)); // 0
 * ```
 */
export async function pruneExpiredTokens(
  store: StateStore,
  options: TokenClockOptions = {},
): Promise<number> {
  const now = (options.now ?? new Date()).getTime();
  const { entries } = await store.list(TOKENS_PREFIX);
  let deleted = 0;
  for (const entry of entries) {
    let record: TokenRecord;
    try {
      record = decodeTokenRecord(
        entry.value,
        entry.key.slice(TOKENS_PREFIX.length),
      );
    } catch {
      continue;
    }
    if (record.usedAt === undefined && Date.parse(record.expiresAt) > now) {
      continue;
    }
    const r = await store.txn({
      compare: [{ key: entry.key, version: entry.version }],
      success: [{ op: "delete", key: entry.key }],
    });
    if (r.succeeded) deleted++;
  }
  return deleted;
}
