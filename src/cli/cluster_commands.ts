/**
 * `katcall get` and `katcall delete`: resources of a running cluster, read
 * and removed through the leader's API.
 *
 * @module
 */
import type { Node } from "../gen/types.ts";
import { formatNodes, formatNodeTable } from "../output/nodes.ts";
import { shownName } from "./shown_name.ts";
import { KATCONFIG_OPTION, withClusterClient } from "./cluster_client.ts";
import { type ClusterKind, clusterKind } from "./cluster_kinds.ts";
import { EXIT } from "./command.ts";
import type { CliIo } from "./io.ts";
import { type Command, defineCommand } from "./spec.ts";
import { UsageError } from "./usage_error.ts";

/** Options of the cluster commands. */
export interface ClusterCommandOptions {
  /**
   * The time ages are counted to, in milliseconds since the epoch.
   * @default {Date.now}
   */
  now?: () => number;
  /** How long one request may take, in milliseconds. @default {10000} */
  timeoutMs?: number;
}

const KIND_DESCRIPTION =
  "nodes (node, no); namespaces, workloads, virtualloadbalancers, jobdefinitions and builddefinitions are not served yet";

const NAMESPACE_OPTION = {
  long: "namespace",
  short: "n",
  value: "namespace",
  description: "the namespace of namespaced kinds (nodes have none)",
} as const;

/** Exit 1 for a kind this version does not read from the API. */
async function notServed(
  io: CliIo,
  command: string,
  kind: ClusterKind,
): Promise<number> {
  await io.stderr(
    `katcall ${command} ${kind.plural}: not served by this version yet\n`,
  );
  return EXIT.invalid;
}

/**
 * `katcall get KIND [NAME]`.
 *
 * @example
 * ```ts
 * import { getCommand } from "./cluster_commands.ts";
 * import { memoryIo } from "./io.ts";
 * console.log(getCommand(memoryIo()).name); // "get"
 * ```
 */
export function getCommand(
  io: CliIo,
  options: ClusterCommandOptions = {},
): Command {
  return defineCommand({
    name: "get",
    description:
      "List the resources of a kind in the cluster, or show one by name.",
    synonyms: ["list", "ls"],
    arguments: [
      { name: "kind", description: KIND_DESCRIPTION },
      {
        name: "name",
        description: "the resource to show (default: all of the kind)",
        required: false,
      },
    ],
    options: [
      {
        long: "output",
        short: "o",
        value: "format",
        description: "output format",
        choices: ["table", "json", "yaml"],
        default: "table",
        synonyms: { wide: "table", yml: "yaml" },
      },
      NAMESPACE_OPTION,
      {
        long: "all-namespaces",
        short: "A",
        description: "every namespace, for namespaced kinds",
      },
      KATCONFIG_OPTION,
    ],
    action: async ({ args: { kind: word, name }, options: opts }) => {
      const kind = clusterKind(word, "get");
      if (name === "") throw new UsageError(`get needs a name, not ""`);
      if (opts.allNamespaces && opts.namespace !== undefined) {
        throw new UsageError(
          "--namespace and --all-namespaces cannot go together",
        );
      }
      if (opts.allNamespaces && name !== undefined) {
        throw new UsageError(
          `--all-namespaces lists every ${kind.singular}: give no name, or --namespace`,
        );
      }
      if (!kind.served) return await notServed(io, "get", kind);
      const what = `katcall get ${
        name === undefined ? kind.plural : `${kind.singular}/${shownName(name)}`
      }`;
      return await withClusterClient(io, what, {
        katconfig: opts.katconfig,
        timeoutMs: options.timeoutMs,
      }, async (client) => {
        let nodes: Node[];
        let leader: string | undefined;
        if (name === undefined) {
          ({ items: nodes, leader } = await client.listNodes());
        } else {
          const answer = await client.getNode(name);
          nodes = [answer.node];
          leader = answer.leader;
        }
        if (opts.output !== "table") {
          await io.stdout(formatNodes(nodes, opts.output, name !== undefined));
        } else if (nodes.length === 0) {
          await io.stderr("No resources found\n");
        } else {
          const now = (options.now ?? Date.now)();
          await io.stdout(formatNodeTable(nodes, leader, now));
        }
        return EXIT.ok;
      });
    },
  });
}

/**
 * `katcall delete KIND NAME`.
 *
 * @example
 * ```ts
 * import { deleteCommand } from "./cluster_commands.ts";
 * import { memoryIo } from "./io.ts";
 * console.log(deleteCommand(memoryIo()).name); // "delete"
 * ```
 */
export function deleteCommand(
  io: CliIo,
  options: ClusterCommandOptions = {},
): Command {
  return defineCommand({
    name: "delete",
    description: "Remove a resource from the cluster.",
    synonyms: ["remove", "rm", "del"],
    arguments: [
      { name: "kind", description: KIND_DESCRIPTION },
      { name: "name", description: "the resource to remove" },
    ],
    options: [NAMESPACE_OPTION, KATCONFIG_OPTION],
    action: async ({ args: { kind: word, name }, options: opts }) => {
      const kind = clusterKind(word, "delete");
      if (name === "") throw new UsageError(`delete needs a name, not ""`);
      if (!kind.served) return await notServed(io, "delete", kind);
      const what = `katcall delete ${kind.singular}/${shownName(name)}`;
      return await withClusterClient(io, what, {
        katconfig: opts.katconfig,
        timeoutMs: options.timeoutMs,
      }, async (client) => {
        const deleted = await client.deleteNode(name);
        await io.stdout(`${kind.singular}/${shownName(deleted)} deleted\n`);
        return EXIT.ok;
      });
    },
  });
}
