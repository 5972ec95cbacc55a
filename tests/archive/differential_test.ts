import { assertEquals } from "../assert.ts";
import {
  base64,
  differential,
  judge,
  type Ours,
  ours,
  unbase64,
} from "./differential/differential.ts";
import { gzip, tar } from "./differential/build.ts";
import { HOSTILE, realArchives } from "./differential/hostile.ts";
import { mutatedArchives } from "./differential/mutate.ts";
import {
  extractWithReferences,
  requireReferences,
} from "./differential/reference.ts";
import regressions from "./differential/regressions.json" with {
  type: "json",
};

/** Archives on which we once disagreed with a reference. */
const REGRESSIONS: { name: string; base64: string }[] = regressions;

Deno.test("the references are here: GNU tar and Python with tarfile filters", async () => {
  // Throws one line naming what is missing.
  await requireReferences();
});

Deno.test("hostile archives: each is refused or read as the contract says", async () => {
  const wrong: string[] = [];
  for (const c of HOSTILE) {
    const o = await ours(await c.make());
    const got = o.refused ? o.code : Object.keys(o.files).sort();
    if (JSON.stringify(got) !== JSON.stringify(c.expect)) {
      wrong.push(
        `${c.group}: ${c.name}: expected ${JSON.stringify(c.expect)}, got ${
          JSON.stringify(got)
        }${o.refused ? ` (${o.message})` : ""}`,
      );
    }
  }
  assertEquals(wrong, []);
});

Deno.test("archives GNU tar, Python and git write are read whole", async () => {
  const real = await realArchives();
  assertEquals(real.map((r) => r.name), [
    "GNU tar --format=gnu",
    "GNU tar --format=oldgnu",
    "GNU tar --format=pax",
    "GNU tar --format=posix",
    "Python tarfile GNU_FORMAT",
    "Python tarfile PAX_FORMAT",
    "git archive",
  ]);
  for (const r of real) {
    const o = await ours(r.archive);
    assertEquals(
      [r.name, o.refused ? o.message : Object.keys(o.files).sort()],
      [r.name, r.expect],
    );
  }
});

Deno.test({
  name:
    "differential: hostile, real-tool and regression archives are refused or extracted alike by GNU tar and Python",
  async fn() {
    const named: { name: string; archive: Uint8Array }[] = [];
    for (const c of HOSTILE) {
      named.push({ name: `${c.group}: ${c.name}`, archive: await c.make() });
    }
    for (const r of await realArchives()) named.push(r);
    for (const r of REGRESSIONS) {
      named.push({
        name: `regression: ${r.name}`,
        archive: unbase64(r.base64),
      });
    }
    const verdicts = await differential(named.map((n) => n.archive));
    const disagreements = verdicts.flatMap((v, i) =>
      v.disagreement ? [`${named[i].name}: ${v.disagreement}`] : []
    );
    assertEquals(disagreements, []);
    // Every accepted case really is accepted by both references: the
    // comparison above is not vacuous.
    assertEquals(verdicts.filter((v) => !v.ours.refused).length > 20, true);
  },
});

Deno.test({
  name:
    "differential: 5,000 mutations of valid archives are refused or extracted alike by GNU tar and Python",
  async fn() {
    const archives = await mutatedArchives(5000, 20260515);
    const verdicts = await differential(archives, true);
    const failures = verdicts.flatMap((v, i) =>
      v.disagreement
        ? [`${v.disagreement}\n  archive: ${base64(archives[i])}`]
        : []
    );
    assertEquals(failures, []);
    // Enough of them are accepted for the comparison to mean something.
    const accepted = verdicts.filter((v) => !v.ours.refused).length;
    assertEquals(accepted > 500, true, `only ${accepted} accepted`);
  },
});

Deno.test({
  name:
    "differential: the check catches a reader that reads other files than the references",
  async fn() {
    const good = await gzip(tar([{ name: "a.kat", body: "a" }]));
    const bad = await gzip(tar([{ name: "a.kat/", body: "a" }]));
    const [refGood, refBad] = await extractWithReferences([good, bad]);
    const right = await ours(good);
    assertEquals(judge(right, refGood).disagreement, undefined);
    assertEquals(right.refused, false);
    if (right.refused) return;
    // Other bytes, another name, an extra file, or accepting what tar fails on.
    const sha = right.files["a.kat"];
    const lax: Ours[] = [
      { refused: false, files: { "a.kat": sha.replace(/^./, "0") } },
      { refused: false, files: { "b.kat": sha } },
      { refused: false, files: { "a.kat": sha, "b.kat": sha } },
    ];
    for (const o of lax) {
      assertEquals(typeof judge(o, refGood).disagreement, "string");
    }
    assertEquals(
      judge({ refused: false, files: { "a.kat": sha } }, refBad).disagreement
        ?.startsWith("GNU tar failed"),
      true,
    );
  },
});

Deno.test("chunk sizes do not change what is read or refused", async () => {
  const archives = [
    ...await Promise.all(HOSTILE.slice(0, 60).map((c) => c.make())),
    ...await mutatedArchives(100, 99),
  ].filter((a) => a.length < 16 * 1024);
  for (const a of archives) {
    const whole = JSON.stringify(await ours(a, a.length || 1));
    for (const chunk of [1, 7, 512, 4096]) {
      assertEquals(JSON.stringify(await ours(a, chunk)), whole, base64(a));
    }
  }
});
