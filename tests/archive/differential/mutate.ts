/**
 * Property-based mutations of valid archives for the differential test:
 * header fields, typeflags, pax records, names, metadata headers, blocks, and
 * gzip framing, drawn by fast-check from a seed so that a run can be repeated.
 *
 * @module
 */
import fc from "fast-check";
import {
  base256,
  bytes,
  concat,
  END,
  gzipMember,
  longName,
  member,
  pax,
  paxRecord,
  setChecksum,
  tar,
} from "./build.ts";
import { realArchives } from "./hostile.ts";

const BODY =
  "apiVersion: kat.dws.rip/v1alpha1\nkind: Namespace\nmetadata: {name: a}\n";

/** Valid uncompressed tars the mutations start from. */
function builtSeeds(): Uint8Array[] {
  return [
    tar([{ name: "a.kat", body: BODY }, {
      name: "b.kat",
      body: "x".repeat(700),
    }]),
    tar([
      { name: "app/", type: "5" },
      { name: "app/workload.kat", body: BODY },
      { name: "app/c.kat", body: "" },
    ]),
    tar([pax([["path", "p".repeat(120) + ".kat"], ["mtime", "1.5"]]), {
      name: "short",
      body: BODY,
    }, { name: "b.kat", body: BODY }]),
    tar([longName("l".repeat(130) + ".kat"), {
      name: "cut",
      magic: "gnu",
      body: BODY,
    }, { name: "b.kat", magic: "gnu", body: BODY }]),
    tar([
      pax([["comment", "abc"]], "g"),
      pax([["path", "c.kat"], ["size", "5"]]),
      { name: "x", size: 0, body: "hello" },
      { name: "d.kat", body: BODY },
    ]),
    tar([{ name: "w.kat", prefix: "app", body: BODY }, {
      name: "v.kat",
      prefix: "app",
      body: "v",
    }]),
    tar([{
      name: "old.kat",
      magic: "gnu",
      mtime: base256(-1000n, 12),
      size: base256(BigInt(BODY.length), 12),
      body: BODY,
    }]),
    tar([pax(new Uint8Array()), { name: "e.kat", body: "" }, {
      name: "f.kat",
      type: "7",
      body: BODY,
    }]),
    // A long name whose header keeps a cut that ends in "/" (as GNU tar
    // writes when the 100th byte is a slash), and an empty file.
    tar([
      longName("d".repeat(99) + "/g.kat"),
      {
        name: "d".repeat(99) + "/",
        magic: "gnu",
        body: BODY,
      },
      pax([["path", "h.kat"]]),
      { name: "h/", body: "" },
    ]),
  ];
}

async function gunzipped(gz: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(
    await new Response(
      new Blob([gz as BlobPart]).stream().pipeThrough(
        new DecompressionStream("gzip"),
      ),
    ).arrayBuffer(),
  );
}

