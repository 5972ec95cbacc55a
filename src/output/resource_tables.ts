/**
 * Namespaces, workloads, virtual load balancers, job and build definitions
 * as `katcall get` prints them in a table.
 *
 * @module
 */
import type {
  BuildDefinition,
  JobDefinition,
  Namespace,
  Resource,
  VirtualLoadBalancer,
  Workload,
} from "../gen/types.ts";
import { escapeControl } from "../diagnostics/quote.ts";
import { shortAge } from "./age.ts";
import { cell } from "./nodes.ts";
import { formatTable } from "./table.ts";

/** The columns of one kind, between NAME and GENERATION. */
interface KindColumns<R extends Resource> {
  headers: readonly string[];
  /** Whether GENERATION is shown. @default {true} */
  generation?: boolean;
  cells(resource: R): string[];
}

/** Where a workload's image comes from: the image, or the git revision. */
function workloadSource(workload: Workload): string | undefined {
  const source = workload.spec?.source;
  if (source?.image !== undefined) return source.image;
  const git = source?.git;
  if (git?.repository === undefined) return undefined;
  const revision = git.commit ?? git.tag ?? git.branch;
  return revision === undefined
    ? git.repository
    : `${git.repository}#${revision}`;
}

const WORKLOAD: KindColumns<Workload> = {
  headers: ["TYPE", "REPLICAS", "SOURCE"],
  cells: (w) => [
    cell(w.spec?.type),
    cell(w.spec?.replicas === undefined ? undefined : String(w.spec.replicas)),
    cell(workloadSource(w)),
  ],
};

const VIRTUAL_LOAD_BALANCER: KindColumns<VirtualLoadBalancer> = {
  headers: ["PORTS"],
  cells: (v) => [
    cell(
      (v.spec?.ports ?? []).map((p) =>
        `${p.name ?? ""}:${p.containerPort ?? ""}/${p.protocol ?? "TCP"}`
      ).join(","),
    ),
  ],
};

const JOB_DEFINITION: KindColumns<JobDefinition> = {
  headers: ["SCHEDULE"],
  // A schedule's fields are separated by spaces, as a crontab's are.
  cells: (j) => [
    j.spec?.schedule ? escapeControl(j.spec.schedule) : "<none>",
  ],
};

const BUILD_DEFINITION: KindColumns<BuildDefinition> = {
  headers: ["CONTEXT", "DOCKERFILE"],
  cells: (b) => [cell(b.spec?.buildContext), cell(b.spec?.dockerfilePath)],
};

const NAMESPACE: KindColumns<Namespace> = {
  headers: [],
  generation: false,
  cells: () => [],
};

/** The columns of each kind `katcall get` prints a table of, but nodes. */
const COLUMNS: { readonly [kind: string]: KindColumns<Resource> } = {
  Workload: WORKLOAD as KindColumns<Resource>,
  VirtualLoadBalancer: VIRTUAL_LOAD_BALANCER as KindColumns<Resource>,
  JobDefinition: JOB_DEFINITION as KindColumns<Resource>,
  BuildDefinition: BUILD_DEFINITION as KindColumns<Resource>,
  Namespace: NAMESPACE as KindColumns<Resource>,
};

/** Options of {@link formatResourceTable}. */
export interface ResourceTableOptions {
  /** The time ages are counted to, in milliseconds since the epoch. */
  now: number;
  /** Whether a NAMESPACE column comes first (`-A`). @default {false} */
  namespaceColumn?: boolean;
}

/**
 * Resources of one kind as a table, as `kubectl get` prints one: NAME, the
 * kind's own columns, GENERATION and AGE (of `metadata.creationTimestamp`,
 * as of `options.now`), with NAMESPACE first when `namespaceColumn` is set.
 * The kind's columns: Workload TYPE, REPLICAS, SOURCE (the image, or the git
 * repository and `#revision`); VirtualLoadBalancer PORTS
 * (`name:port/PROTOCOL`, comma-separated); JobDefinition SCHEDULE;
 * BuildDefinition CONTEXT, DOCKERFILE; Namespace none, and no GENERATION. Empty fields show
 * `<none>`; control characters are escaped.
 *
 * @example
 * ```ts
 * import { formatResourceTable } from "./resource_tables.ts";
 * console.log(formatResourceTable("JobDefinition", [{
 *   kind: "JobDefinition",
 *   metadata: { name: "backup", generation: "2", creationTimestamp: "2026-12-03T12:00:00Z" },
 *   spec: { schedule: "0 3 * * *" },
 * }], { now: Date.parse("2026-12-05T12:00:00Z") }));
 * // NAME    SCHEDULE   GENERATION  AGE
 * // backup  0 3 * * *  2           2d
 * ```
 */
export function formatResourceTable(
  kind: Resource["kind"],
  resources: readonly Resource[],
  options: ResourceTableOptions,
): string {
  const columns = COLUMNS[kind];
  if (columns === undefined) throw new Error(`no table for ${kind}`);
  const first = options.namespaceColumn ? ["NAMESPACE"] : [];
  const generation = columns.generation ?? true;
  return formatTable([
    [
      ...first,
      "NAME",
      ...columns.headers,
      ...(generation ? ["GENERATION"] : []),
      "AGE",
    ],
    ...resources.map((r) => [
      ...(options.namespaceColumn ? [cell(r.metadata?.namespace)] : []),
      cell(r.metadata?.name),
      ...columns.cells(r),
      ...(generation ? [cell(r.metadata?.generation)] : []),
      r.metadata?.creationTimestamp === undefined
        ? "<unknown>"
        : shortAge(r.metadata.creationTimestamp, options.now),
    ]),
  ]);
}
