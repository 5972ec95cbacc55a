/**
 * The generated fast decoders against the generic decoder: on every example
 * file, on hand-written documents for each conversion and each reason to give
 * up, and on random mutations of the examples (at the level of characters,
 * tokens and the decoded tree), a fast decoder either gives up or builds what
 * the generic decoder builds while reporting nothing.
 *
 * `KAT_FUZZ_RUNS` raises the number of mutations (`deno task fuzz`).
 */
import fc from "fast-check";
import { parseYamlFile } from "../../src/decode/yaml_file.ts";
import type { Kind } from "../../src/gen/types.ts";
import { parseManifest } from "../../src/manifest/parse_manifest.ts";
import { assertEquals, assertTrue } from "../assert.ts";
import { brief, lines } from "../helpers.ts";
import { checkedFastDecode, FAST } from "./fast_decode_agree.ts";
import {
  byChars,
  byTokens,
  byTree,
  CORPUS,
  kindOf,
} from "./fast_decode_cases.ts";

const RUNS = Number(Deno.env.get("KAT_FUZZ_RUNS") ?? 500);
const SEED = Number(Deno.env.get("KAT_FUZZ_SEED") ?? 2024);
const KINDS = Object.keys(FAST) as Kind[];

/**
 * Runs every kind's fast decoder on every document of `text`, each checked
 * against the generic decoder; the kinds whose decoder did not give up.
 */
function agree(text: string): Kind[] {
  const yaml = parseYamlFile(text, "t.kat", { multiDocument: true });
  const taken: Kind[] = [];
  for (const { root } of yaml.documents ?? []) {
    for (const kind of KINDS) {
      if (checkedFastDecode(root, kind, yaml.lines)) taken.push(kind);
    }
  }
  return taken;
}

Deno.test("every example and test .kat file takes the fast path of its kind, and agrees", () => {
  assertTrue(CORPUS.size >= 9, `only ${CORPUS.size} files`);
  for (const [path, text] of CORPUS) {
    assertEquals([path, agree(text)], [path, [kindOf(text)]]);
    assertEquals(parseManifest(text, { file: path }).diagnostics, []);
  }
});

const HEAD = ["apiVersion: kat.dws.rip/v1alpha1"];
const WORKLOAD = [
  ...HEAD,
  "kind: Workload",
  "metadata: {name: web}",
  "spec:",
  "  type: SERVICE",
  "  source: {image: nginx}",
  "  container: {name: web}",
];
const PORTS = ["  ports:", "    - name: http", "      containerPort: 8080"];
const VLB = [...HEAD, "kind: VirtualLoadBalancer", "metadata: {name: web}"];

/** Each conversion and absence the generic decoder makes, taken fast. */
const PLAIN: Record<string, string> = {
  "integers where strings may be integers": lines(
    ...WORKLOAD,
    "  updateStrategy: {maxSurge: 1}",
    "  container: ~",
  ).replace(
    "  container: {name: web}\n",
    "  container: {resources: {limits: {cpu: 2, memory: 512Mi}}}\n",
  )
    .replace("  container: ~\n", ""),
  "null and empty lists and maps are left out": lines(
    ...WORKLOAD,
    "  tolerations: []",
    "  nodeSelector: {}",
    "  volumes: ~",
  ).replace("metadata: {name: web}", "metadata: {name: web, labels: ~}"),
  "a null member of a oneof beside a set one is an empty message": lines(
    ...WORKLOAD,
    "  volumes:",
    "    - name: data",
    "      hostMount: {hostPath: /srv}",
    "      simpleClusterStorage: ~",
  ).replace(
    "container: {name: web}",
    "container: {name: web, volumeMounts: [{name: data, mountPath: /srv}]}",
  ),
  "quoted keys, flow style, booleans": lines(
    ...VLB,
    'spec: {"ports": [{name: http, containerPort: 80}], ingress: [{host: a.example.com, servicePort: 80, tls: false}]}',
  ),
  "a Namespace without spec": lines(
    ...HEAD,
    "kind: Namespace",
    "metadata:",
    "  name: team-a",
  ),
};

for (const [name, text] of Object.entries(PLAIN)) {
  Deno.test(`fast path: ${name}`, () => {
    assertEquals(agree(text), [kindOf(text)]);
    assertEquals(brief(parseManifest(text).diagnostics), []);
  });
}

