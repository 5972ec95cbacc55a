/**
 * The errors of the form `<area>.<reason>`, as their callers meet them: the
 * same name, code, reason, cause and extra fields, in the same order of own
 * keys, and the same constructor parameters and field types (checked by
 * `deno check`: a `true` below stops compiling when a type changes).
 */
import { assertEquals, assertTrue } from "../assert.ts";
import { KatError } from "../../src/errors/kat_error.ts";
import { ReasonError } from "../../src/errors/reason_error.ts";
import {
  ArchiveError,
  type ArchiveErrorCode,
} from "../../src/archive/archive_error.ts";
import { WireError, type WireErrorCode } from "../../src/encode/wire_value.ts";
import { JoinError, type JoinErrorCode } from "../../src/join/join_error.ts";
import {
  KatconfigError,
  type KatconfigErrorReason,
} from "../../src/katconfig/katconfig_error.ts";
import {
  NodeRegistryError,
  type NodeRegistryErrorCode,
} from "../../src/nodes/node_error.ts";
import { PkiError, type PkiErrorCode } from "../../src/pki/pki_error.ts";
import {
  StateStoreError,
  type StateStoreErrorCode,
} from "../../src/state/state_store.ts";
import {
  TokenError,
  type TokenErrorCode,
} from "../../src/token/token_error.ts";

/** `true` when `A` and `B` are the same type, `false` otherwise. */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends
  (<T>() => T extends B ? 1 : 2) ? true : false;

/** What a test reads of an error. */
function surface(e: KatError & { reason: string }): unknown {
  return {
    name: e.name,
    code: e.code,
    reason: e.reason,
    message: e.message,
    keys: Reflect.ownKeys(e),
    hasCause: Object.hasOwn(e, "cause"),
    cause: e.cause,
    text: String(e),
    json: JSON.parse(JSON.stringify(e)),
  };
}

/** The surface of an error of `name`, `area` and `reason`, message `m`. */
function expected(
  name: string,
  area: string,
  reason: string,
  cause?: { value: unknown },
  extra: Record<string, unknown> = {},
): unknown {
  const keys = [
    "stack",
    "message",
    ...(cause ? ["cause"] : []),
    "code",
    "name",
    "reason",
    ...Object.keys(extra),
  ];
  const json: Record<string, unknown> = {
    code: `${area}.${reason}`,
    name,
    reason,
  };
  for (const [k, v] of Object.entries(extra)) {
    if (v !== undefined) json[k] = v;
  }
  return {
    name,
    code: `${area}.${reason}`,
    reason,
    message: "m",
    keys,
    hasCause: cause !== undefined,
    cause: cause?.value,
    text: `${name}: m`,
    json,
  };
}

Deno.test("each error of an area keeps its name, code, reason, cause and own keys", () => {
  const cases: [KatError & { reason: string }, unknown][] = [
    [new TokenError("used", "m"), expected("TokenError", "token", "used")],
    [new PkiError("bad_key", "m"), expected("PkiError", "pki", "bad_key")],
    [
      new PkiError("bad_key", "m", 1),
      expected("PkiError", "pki", "bad_key", { value: 1 }),
    ],
    [
      new StateStoreError("tls", "m"),
      expected("StateStoreError", "state", "tls", undefined, {
        quorumLost: false,
      }),
    ],
    [
      new StateStoreError("tls", "m", 2),
      expected("StateStoreError", "state", "tls", { value: 2 }, {
        quorumLost: false,
      }),
    ],
    [
      new StateStoreError("unavailable", "m", 2, { quorumLost: true }),
      expected("StateStoreError", "state", "unavailable", { value: 2 }, {
        quorumLost: true,
      }),
    ],
    [
      new NodeRegistryError("corrupt", "m"),
      expected("NodeRegistryError", "node", "corrupt"),
    ],
    [
      new KatconfigError("invalid", "m"),
      expected("KatconfigError", "katconfig", "invalid"),
    ],
    [
      new KatconfigError("invalid", "m", 3),
      expected("KatconfigError", "katconfig", "invalid", { value: 3 }),
    ],
    [new WireError("type", "m"), expected("WireError", "wire", "type")],
    [new WireError("type", "m", {}), expected("WireError", "wire", "type")],
    [
      new WireError("type", "m", { cause: 4 }),
      expected("WireError", "wire", "type", { value: 4 }),
    ],
    [
      new WireError("type", "m", { cause: undefined }),
      expected("WireError", "wire", "type", { value: undefined }),
    ],
    [
      new JoinError("refused", "m"),
      expected("JoinError", "join", "refused", undefined, { details: {} }),
    ],
    [
      new JoinError("refused", "m", { leaderCode: "token.expired" }),
      expected("JoinError", "join", "refused", undefined, {
        details: { leaderCode: "token.expired" },
      }),
    ],
    [
      new ArchiveError("empty", "m"),
      expected("ArchiveError", "archive", "empty", undefined, {
        entry: undefined,
      }),
    ],
    [
      new ArchiveError("unsafe_path", "m", "../x"),
      expected("ArchiveError", "archive", "unsafe_path", undefined, {
        entry: "../x",
      }),
    ],
  ];
  for (const [error, want] of cases) {
    assertEquals(surface(error), want, error.name);
    assertTrue(error instanceof KatError, error.name);
    assertTrue(error instanceof Error, error.name);
  }
});