/** Offsets of the header blocks of a well-formed tar. */
function headerOffsets(t: Uint8Array): number[] {
  const out: number[] = [];
  let at = 0;
  while (at + 512 <= t.length) {
    if (t.subarray(at, at + 512).every((x) => x === 0)) break;
    out.push(at);
    const field = new TextDecoder().decode(t.subarray(at + 124, at + 136));
    const size = t[at + 124] === 0x80
      ? Number(
        new DataView(t.buffer, t.byteOffset + at + 128, 8).getBigUint64(0),
      )
      : parseInt(field.replace(/\0.*$/s, "").trim() || "0", 8);
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return out;
}

const FIELDS: Record<string, [number, number]> = {
  name: [0, 100],
  mode: [100, 8],
  uid: [108, 8],
  gid: [116, 8],
  size: [124, 12],
  mtime: [136, 12],
  checksum: [148, 8],
  linkname: [157, 100],
  magic: [257, 8],
  uname: [265, 32],
  devmajor: [329, 8],
  devminor: [337, 8],
  prefix: [345, 155],
};

const NUMBERS: (string | Uint8Array)[] = [
  "",
  "0",
  "00000000000\0",
  "   12 \0",
  "+12",
  "-1",
  "\x0000000017",
  "0x10",
  "12 34",
  "777777777777",
  "8",
  "00000001000\0",
  "0000000\0junk",
  "        ",
  "1_0",
  "0o17",
  " \x00\x00",
  base256(5n, 12),
  base256(-5n, 12),
  base256(1n << 40n, 12),
  base256(700n, 12),
  new Uint8Array([0x81, 1, 2]),
  "00000000001\0",
  "00000001777\0",
  "17777777777\0",
];

const NAMES: string[] = [
  "../x.kat",
  "a.kat/",
  "/abs.kat",
  "./a.kat",
  "a//b.kat",
  "x/.",
  ".",
  "",
  "app/../z.kat",
  "a.kat",
  "b.kat",
  "app/a.kat",
  "n".repeat(100),
  "esc\x1b[2J.kat",
  "new\nline.kat",
  "\u00e9.kat",
  "a.kat\0hidden",
  "./",
  "app",
  "app/",
  "c.kat",
];

const TYPES = [
  "0",
  "\0",
  "1",
  "2",
  "3",
  "4",
  "5",
  "6",
  "7",
  "x",
  "g",
  "L",
  "K",
  "S",
  "M",
  "V",
  "X",
  "D",
  "N",
  "A",
  "z",
];

const PAX_RECORDS: [string, string][] = [
  ["path", "../../x.kat"],
  ["path", "evil.kat"],
  ["path", "a.kat/"],
  ["path", "a.kat"],
  ["path", ""],
  ["size", "0"],
  ["size", "5"],
  ["size", "abc"],
  ["size", "+0"],
  ["size", "999999999"],
  ["size", "700"],
  ["GNU.sparse.map", "0,1"],
  ["hdrcharset", "BINARY"],
  ["linkpath", "/etc/passwd"],
  ["mtime", "x"],
  ["uid", "-1"],
  ["comment", "c"],
  ["SCHILY.xattr.user.a", "b"],
  ["GNU.sparse.name", "s.kat"],
];

type Op =
  | { op: "field"; header: number; field: string; value: number; fix: boolean }
  | { op: "name"; header: number; value: number; fix: boolean }
  | { op: "type"; header: number; value: number; fix: boolean }
  | { op: "pax"; kind: number; record: number; header: number }
  | { op: "record"; header: number; how: number; n: number }
  | { op: "block"; at: number; how: number }
  | { op: "byte"; at: number; value: number; fix: boolean }
  | { op: "cut"; at: number; aligned: boolean }
  | { op: "tail"; how: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    op: fc.constant("field" as const),
    header: fc.nat(),
    field: fc.constantFrom(...Object.keys(FIELDS)),
    value: fc.nat(),
    fix: fc.boolean(),
  }),
  fc.record({
    op: fc.constant("name" as const),
    header: fc.nat(),
    value: fc.nat(),
    fix: fc.constant(true),
  }),
  fc.record({
    op: fc.constant("type" as const),
    header: fc.nat(),
    value: fc.nat(),
    fix: fc.boolean(),
  }),
  fc.record({
    op: fc.constant("pax" as const),
    kind: fc.nat(2),
    record: fc.nat(),
    header: fc.nat(),
  }),
  fc.record({
    op: fc.constant("record" as const),
    header: fc.nat(),
    how: fc.nat(6),
    n: fc.integer({ min: -3, max: 3 }),
  }),
  fc.record({
    op: fc.constant("block" as const),
    at: fc.nat(),
    how: fc.nat(2),
  }),
  fc.record({
    op: fc.constant("byte" as const),
    at: fc.nat(),
    value: fc.nat(255),
    fix: fc.boolean(),
  }),
  fc.record({
    op: fc.constant("cut" as const),
    at: fc.nat(),
    aligned: fc.boolean(),
  }),
  fc.record({ op: fc.constant("tail" as const), how: fc.nat(3) }),
);

