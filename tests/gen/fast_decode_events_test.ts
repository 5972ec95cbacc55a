/**
 * The generated event decoders against the tree and the generic decoder: on
 * every example and test file, on hand-written documents for what the tree
 * builder treats specially, and on random mutations of the examples, an
 * event decoder either gives up or builds what the tree and the generic
 * decoder build while reporting nothing; and `parseManifest` answers the
 * same, diagnostics and positions included, as on the tree path.
 *
 * `KAT_FUZZ_RUNS` raises the number of mutations (`deno task fuzz`).
 */
import fc from "fast-check";
import { documentEvents, rootKind } from "../../src/decode/yaml_events.ts";
import type { Kind } from "../../src/gen/types.ts";
import {
  parseManifest,
  sourceMapOf,
} from "../../src/manifest/parse_manifest.ts";
import { FieldPath } from "../../src/diagnostics/field_path.ts";
import { assertEquals, assertTrue } from "../assert.ts";
import { brief, lines } from "../helpers.ts";
import {
  byChars,
  byTokens,
  byTree,
  CORPUS,
  kindOf,
} from "./fast_decode_cases.ts";
import { checkedEventDecode, FAST_EVENTS } from "./fast_decode_events_agree.ts";

const RUNS = Number(Deno.env.get("KAT_FUZZ_RUNS") ?? 500);
const SEED = Number(Deno.env.get("KAT_FUZZ_SEED") ?? 2024);
const KINDS = Object.keys(FAST_EVENTS) as Kind[];

/**
 * Every kind's event decoder on `text`, each checked against the tree and
 * the generic decoder; the kinds whose decoder did not give up.
 */
function agree(text: string): Kind[] {
  const events = documentEvents(text);
  return KINDS.filter((kind) => checkedEventDecode(text, kind, events));
}

/**
 * Whether `parseManifest` takes the event path on `text` (its kind's event
 * decoder does not give up); when it does, what it answers must be what the
 * tree path answers (a multi-document read goes by the tree).
 */
function sameAsTree(text: string): boolean {
  const events = documentEvents(text);
  const kind = events && rootKind(text, events);
  if (
    !kind || !Object.hasOwn(FAST_EVENTS, kind) ||
    !FAST_EVENTS[kind as Kind]!(text, events)
  ) return false;
  const fast = parseManifest(text, { file: "f.kat" });
  const tree = parseManifest(text, { file: "f.kat", multiDocument: true });
  assertEquals(fast, tree);
  assertEquals(JSON.stringify(fast), JSON.stringify(tree));
  const root = FieldPath.root();
  assertEquals(
    sourceMapOf(fast.resources[0]).locate(root.child("spec")),
    sourceMapOf(tree.resources[0]).locate(root.child("spec")),
  );
  return true;
}

Deno.test("every example and test .kat file takes the event path of its kind, and agrees", () => {
  assertTrue(CORPUS.size >= 9, `only ${CORPUS.size} files`);
  for (const [path, text] of CORPUS) {
    assertEquals([path, agree(text)], [path, [kindOf(text)]]);
    assertEquals([path, sameAsTree(text)], [path, true]);
    assertEquals(parseManifest(text, { file: path }).diagnostics, []);
  }
});

const HEAD = ["apiVersion: kat.dws.rip/v1alpha1"];
const NAMESPACE = [...HEAD, "kind: Namespace", "metadata:", "  name: team-a"];
const VLB = [
  ...HEAD,
  "kind: VirtualLoadBalancer",
  "metadata: {name: web}",
  "spec:",
  "  ports:",
  "    - name: http",
  "      containerPort: 8080",
];

/**
 * Documents the event path takes although the kind's rules or the place of
 * `kind:` are unusual: the diagnostics then come from positions of the tree
 * built afterwards, and must be the tree path's.
 */
