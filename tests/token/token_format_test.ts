import { assertEquals, assertTrue } from "../assert.ts";
import {
  generateToken,
  parseToken,
  TOKEN_ALPHABET,
} from "../../src/token/token_format.ts";
import { randomText } from "../../src/token/random_text.ts";
import { TokenError } from "../../src/token/token_error.ts";

/** The error `fn` throws, as `[code, message]`. */
function refusal(fn: () => unknown): [string, string] {
  try {
    fn();
  } catch (e) {
    assertTrue(e instanceof TokenError, `expected a TokenError, got ${e}`);
    return [e.code, e.message];
  }
  throw new Error("expected a TokenError");
}

Deno.test("generateToken: ID.SECRET of 6 and 16 characters of a-z0-9, parsed back", () => {
  const seen = new Set<string>();
  for (let i = 0; i < 200; i++) {
    const t = generateToken();
    assertTrue(/^[a-z0-9]{6}\.[a-z0-9]{16}$/.test(t.text), t.text);
    assertEquals(t.text, `${t.id}.${t.secret}`);
    assertEquals(parseToken(t.text), { id: t.id, secret: t.secret });
    seen.add(t.text);
  }
  assertEquals(seen.size, 200);
});

Deno.test("randomText: bytes 252..255 are rejected, others taken modulo 36", () => {
  // 36 * 7 = 252: bytes from 252 would favour a..d, so they are drawn again.
  const stream = [252, 253, 254, 255, 0, 35, 36, 251, 255, 71];
  const fill = (bytes: Uint8Array) => {
    for (let i = 0; i < bytes.length; i++) bytes[i] = stream.shift() ?? 0;
    return bytes;
  };
  assertEquals(randomText(5, TOKEN_ALPHABET, fill), "a9a99");
});

Deno.test("randomText: a fill of only rejected bytes is drawn again until it gives", () => {
  let calls = 0;
  const fill = (bytes: Uint8Array) => {
    bytes.fill(calls++ < 3 ? 255 : 1);
    return bytes;
  };
  assertEquals(randomText(3, TOKEN_ALPHABET, fill), "bbb");
  assertEquals(calls, 4);
});

Deno.test("randomText: characters are close to uniform", () => {
  const text = randomText(36 * 2000, TOKEN_ALPHABET);
  const counts = new Map<string, number>();
  for (const c of text) counts.set(c, (counts.get(c) ?? 0) + 1);
  assertEquals(counts.size, 36);
  for (const [c, n] of counts) {
    // Mean 2000, standard deviation about 44: 300 is over six of them.
    assertTrue(Math.abs(n - 2000) < 300, `${c}: ${n}`);
  }
});

Deno.test("parseToken: malformed tokens say which part is wrong", () => {
  const noDot =
    "the token is malformed: expected ID.SECRET (6 and 16 characters of a-z and 0-9)";
  const badId =
    'the token is malformed: its ID (before the ".") must be 6 characters of a-z and 0-9';
  const badSecret =
    'token "abcdef" is malformed: its secret must be 16 characters of a-z and 0-9';
  const cases: [string, string][] = [
    ["", noDot],
    ["abcdef0123456789abcdef", noDot],
    [".0123456789abcdef", badId],
    ["abcde.0123456789abcdef", badId],
    ["abcdefg.0123456789abcdef", badId],
    ["ABCDEF.0123456789abcdef", badId],
    ["abc-ef.0123456789abcdef", badId],
    ["abcdef.", badSecret],
    ["abcdef.0123456789abcde", badSecret],
    ["abcdef.0123456789abcdef0", badSecret],
    ["abcdef.0123456789ABCDEF", badSecret],
    ["abcdef.0123456789abcdef\n", badSecret],
    ["abcdef.0123456789.abcdef", badSecret],
    [" abcdef.0123456789abcdef", badId],
  ];
  for (const [text, message] of cases) {
    assertEquals(
      refusal(() => parseToken(text)),
      ["token.malformed", message],
      text,
    );
  }
});

Deno.test("parseToken: no message quotes the secret part", () => {
  for (
    const text of [
      "zzzzzzqqqqqqqqqqqqqqqq",
      "zz.qqqqqqqqqqqqqqqq",
      "zzzzzz.qqqqqqqqqqqqqqqqq",
      "zzzzzz.qqqqqqqqqqqqqqq",
      "Zzzzzz.qqqqqqqqqqqqqqqq",
    ]
  ) {
    const [, message] = refusal(() => parseToken(text));
    assertTrue(!message.includes("qq"), message);
  }
});
