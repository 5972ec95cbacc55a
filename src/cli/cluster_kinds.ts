/**
 * The KIND words of `katcall get` and `katcall delete`.
 *
 * @module
 */
import { quote } from "../diagnostics/quote.ts";
import {
  NAMESPACED_KINDS,
  type NamespacedPlural,
} from "../client/api_client.ts";
import { suggestSimilar } from "./suggest_similar.ts";
import { ArgsError } from "./usage_error.ts";

/** A kind as the cluster commands name it. */
export interface ClusterKind {
  /** The plural, lower case: `nodes`. */
  plural: string;
  /** The singular, lower case: `node` (as in `node/NAME`). */
  singular: string;
  /** The kind's name: `Node`. */
  kind:
    | "Node"
    | "Namespace"
    | "Workload"
    | "VirtualLoadBalancer"
    | "JobDefinition"
    | "BuildDefinition";
  /** The plural of its paths when it lives in a namespace. */
  namespaced?: NamespacedPlural;
}

const KINDS: readonly (ClusterKind & { short?: string })[] = [
  { plural: "nodes", singular: "node", short: "no", kind: "Node" },
  {
    plural: "namespaces",
    singular: "namespace",
    short: "ns",
    kind: "Namespace",
  },
  ...(Object.entries(NAMESPACED_KINDS) as [
    NamespacedPlural,
    (typeof NAMESPACED_KINDS)[NamespacedPlural],
  ][]).map(([plural, kind]) => ({
    plural,
    singular: kind.toLowerCase(),
    kind,
    namespaced: plural,
  })),
];

/** Every word that names a kind, to the kind. */
const BY_WORD = new Map<string, ClusterKind>(
  KINDS.flatMap(({ short, ...kind }) => [
    [kind.plural, kind],
    [kind.singular, kind],
    ...(short ? [[short, kind] as [string, ClusterKind]] : []),
  ]),
);

/**
 * The kind `word` names, in any case: the plural (`nodes`), the singular or
 * kind name (`node`, `Workload`) or a short name (`no`, `ns`). Any other
 * word is an {@link ArgsError} `invalid-choice` of `command`, suggesting the
 * closest kind.
 *
 * @example
 * ```ts
 * import { clusterKind } from "./cluster_kinds.ts";
 * console.log(clusterKind("Node", "get").plural); // "nodes"
 * try {
 *   clusterKind("nodez", "get");
 * } catch (e) {
 *   console.log((e as { suggestion?: string }).suggestion); // "nodes"
 * }
 * ```
 */
export function clusterKind(word: string, command: string): ClusterKind {
  const kind = BY_WORD.get(word.toLowerCase());
  if (kind) return kind;
  const error = new ArgsError(
    "invalid-choice",
    `unknown kind ${quote(word)}: use ${KINDS.map((k) => k.plural).join(", ")}`,
    suggestSimilar(word, KINDS.map((k) => k.plural)) ??
      suggestSimilar(word, BY_WORD.keys()),
  );
  error.command = command;
  throw error;
}
