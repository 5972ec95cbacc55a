import { assertEquals } from "../assert.ts";
import {
  constantTimeEqual,
  decodeTokenRecord,
  encodeTokenRecord,
  hashSecret,
  type TokenRecord,
} from "../../src/token/token_record.ts";
import { TokenError } from "../../src/token/token_error.ts";

const RECORD: TokenRecord = {
  secretSha256: "ab".repeat(32),
  createdAt: "2030-01-01T00:00:00.000Z",
  expiresAt: "2030-01-02T00:00:00.000Z",
  singleUse: false,
  description: "",
};

Deno.test("hashSecret: SHA-256 in lower-case hex", async () => {
  assertEquals(
    await hashSecret("0123456789abcdef"),
    "9f9f5111f7b27a781f1f1ddde5ebc2dd2b796bfc7365c9c28b548e564176929f",
  );
});

Deno.test("constantTimeEqual: equal only when every character and the length match", () => {
  assertEquals(constantTimeEqual("abc", "abc"), true);
  assertEquals(constantTimeEqual("abc", "abd"), false);
  assertEquals(constantTimeEqual("abc", "xbc"), false);
  assertEquals(constantTimeEqual("abc", "abcd"), false);
  assertEquals(constantTimeEqual("", ""), true);
});

Deno.test("decodeTokenRecord: a record round-trips; anything else is corrupt", () => {
  assertEquals(decodeTokenRecord(encodeTokenRecord(RECORD), "abcdef"), RECORD);
  const used = { ...RECORD, usedAt: "2030-01-01T01:00:00.000Z" };
  assertEquals(decodeTokenRecord(encodeTokenRecord(used), "abcdef"), used);
  const bad: unknown[] = [
    null,
    [],
    { ...RECORD, secretSha256: "AB".repeat(32) },
    { ...RECORD, secretSha256: "ab" },
    { ...RECORD, expiresAt: "tomorrow" },
    { ...RECORD, createdAt: undefined },
    { ...RECORD, singleUse: "no" },
    { ...RECORD, description: 1 },
    { ...RECORD, usedAt: "" },
  ];
  const bytes = bad.map((v) => new TextEncoder().encode(JSON.stringify(v)));
  bytes.push(new Uint8Array([0xff, 0x7b]));
  for (const b of bytes) {
    try {
      decodeTokenRecord(b, "abcdef");
      throw new Error(`taken: ${new TextDecoder().decode(b)}`);
    } catch (e) {
      if (!(e instanceof TokenError)) throw e;
      assertEquals(e.code, "token.corrupt");
    }
  }
});
