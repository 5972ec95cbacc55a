/**
 * CIDR ranges against ipaddr.js, cron schedules against croner.
 */
import fc from "fast-check";
import ipaddr from "ipaddr.js";
import { Cron } from "croner";
import { parseCidr } from "../../src/rules/cidr.ts";
import { checkCron } from "../../src/rules/cron.ts";
import { mutations, NASTY, runs, seed, Tally, tokens } from "./generators.ts";

const prefix = fc.oneof(
  fc.integer({ min: 0, max: 130 }).map(String),
  fc.constantFrom("08", "", "-1", "+8", "1e1", " 8"),
);
const v4 = fc.oneof(
  fc.ipV4(),
  fc.ipV4Extended(),
  tokens(["1", "0", "255", "256", ".", "00", "x"], 7),
);
const v6 = fc.oneof(
  fc.ipV6(),
  fc.ipV6().map((a) => a.toUpperCase()),
  fc.constantFrom("fe80::1%eth0", "::ffff:1.2.3.4", "1::2::3", ":::", "::"),
  tokens(["0", "f", "ffff", "12345", ":", "::", ".", "1.2.3.4", "g"], 8),
);
/** Zero the host bits of a valid sample half of the time, so both answers occur. */
const network = fc.tuple(fc.oneof(v4, v6), prefix, fc.boolean()).map(
  ([a, p, zero]) => {
    if (!zero || !ipaddr.isValid(a) || !/^[0-9]+$/.test(p)) return `${a}/${p}`;
    try {
      const [addr, bits] = ipaddr.parseCIDR(`${a}/${p}`);
      const net = (addr.kind() === "ipv4"
        ? ipaddr.IPv4.networkAddressFromCIDR(`${a}/${p}`)
        : ipaddr.IPv6.networkAddressFromCIDR(`${a}/${p}`)) as
          | ipaddr.IPv4
          | ipaddr.IPv6;
      return `${net.toString()}/${bits}`;
    } catch {
      return `${a}/${p}`;
    }
  },
);

function bytesToBigInt(bytes: number[]): bigint {
  return bytes.reduce((n, b) => (n << 8n) | BigInt(b), 0n);
}

/**
 * The value of an address as ipaddr.js reads it, except that an IPv6 address
 * with a dotted tail goes through the WHATWG URL parser first: ipaddr.js
 * reads `::1.2.3.4` as `::ffff:1.2.3.4`, where RFC 4291 (and URL) mean
 * `::102:304`.
 */
function addressValue(text: string, a: ipaddr.IPv4 | ipaddr.IPv6): bigint {
  if (a.kind() === "ipv6" && text.includes(".")) {
    const host = new URL(`http://[${text}]/`).hostname.slice(1, -1);
    return bytesToBigInt(ipaddr.IPv6.parse(host).toByteArray());
  }
  return bytesToBigInt(a.toByteArray());
}

Deno.test("cidr: ipaddr.js's reading, dotted quads and no zones or leading zeros", () => {
  const t = new Tally();
  fc.assert(
    fc.property(
      fc.oneof(network, mutations(network, ["/", ".", ":", "0", "%"])),
      (v) => {
        const ours = parseCidr(v);
        t.see(ours.ok);
        const slash = v.indexOf("/");
        const addr = v.slice(0, slash);
        const p = v.slice(slash + 1);
        let theirs: [ipaddr.IPv4 | ipaddr.IPv6, number] | undefined;
        try {
          theirs = ipaddr.parseCIDR(v);
        } catch {
          theirs = undefined;
        }
        if (ours.ok) {
          if (!theirs) return false;
          const [a, bits] = theirs;
          return bits === ours.value.prefix &&
            (a.kind() === "ipv4" ? 4 : 6) === ours.value.family &&
            addressValue(addr, a) === ours.value.address;
        }
        // Refused: ipaddr.js refuses too, or the text is outside what we
        // document (an IPv4 address other than a plain dotted quad, a zone,
        // a prefix with a leading zero or sign), or host bits are set.
        if (!theirs || slash < 0) return true;
        const [a, bits] = theirs;
        const plain = a.kind() === "ipv4"
          ? ipaddr.IPv4.isValidFourPartDecimal(addr)
          : !addr.includes("%");
        const networkOnly = a.kind() === "ipv4"
          ? ipaddr.IPv4.networkAddressFromCIDR(v).toString() === a.toString()
          : ipaddr.IPv6.networkAddressFromCIDR(v).toString() === a.toString();
        return !plain || !/^(?:0|[1-9][0-9]*)$/.test(p) || !networkOnly ||
          bits < 0;
      },
    ),
    { numRuns: runs(4000), seed: seed(31) },
  );
  t.assertBoth();
});