/**
 * What the fast path gives up on, each with whether the generic decoder then
 * finds the file valid (an alias is no error; the rest are).
 */
const GIVE_UP: Record<string, [string, boolean]> = {
  "a duplicate key": [
    lines(...VLB, "metadata: {name: x}", "spec:", ...PORTS),
    false,
  ],
  "a duplicate kind": [
    lines(...VLB, "kind: VirtualLoadBalancer", "spec:", ...PORTS),
    false,
  ],
  "an unknown key": [lines(...VLB, "spec:", ...PORTS, "  extra: 1"), false],
  "status": [lines(...VLB, "spec:", ...PORTS, "status: {}"), false],
  "a field the system sets": [
    lines(
      ...VLB.slice(0, 2),
      "metadata: {name: web, uid: x}",
      "spec:",
      ...PORTS,
    ),
    false,
  ],
  "an integer out of its bounds": [
    lines(...VLB, "spec:", ...PORTS.slice(0, 2), "      containerPort: 65536"),
    false,
  ],
  "an integer where a string must be": [
    lines(
      ...VLB,
      "spec:",
      ...PORTS.slice(0, 1),
      "    - name: 80",
      "      containerPort: 80",
    ),
    false,
  ],
  "a failing format": [
    lines(...VLB.slice(0, 2), "metadata: {name: Web}", "spec:", ...PORTS),
    false,
  ],
  "a failing map key format": [
    lines(
      ...VLB.slice(0, 2),
      "metadata: {name: web, labels: {-x: a}}",
      "spec:",
      ...PORTS,
    ),
    false,
  ],
  "too few items": [lines(...VLB, "spec:", "  ports: []"), false],
  "a null list with a least number of items": [
    lines(...VLB, "spec:", "  ports: ~"),
    false,
  ],
  "two members of a oneof": [
    lines(...WORKLOAD).replace(
      "{image: nginx}",
      "{image: nginx, git: {repository: https://example.com/a.git}}",
    ),
    false,
  ],
  "no member of a required oneof": [
    lines(...WORKLOAD).replace("{image: nginx}", "{}"),
    false,
  ],
  "a required field left out": [
    lines(...VLB, "spec:", "  ports:", "    - name: http"),
    false,
  ],
  "a null message with a required field": [
    lines(...WORKLOAD).replace("{name: web}\nspec", "~\nspec"),
    false,
  ],
  "an enum value as the proto names it": [
    lines(...WORKLOAD).replace("SERVICE", "WORKLOAD_TYPE_SERVICE"),
    false,
  ],
  "a boolean written yes": [
    lines(
      ...VLB,
      "spec:",
      ...PORTS,
      "  ingress: [{host: a.example.com, servicePort: 80, tls: yes}]",
    ),
    false,
  ],
  "an unknown tag": [
    lines(...VLB, "spec:", ...PORTS.slice(0, 2), "      containerPort: !x 80"),
    false,
  ],
  "an alias": [
    lines(
      ...VLB.slice(0, 2),
      "metadata: {name: &n web}",
      "spec:",
      ...PORTS.slice(0, 1),
      "    - name: *n",
      "      containerPort: 80",
    ),
    true,
  ],
  "a __proto__ map key": [
    lines(
      ...VLB.slice(0, 2),
      'metadata: {name: web, annotations: {"__proto__": x}}',
      "spec:",
      ...PORTS,
    ),
    false,
  ],
};

for (const [name, [text, valid]] of Object.entries(GIVE_UP)) {
  Deno.test(`the fast path gives up on ${name}`, () => {
    const { root } = parseYamlFile(text, "t.kat");
    assertEquals(FAST[kindOf(text)]!(root!), undefined);
    assertEquals(parseManifest(text).valid, valid);
  });
}

Deno.test("on mutated examples the fast path gives up or agrees", () => {
  let taken = 0;
  let total = 0;
  fc.assert(
    fc.property(fc.oneof(byChars, byTokens, byTree), (text) => {
      total++;
      taken += agree(text).length;
    }),
    { numRuns: RUNS, seed: SEED },
  );
  // The property means something only if the fast path is taken often.
  assertTrue(taken > total / 10, `fast path taken ${taken} times in ${total}`);
});
