import { assertEquals } from "../assert.ts";
import {
  credentialSha256,
  isAdminCredential,
  newAdminCredential,
} from "../../src/katconfig/credential.ts";

Deno.test("an administrator's credential is kat- and 64 lowercase hex digits, new every time", () => {
  const made = new Set(Array.from({ length: 100 }, newAdminCredential));
  assertEquals(made.size, 100);
  for (const c of made) {
    assertEquals(/^kat-[0-9a-f]{64}$/.test(c), true);
    assertEquals(isAdminCredential(c), true);
  }
  assertEquals(isAdminCredential(`kat-${"AB".repeat(32)}`), false);
  assertEquals(isAdminCredential(`kat-${"ab".repeat(31)}`), false);
});

Deno.test("the leader keeps the hex SHA-256 of the credential's bytes", async () => {
  const credential = `kat-${"00".repeat(32)}`;
  const expected = new TextDecoder().decode(
    (await new Deno.Command("sh", {
      args: ["-c", `printf %s '${credential}' | sha256sum | cut -c1-64`],
      stdout: "piped",
    }).output()).stdout,
  ).trim();
  assertEquals(await credentialSha256(credential), expected);
  assertEquals(expected.length, 64);
});