Deno.test("each error of an area keeps its constructor and its field types", () => {
  const types: true[] = [
    true satisfies Same<
      ConstructorParameters<typeof TokenError>,
      [TokenErrorCode, string]
    >,
    true satisfies Same<TokenError["code"], `token.${TokenErrorCode}`>,
    true satisfies Same<TokenError["reason"], TokenErrorCode>,
    true satisfies Same<
      ConstructorParameters<typeof PkiError>,
      [PkiErrorCode, string, unknown?]
    >,
    true satisfies Same<PkiError["code"], `pki.${PkiErrorCode}`>,
    true satisfies Same<PkiError["reason"], PkiErrorCode>,
    true satisfies Same<
      ConstructorParameters<typeof StateStoreError>,
      [StateStoreErrorCode, string, unknown?, { quorumLost?: boolean }?]
    >,
    true satisfies Same<
      StateStoreError["code"],
      `state.${StateStoreErrorCode}`
    >,
    true satisfies Same<StateStoreError["reason"], StateStoreErrorCode>,
    true satisfies Same<
      ConstructorParameters<typeof NodeRegistryError>,
      [NodeRegistryErrorCode, string]
    >,
    true satisfies Same<
      NodeRegistryError["code"],
      `node.${NodeRegistryErrorCode}`
    >,
    true satisfies Same<NodeRegistryError["reason"], NodeRegistryErrorCode>,
    true satisfies Same<
      ConstructorParameters<typeof KatconfigError>,
      [KatconfigErrorReason, string, unknown?]
    >,
    true satisfies Same<
      KatconfigError["code"],
      `katconfig.${KatconfigErrorReason}`
    >,
    true satisfies Same<KatconfigError["reason"], KatconfigErrorReason>,
    true satisfies Same<
      ConstructorParameters<typeof WireError>,
      [WireErrorCode, string, { cause?: unknown }?]
    >,
    true satisfies Same<WireError["code"], `wire.${WireErrorCode}`>,
    true satisfies Same<WireError["reason"], WireErrorCode>,
    true satisfies Same<
      ConstructorParameters<typeof JoinError>,
      [JoinErrorCode, string, { leaderCode?: string; leaderUrl?: string }?]
    >,
    true satisfies Same<JoinError["code"], `join.${JoinErrorCode}`>,
    true satisfies Same<JoinError["reason"], JoinErrorCode>,
    true satisfies Same<
      JoinError["details"],
      { leaderCode?: string; leaderUrl?: string }
    >,
    true satisfies Same<
      ConstructorParameters<typeof ArchiveError>,
      [ArchiveErrorCode, string, string?]
    >,
    true satisfies Same<ArchiveError["code"], `archive.${ArchiveErrorCode}`>,
    true satisfies Same<ArchiveError["reason"], ArchiveErrorCode>,
    true satisfies Same<ArchiveError["entry"], string | undefined>,
  ];
  assertEquals(types.length, 26);
});

Deno.test("a ReasonError's code is its area and reason, and it is a KatError", () => {
  class DemoError extends ReasonError<"demo", "a" | "b"> {
    override name = "DemoError";
  }
  const plain = new DemoError("demo", "b", "m");
  const caused = new DemoError("demo", "a", "m", { cause: 5 });
  assertEquals(surface(plain), expected("DemoError", "demo", "b"));
  assertEquals(
    surface(caused),
    expected("DemoError", "demo", "a", { value: 5 }),
  );
  assertTrue(plain instanceof ReasonError && plain instanceof KatError);
  const code: "demo.a" | "demo.b" = plain.code;
  const reason: "a" | "b" = plain.reason;
  // @ts-expect-error a reason that is not one
  const bad = new DemoError("demo", "c", "m");
  // @ts-expect-error another area
  const other = new DemoError("other", "a", "m");
  assertEquals([code, reason, bad.code, other.code], [
    "demo.b",
    "b",
    "demo.c",
    "other.a",
  ]);
});