const TAKEN: Record<string, [string, string[]]> = {
  "kind: written after the other keys": [
    lines(...NAMESPACE.filter((l) => !l.startsWith("kind")), "kind: Namespace"),
    [],
  ],
  "a rule that reports at a position (a namespaced Namespace)": [
    lines(...NAMESPACE, "  namespace: other"),
    [
      "5:14 metadata.namespace: Namespace is cluster-scoped and must not set metadata.namespace",
    ],
  ],
  "a rule that asks whether a value was written": [
    lines(
      ...VLB,
      "  ingress:",
      "    - {host: a.example.com, servicePort: 8080}",
      "    - {host: a.example.com, servicePort: 8080, path: /}",
    ),
    ['10:54 spec.ingress[1].path: duplicate value "a.example.com/"'],
  ],
  "quoted and block scalars": [
    lines(
      ...NAMESPACE.slice(0, 2),
      "metadata:",
      '  name: "team-a"',
      "  labels: {tier: 'x'}",
      "  annotations:",
      "    note: >-",
      "      two",
      "      lines",
      '    "other": plain',
      "      folded",
    ),
    [],
  ],
};

for (const [name, [text, diagnostics]] of Object.entries(TAKEN)) {
  Deno.test(`the event path takes ${name}`, () => {
    assertEquals(agree(text), [kindOf(text)]);
    assertTrue(sameAsTree(text), "the event path gave up");
    assertEquals(brief(parseManifest(text).diagnostics), diagnostics);
  });
}

/**
 * What the event path gives up on beyond the fast decoders' reasons, each
 * with whether the tree path then finds the file valid.
 */
const GIVE_UP: Record<string, [string, boolean]> = {
  "a standard tag": [lines(...NAMESPACE, "  namespace: !!str x"), false],
  "a tag on the kind": [
    lines(...HEAD, "kind: !!str Namespace", "metadata: {name: a}"),
    true,
  ],
  "an anchor and an alias": [
    lines(...NAMESPACE.slice(0, 3), "  name: &n a", "  labels: {x: *n}"),
    true,
  ],
  "a tab indenting a compact mapping": [
    lines(...VLB.slice(0, 5), "    -\tname: http", "      containerPort: 8080"),
    false,
  ],
  "a mapping on its key's line": [
    lines(...NAMESPACE.slice(0, 2), "metadata: &m name: a"),
    false,
  ],
  "a tab between flow items": [
    lines(...NAMESPACE.slice(0, 2), "metadata: {name: a,\tlabels: {}}"),
    true,
  ],
  "a %YAML directive": [lines("%YAML 1.2", "---", ...NAMESPACE), true],
  "two documents": [lines(...NAMESPACE, "---", ...NAMESPACE), false],
  "an empty spec": [lines(...VLB.slice(0, 3), "spec: {}"), false],
  "a null spec": [lines(...VLB.slice(0, 3), "spec:"), false],
  "a kind that names an inherited property": [
    lines(...HEAD, "kind: constructor", "metadata: {name: a}"),
    false,
  ],
  "an internal kind": [
    lines(...HEAD, "kind: Node", "metadata: {name: a}"),
    false,
  ],
  "a kind that is a mapping": [
    lines(...HEAD, "kind: {a: 1}", "metadata: {name: a}"),
    false,
  ],
  "two kinds": [lines(...NAMESPACE, "kind: Namespace"), false],
  "a root list": [lines("- kind: Namespace"), false],
  "no document": [lines("# nothing"), false],
  "text the parser refuses": [lines(...NAMESPACE, "  labels: {a: 1"), false],
};

for (const [name, [text, valid]] of Object.entries(GIVE_UP)) {
  Deno.test(`the event path gives up on ${name}`, () => {
    agree(text);
    assertEquals(sameAsTree(text), false);
    assertEquals(parseManifest(text).valid, valid);
  });
}

Deno.test("on mutated examples the event path gives up or agrees", () => {
  let taken = 0;
  let total = 0;
  fc.assert(
    fc.property(fc.oneof(byChars, byTokens, byTree), (text) => {
      total++;
      taken += agree(text).length;
      sameAsTree(text);
    }),
    { numRuns: RUNS, seed: SEED },
  );
  // The property means something only if the event path is taken often.
  assertTrue(taken > total / 10, `event path taken ${taken} times in ${total}`);
});