const FIELD_TOKENS = [
  "*",
  "0",
  "1",
  "5",
  "7",
  "12",
  "23",
  "31",
  "59",
  "60",
  "-",
  "/",
  ",",
  "*/",
  "MON",
  "jan",
  "SUN",
  "FRI",
  "DEC",
];
const field = tokens(FIELD_TOKENS, 4).map((s) => s || "*");
const schedule = fc.array(field, { minLength: 4, maxLength: 6 }).map((f) =>
  f.join(" ")
);
const validField = fc.oneof(
  fc.constant("*"),
  fc.nat(59).map(String),
  fc.tuple(fc.nat(5), fc.integer({ min: 6, max: 12 })).map(([a, b]) =>
    `${a}-${b}`
  ),
  fc.integer({ min: 1, max: 30 }).map((n) => `*/${n}`),
);
const validSchedule = fc.array(validField, { minLength: 5, maxLength: 5 }).map(
  (f) => f.join(" "),
);

function cronerAccepts(v: string): boolean {
  try {
    new Cron(v, { paused: true });
    return true;
  } catch {
    return false;
  }
}

/** Our spans of each field, for the one documented difference. */
const SPANS = [[0, 59], [0, 23], [1, 31], [1, 12], [0, 7]];

/** A step larger than its field's span, which croner refuses and cron runs once. */
function stepBeyondSpan(v: string): boolean {
  const fields = v.trim().split(/\s+/);
  return fields.length === 5 &&
    fields.some((f, i) =>
      f.split(",").some((item) => {
        const m = /\/([0-9]+)$/.exec(item);
        return m !== null &&
          Number(m[1]) > SPANS[i][1] - SPANS[i][0] + 1 - (i === 4 ? 1 : 0);
      })
    );
}

Deno.test("cron: croner accepts all we accept; we accept croner's five-field syntax", () => {
  const t = new Tally();
  const input = fc.oneof(
    schedule,
    validSchedule,
    mutations(validSchedule, [
      ...FIELD_TOKENS,
      " ",
      "L",
      "?",
      "#",
      "W",
      ...NASTY,
    ]),
    fc.constantFrom(
      "@yearly",
      "@annually",
      "@monthly",
      "@weekly",
      "@daily",
      "@hourly",
      "@midnight",
      "@reboot",
      " @daily ",
      "@DAILY",
    ),
  );
  fc.assert(
    fc.property(input, (v) => {
      const ours = t.see(checkCron(v) === undefined);
      const theirs = cronerAccepts(v);
      if (ours) return theirs || stepBeyondSpan(v);
      if (!theirs) return true;
      // Refused by us, accepted by croner: outside our documented syntax
      // (not five fields, characters other than digits, names and * - / ,
      // which croner reads loosely, its extensions L W # ?, other macros, a
      // step after a single value).
      const fields = v.trim().split(/\s+/);
      return v.trim().startsWith("@") || fields.length !== 5 ||
        fields.some((f) => /[^0-9A-Za-z*,/-]/.test(f)) ||
        /[LW#?]/i.test(v.replace(/[a-z]{3}/gi, "")) ||
        fields.some((f) => f.split(",").some((i) => /^[0-9A-Za-z]+\//.test(i)));
    }),
    { numRuns: runs(4000), seed: seed(32) },
  );
  t.assertBoth();
});