interface Framing {
  cuts: number[];
  padding: number;
  garbage: boolean;
  empty: boolean;
  flags: number;
  crc: boolean;
}

const framing: fc.Arbitrary<Framing> = fc.record({
  cuts: fc.oneof(
    fc.constant<number[]>([]),
    fc.array(fc.nat(), { maxLength: 4 }),
  ),
  padding: fc.oneof(fc.constant(0), fc.constant(0), fc.nat(600)),
  garbage: fc.boolean(),
  empty: fc.boolean(),
  flags: fc.nat(15),
  crc: fc.boolean(),
});

const plan = fc.record({
  seed: fc.nat(),
  ops: fc.array(op, { minLength: 1, maxLength: 4 }),
  framing,
  // Most mutations keep the gzip framing plain; some vary it.
  frame: fc.nat(9),
});

/** Replaces a header's pax data with `data`, fixing its size and checksum. */
function replaceData(
  t: Uint8Array,
  at: number,
  size: number,
  data: Uint8Array,
): Uint8Array {
  const h = t.slice(at, at + 512);
  h.set(bytes(data.length.toString(8).padStart(11, "0") + "\0"), 124);
  setChecksum(h, "unsigned");
  const padded = new Uint8Array(Math.ceil(data.length / 512) * 512);
  padded.set(data);
  return concat(
    t.subarray(0, at),
    h,
    padded,
    t.subarray(at + 512 + Math.ceil(size / 512) * 512),
  );
}

function apply(t: Uint8Array, o: Op): Uint8Array {
  const heads = headerOffsets(t);
  const pick = (n: number) => heads.length ? heads[n % heads.length] : 0;
  const fix = (at: number) => {
    if (at + 512 <= t.length) setChecksum(t, "unsigned", at);
  };
  switch (o.op) {
    case "field": {
      const at = pick(o.header);
      const [off, width] = FIELDS[o.field];
      if (at + 512 > t.length) return t;
      t = t.slice();
      const pool =
        o.field === "name" || o.field === "linkname" || o.field === "prefix"
          ? NAMES.map((n) => bytes(n))
          : o.field === "magic"
          ? [
            bytes("ustar\x0000"),
            bytes("ustar  \0"),
            new Uint8Array(8),
            bytes("ustar\x00  "),
            bytes("junk1234"),
          ]
          : NUMBERS.map((n) => typeof n === "string" ? bytes(n) : n);
      const v = pool[o.value % pool.length];
      t.fill(0, at + off, at + off + width);
      t.set(v.subarray(0, width), at + off);
      if (o.fix && o.field !== "checksum") fix(at);
      return t;
    }
    case "name": {
      const at = pick(o.header);
      if (at + 512 > t.length) return t;
      t = t.slice();
      t.fill(0, at, at + 100);
      t.set(bytes(NAMES[o.value % NAMES.length]).subarray(0, 100), at);
      fix(at);
      return t;
    }
    case "type": {
      const at = pick(o.header);
      if (at + 512 > t.length) return t;
      t = t.slice();
      t[at + 156] = TYPES[o.value % TYPES.length].charCodeAt(0);
      if (o.fix) fix(at);
      return t;
    }
    case "pax": {
      // Insert a metadata header before a header.
      const at = heads.length ? pick(o.header) : 0;
      const [k, v] = PAX_RECORDS[o.record % PAX_RECORDS.length];
      const m = o.kind === 0
        ? pax([[k, v]])
        : o.kind === 1
        ? pax([[k, v]], "g")
        : longName(NAMES[o.record % NAMES.length] || "l.kat");
      return concat(t.subarray(0, at), member(m), t.subarray(at));
    }
    case "record": {
      // Rewrite the records of a pax header, malformed in one way.
      const xs = heads.filter((h) =>
        t[h + 156] === 0x78 || t[h + 156] === 0x67
      );
      if (xs.length === 0) return t;
      const at = xs[o.header % xs.length];
      const size =
        parseInt(new TextDecoder().decode(t.subarray(at + 124, at + 135)), 8) ||
        0;
      let data: Uint8Array = t.slice(at + 512, at + 512 + size);
      const text = new TextDecoder("latin1").decode(data);
      const first = /^(\d+) /.exec(text);
      switch (o.how) {
        case 0: // wrong length
          if (first) {
            data = concat(
              bytes(String(Math.max(0, Number(first[1]) + o.n))),
              data.subarray(first[1].length),
            );
          }
          break;
        case 1: // no final newline
          data = data.subarray(0, Math.max(0, data.length - 1));
          break;
        case 2: // no '='
          data = bytes(text.replace("=", ":"));
          break;
        case 3: // appended record
          data = concat(
            data,
            paxRecord(...PAX_RECORDS[(o.n + 3) % PAX_RECORDS.length]),
          );
          break;
        case 4: // trailing NULs or junk
          data = concat(data, o.n > 0 ? new Uint8Array(o.n) : bytes("junk"));
          break;
        case 5: // duplicated record
          if (first) data = concat(data, data.subarray(0, Number(first[1])));
          break;
        default: // leading blank
          data = concat(bytes(" "), data);
      }
      return replaceData(t, at, size, data);
    }
    case "block": {
      const blocks = Math.floor(t.length / 512);
      if (blocks === 0) return t;
      const b = (o.at % blocks) * 512;
      if (o.how === 0) return concat(t.subarray(0, b), t.subarray(b + 512));
      if (o.how === 1) return concat(t.subarray(0, b + 512), t.subarray(b));
      return concat(t.subarray(0, b), new Uint8Array(512), t.subarray(b));
    }
    case "byte": {
      if (t.length === 0) return t;
      t = t.slice();
      const at = o.at % t.length;
      t[at] = o.value;
      if (o.fix) fix(at - at % 512);
      return t;
    }
    case "cut": {
      const at = o.at % (t.length + 1);
      return t.subarray(0, o.aligned ? at - at % 512 : at);
    }
    case "tail":
      return concat(
        t,
        [
          new Uint8Array(512),
          bytes("trailing garbage"),
          member({ name: "late.kat", body: "x" }),
          END,
        ][o.how],
      );
  }
}

