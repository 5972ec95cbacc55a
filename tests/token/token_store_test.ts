import { assertEquals, assertRejects, assertTrue } from "../assert.ts";
import { EtcdStateStore } from "../../src/state/etcd_store.ts";
import {
  consumeToken,
  createToken,
  pruneExpiredTokens,
  TOKENS_PREFIX,
} from "../../src/token/token_store.ts";
import { hashSecret } from "../../src/token/token_record.ts";
import { TokenError } from "../../src/token/token_error.ts";
import { withEtcd } from "../state/etcd_fixture.ts";

const enc = (s: string) => new TextEncoder().encode(s);
const T0 = new Date("2030-01-01T00:00:00.000Z");
const at = (ms: number) => new Date(T0.getTime() + ms);
const HOUR = 3_600_000;

/** The refusal of `promise`, as `[code, message]`. */
async function refusal(promise: () => Promise<unknown>) {
  const e = await assertRejects(promise, TokenError);
  return [e.code, e.message];
}

Deno.test("token store against a real etcd", async (t) => {
  await withEtcd(async (etcd) => {
    const store = await EtcdStateStore.connect({ endpoints: [etcd.endpoint] });
    const secrets: string[] = [];
    try {
      await t.step(
        "a token works for several joins until it expires",
        async () => {
          const { token, record } = await createToken(store, {
            now: T0,
            description: "workers",
          });
          secrets.push(token.secret);
          assertEquals(record.expiresAt, "2030-01-02T00:00:00.000Z");
          assertEquals(record.createdAt, "2030-01-01T00:00:00.000Z");
          for (const ms of [0, HOUR, 23 * HOUR, 24 * HOUR - 1]) {
            const r = await consumeToken(store, token.text, { now: at(ms) });
            assertEquals([r.singleUse, r.description, r.usedAt], [
              false,
              "workers",
              undefined,
            ]);
          }
          assertEquals(
            await refusal(() =>
              consumeToken(store, token.text, { now: at(24 * HOUR) })
            ),
            [
              "token.expired",
              `token "${token.id}" expired at 2030-01-02T00:00:00.000Z; make a new one with kat-agent token create`,
            ],
          );
        },
      );

      await t.step("the record is JSON with the secret's SHA-256", async () => {
        const { token } = await createToken(store, {
          ttlMs: 90_000,
          singleUse: true,
          now: T0,
        });
        secrets.push(token.secret);
        const entry = await store.get(TOKENS_PREFIX + token.id);
        assertEquals(
          JSON.parse(new TextDecoder().decode(entry!.value)),
          {
            secretSha256: await hashSecret(token.secret),
            createdAt: "2030-01-01T00:00:00.000Z",
            expiresAt: "2030-01-01T00:01:30.000Z",
            singleUse: true,
            description: "",
          },
        );
      });

      await t.step(
        "single-use: exactly one of concurrent joins succeeds",
        async () => {
          for (let round = 0; round < 5; round++) {
            const { token } = await createToken(store, {
              singleUse: true,
              now: T0,
            });
            secrets.push(token.secret);
            const results = await Promise.allSettled(
              [1, 2, 3].map(() => consumeToken(store, token.text, { now: T0 })),
            );
            const ok = results.filter((r) => r.status === "fulfilled");
            const refused = results.flatMap((r) =>
              r.status === "rejected" ? [[r.reason.code, r.reason.message]] : []
            );
            assertEquals(ok.length, 1);
            const used = [
              "token.used",
              `token "${token.id}" was for a single join and was used at 2030-01-01T00:00:00.000Z`,
            ];
            assertEquals(refused, [used, used]);
            assertEquals(
              await refusal(() =>
                consumeToken(store, token.text, { now: at(1000) })
              ),
              used,
            );
          }
        },
      );

      await t.step(
        "checkOnly refuses as a join would and leaves a single-use token unused",
        async () => {
          const { token } = await createToken(store, {
            singleUse: true,
            now: T0,
          });
          secrets.push(token.secret);
          for (let i = 0; i < 2; i++) {
            const r = await consumeToken(store, token.text, {
              now: T0,
              checkOnly: true,
            });
            assertEquals(r.usedAt, undefined);
          }
          assertEquals(
            await refusal(() =>
              consumeToken(store, token.text, {
                now: at(25 * HOUR),
                checkOnly: true,
              })
            ),
            [
              "token.expired",
              `token "${token.id}" expired at 2030-01-02T00:00:00.000Z; make a new one with kat-agent token create`,
            ],
          );
          const used = await consumeToken(store, token.text, { now: T0 });
          assertEquals(used.usedAt, T0.toISOString());
          assertEquals(
            (await refusal(() =>
              consumeToken(store, token.text, { now: T0, checkOnly: true })
            ))[0],
            "token.used",
          );
        },
      );

      await t.step(
        "a fence that no longer holds: nothing stored, nothing used",
        async () => {
          const fenceKey = "/test/fence";
          const version = await store.put(fenceKey, enc("leader"));
          const fence = { key: fenceKey, version };
          const { token } = await createToken(store, {
            singleUse: true,
            now: T0,
            fence,
          });
          secrets.push(token.secret);
          await store.delete(fenceKey);
          const before = (await store.list(TOKENS_PREFIX)).entries.length;
          assertEquals(
            await refusal(() => createToken(store, { now: T0, fence })),
            [
              "token.not_leader",
              "the token was not stored: this node no longer leads the cluster",
            ],
          );
          assertEquals(
            (await store.list(TOKENS_PREFIX)).entries.length,
            before,
          );
          assertEquals(
            await refusal(() =>
              consumeToken(store, token.text, { now: T0, fence })
            ),
            [
              "token.not_leader",
              "the token was not used: this node no longer leads the cluster",
            ],
          );
          const unused = await consumeToken(store, token.text, {
            now: T0,
            checkOnly: true,
          });
          assertEquals(unused.usedAt, undefined);
        },
      );

      await t.step(
        "unknown ID and wrong secret are refused alike",
        async () => {
          const { token } = await createToken(store, { now: T0 });
          secrets.push(token.secret);
          const other = token.id === "zzzzzz" ? "yyyyyy" : "zzzzzz";
          const wrong = token.secret.endsWith("a")
            ? token.secret.slice(0, 15) + "b"
            : token.secret.slice(0, 15) + "a";
          const unknown = (id: string) => [
            "token.unknown",
            `token "${id}" is unknown or its secret is wrong; make a new one with kat-agent token create`,
          ];
          assertEquals(
            await refusal(() =>
              consumeToken(store, `${other}.${token.secret}`, { now: T0 })
            ),
            unknown(other),
          );
          assertEquals(
            await refusal(() =>
              consumeToken(store, `${token.id}.${wrong}`, { now: T0 })
            ),
            unknown(token.id),
          );
          // An expired token with a wrong secret does not say it expired.
          assertEquals(
            await refusal(() =>
              consumeToken(store, `${token.id}.${wrong}`, {
                now: at(48 * HOUR),
              })
            ),
            unknown(token.id),
          );
        },
      );

      await t.step(
        "a malformed token is refused before the store is read",
        async () => {
          assertEquals(
            // A store with no methods: reading it would fail with a TypeError.
            await refusal(() =>
              consumeToken({} as EtcdStateStore, "abcdef.0123", { now: T0 })
            ),
            [
              "token.malformed",
              'token "abcdef" is malformed: its secret must be 16 characters of a-z and 0-9',
            ],
          );
        },
      );

      await t.step("an unreadable record is refused as corrupt", async () => {
        await store.put(
          `${TOKENS_PREFIX}qqqqqq`,
          new TextEncoder().encode("{"),
        );
        assertEquals(
          await refusal(() =>
            consumeToken(store, "qqqqqq.0123456789abcdef", { now: T0 })
          ),
          [
            "token.corrupt",
            'the stored record of token "qqqqqq" cannot be read; delete /kat/tokens/qqqqqq and make a new token',
          ],
        );
      });

      await t.step("no secret appears anywhere in etcd", async () => {
        const { entries } = await store.list("/");
        assertTrue(entries.length >= 9, `${entries.length} entries`);
        for (const { key, value } of entries) {
          const text = key + new TextDecoder().decode(value);
          for (const secret of secrets) {
            assertTrue(!text.includes(secret), `${key} holds a secret`);
          }
        }
      });

      await t.step("prune deletes expired and used tokens only", async () => {
        const { entries } = await store.list(TOKENS_PREFIX);
        const before = entries.length;
        const live = await createToken(store, { ttlMs: 72 * HOUR, now: T0 });
        // At T0 + 25h: the first token and the 90 s one expired, the 6
        // single-use ones were used, the fenced one and the
        // unknown/wrong-secret one expired too.
        const deleted = await pruneExpiredTokens(store, { now: at(25 * HOUR) });
        assertEquals(deleted, 10);
        const left = (await store.list(TOKENS_PREFIX)).entries.map((e) => e.key)
          .sort();
        assertEquals(before + 1 - deleted, left.length);
        assertEquals(
          left,
          [
            `${TOKENS_PREFIX}${live.token.id}`,
            `${TOKENS_PREFIX}qqqqqq`,
          ].sort(),
        );
        await consumeToken(store, live.token.text, { now: at(25 * HOUR) });
      });
    } finally {
      await store.close();
    }
  });
});

Deno.test("createToken: a TTL that is not positive is refused", async () => {
  const store = {} as EtcdStateStore;
  for (const ttlMs of [0, -1, NaN, Infinity]) {
    assertEquals(await refusal(() => createToken(store, { ttlMs })), [
      "token.invalid_ttl",
      `a token's TTL must be positive, not ${ttlMs} ms`,
    ]);
  }
});
