/**
 * `katcall get` and `katcall delete`: nodes, namespaces and the resources of
 * quadlets in a running cluster, read and removed through the leader's API.
 *
 * @module
 */
import type { Node, Resource } from "../gen/types.ts";
import { formatNodeTable } from "../output/nodes.ts";
import { formatResources } from "../output/get_output.ts";
import { formatResourceTable } from "../output/resource_tables.ts";
import { shownName } from "./shown_name.ts";
import { KATCONFIG_OPTION, withClusterClient } from "./cluster_client.ts";
import { clusterKind } from "./cluster_kinds.ts";
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
  "nodes (no), namespaces (ns), workloads, virtualloadbalancers, jobdefinitions, builddefinitions; or a singular, or a kind's name";

const NAMESPACE_OPTION = {
  long: "namespace",
  short: "n",
  value: "namespace",
  description:
    "the namespace of namespaced kinds (default: default; nodes and namespaces have none)",
} as const;

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
      if (opts.namespace === "") {
        throw new UsageError("--namespace needs a name");
      }
      const namespace = opts.namespace ?? "default";
      const all = opts.allNamespaces === true;
      const what = `katcall get ${
        name === undefined ? kind.plural : `${kind.singular}/${shownName(name)}`
      }`;
      return await withClusterClient(io, what, {
        katconfig: opts.katconfig,
        timeoutMs: options.timeoutMs,
      }, async (client) => {
        let items: Resource[];
        let leader: string | undefined;
        let members: string[] | undefined;
        if (kind.kind === "Node") {
          if (name === undefined) {
            ({ items, leader, members } = await client.listNodes());
          } else {
            const answer = await client.getNode(name);
            items = [answer.node];
            ({ leader, members } = answer);
          }
        } else if (kind.namespaced === undefined) {
          items = name === undefined
            ? await client.listNamespaces()
            : [await client.getNamespace(name)];
        } else if (name === undefined) {
          items = await client.listResources(
            kind.namespaced,
            all ? { all } : { namespace },
          );
        } else {
          items = [await client.getResource(kind.namespaced, namespace, name)];
        }
        if (opts.output !== "table") {
          await io.stdout(
            formatResources(items, opts.output, name !== undefined),
          );
        } else if (items.length === 0) {
          await io.stderr("No resources found\n");
        } else {
          const now = (options.now ?? Date.now)();
          await io.stdout(
            kind.kind === "Node"
              ? formatNodeTable(items as Node[], leader, now, members)
              : formatResourceTable(kind.kind, items, {
                now,
                namespaceColumn: all && kind.namespaced !== undefined,
              }),
          );
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
      if (opts.namespace === "") {
        throw new UsageError("--namespace needs a name");
      }
      const namespace = opts.namespace ?? "default";
      const what = `katcall delete ${kind.singular}/${shownName(name)}`;
      return await withClusterClient(io, what, {
        katconfig: opts.katconfig,
        timeoutMs: options.timeoutMs,
      }, async (client) => {
        if (kind.kind === "Node") {
          const deleted = await client.deleteNode(name);
          await io.stdout(`node/${shownName(deleted)} deleted\n`);
        } else {
          await (kind.namespaced === undefined
            ? client.deleteNamespace(name)
            : client.deleteResource(kind.namespaced, namespace, name));
          await io.stdout(`${kind.singular}/${shownName(name)} deleted\n`);
        }
        return EXIT.ok;
      });
    },
  });
}