async function frame(
  t: Uint8Array,
  f: Framing,
  kind: number,
): Promise<Uint8Array> {
  if (kind >= 4) return await gzipMember(t);
  const cuts = [...new Set(f.cuts.map((c) => c % (t.length + 1)))].sort((
    a,
    b,
  ) => a - b);
  const points = [0, ...cuts, t.length];
  const parts: Uint8Array[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    if (points[i] === points[i + 1] && i > 0) continue;
    parts.push(
      await gzipMember(t.subarray(points[i], points[i + 1]), {
        name: f.flags & 1 ? "a.tar" : undefined,
        comment: f.flags & 2 ? "c" : undefined,
        extra: f.flags & 4 ? bytes("AB\x01\x00z") : undefined,
        headerCrc: (f.flags & 8) !== 0,
        crc: kind === 0 && f.crc && i === 0 ? 12345 : undefined,
      }),
    );
  }
  if (f.empty) parts.push(await gzipMember(new Uint8Array()));
  if (f.padding) parts.push(new Uint8Array(f.padding));
  if (kind === 1 && f.garbage) parts.push(bytes("\x01"));
  return concat(...parts);
}

/** `count` mutated archives, drawn from `seed`. */
export async function mutatedArchives(
  count: number,
  seed: number,
): Promise<Uint8Array[]> {
  const seeds = builtSeeds();
  for (const r of await realArchives()) seeds.push(await gunzipped(r.archive));
  const plans = fc.sample(plan, { seed, numRuns: count });
  const out: Uint8Array[] = [];
  for (const p of plans) {
    let t = seeds[p.seed % seeds.length];
    for (const o of p.ops) t = apply(t, o);
    out.push(await frame(t, p.framing, p.frame));
  }
  return out;
}
