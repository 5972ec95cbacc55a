/**
 * The KIND words of `katcall get` and `katcall delete`, and which of them
 * this version serves.
 *
 * @module
 */
import { quote } from "../diagnostics/quote.ts";
import { suggestSimilar } from "./suggest_similar.ts";
import { ArgsError } from "./usage_error.ts";

/** A kind as the cluster commands name it. */
export interface ClusterKind {
  /** The plural, lower case: `nodes`. */
  plural: string;
  /** The singular, lower case: `node` (as in `node/NAME`). */
  singular: string;
  /** Whether this version of the tools reads it from the API. */
  served: boolean;
}

const KINDS: readonly (ClusterKind & { short?: string })[] = [
  { plural: "nodes", singular: "node", short: "no", served: true },
  { plural: "namespaces", singular: "namespace", short: "ns", served: false },
  { plural: "workloads", singular: "workload", served: false },
  {
    plural: "virtualloadbalancers",
    singular: "virtualloadbalancer",
    served: false,
  },
  { plural: "jobdefinitions", singular: "jobdefinition", served: false },
  { plural: "builddefinitions", singular: "builddefinition", served: false },
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
