import { assertEquals, assertRejects } from "../assert.ts";
import { tempDir } from "../helpers.ts";
import { resolveKatconfigPath } from "../../src/katconfig/katconfig_path.ts";
import { KatconfigError } from "../../src/katconfig/katconfig_error.ts";

const HOW =
  "kat-agent init writes the administrator's katconfig to D/admin.katconfig (D: its --data-dir): give that with --katconfig or $KATCONFIG, or copy it to ~/.kat/config (mode 0600)";

/** A home with `.kat/config`, and two other katconfig files. */
async function files() {
  const home = await tempDir("home");
  await Deno.mkdir(`${home}/.kat`);
  for (const f of [".kat/config", "flag.katconfig", "env.katconfig"]) {
    await Deno.writeTextFile(`${home}/${f}`, "");
  }
  return home;
}

Deno.test("--katconfig wins over $KATCONFIG, which wins over ~/.kat/config", async () => {
  const home = await files();
  const env = (vars: Record<string, string>) => (n: string) => vars[n];
  assertEquals(
    await resolveKatconfigPath({
      flag: `${home}/flag.katconfig`,
      env: env({ KATCONFIG: `${home}/env.katconfig`, HOME: home }),
    }),
    { path: `${home}/flag.katconfig`, source: "--katconfig" },
  );
  assertEquals(
    await resolveKatconfigPath({
      env: env({ KATCONFIG: `${home}/env.katconfig`, HOME: home }),
    }),
    { path: `${home}/env.katconfig`, source: "$KATCONFIG" },
  );
  // An empty $KATCONFIG counts as unset; a slash after $HOME is not doubled.
  assertEquals(
    await resolveKatconfigPath({
      env: env({ KATCONFIG: "", HOME: `${home}/` }),
    }),
    { path: `${home}/.kat/config`, source: "~/.kat/config" },
  );
});

Deno.test("a katconfig path given that does not exist is an error that says what was tried and where one comes from", async () => {
  const home = await files();
  const missing = `${home}/none`;
  const tries: [Parameters<typeof resolveKatconfigPath>[0], string][] = [
    [
      {
        flag: missing,
        env: (n) => ({ HOME: home, KATCONFIG: `${home}/env.katconfig` })[n],
      },
      `no katconfig at "${missing}" (from --katconfig); ${HOW}`,
    ],
    [
      { env: (n) => ({ HOME: home, KATCONFIG: missing })[n] },
      `no katconfig at "${missing}" (from $KATCONFIG, --katconfig not given); ${HOW}`,
    ],
    [
      { env: (n) => ({ HOME: missing })[n] },
      `no katconfig at "${missing}/.kat/config" (--katconfig not given, $KATCONFIG not set); ${HOW}`,
    ],
    [
      { env: () => undefined },
      `no katconfig: --katconfig not given, $KATCONFIG and $HOME not set; ${HOW}`,
    ],
  ];
  for (const [options, message] of tries) {
    const e = await assertRejects(
      () => resolveKatconfigPath(options),
      KatconfigError,
    );
    assertEquals([e.code, e.message], ["katconfig.not_found", message]);
  }
});
