/**
 * The resources the test API serves: the quadlets of examples/ as the
 * leader stores them (every default filled in, system fields set), and the
 * namespaces `default` and `shop`.
 *
 * @module
 */
import type { Resource } from "../../src/gen/types.ts";
import { parseQuadlet } from "../../src/quadlet/parse_quadlet.ts";
import { REPO } from "../helpers.ts";

/** The quadlets of examples/ served, by directory. */
const QUADLETS = ["web-service", "git-app", "nightly-backup", "team-namespace"];

/** The time every served resource was created, by its kind. */
const CREATED: Readonly<Record<string, string>> = {
  Namespace: "2026-12-01T12:00:00Z",
  Workload: "2026-12-05T11:00:00Z",
  VirtualLoadBalancer: "2026-12-05T11:59:00Z",
  JobDefinition: "2026-12-04T12:00:00Z",
  BuildDefinition: "2026-12-05T11:59:30Z",
};

async function load(): Promise<Resource[]> {
  const out: Resource[] = [{
    apiVersion: "kat.dws.rip/v1alpha1",
    kind: "Namespace",
    metadata: { name: "default" },
  }];
  for (const dir of QUADLETS) {
    const files = new Map<string, Uint8Array>();
    for (const entry of Deno.readDirSync(`${REPO}examples/${dir}`)) {
      files.set(
        entry.name,
        await Deno.readFile(`${REPO}examples/${dir}/${entry.name}`),
      );
    }
    const parsed = parseQuadlet(files, { prefix: `${dir}/` });
    if (!parsed.valid) throw new Error(`examples/${dir} is not valid`);
    out.push(...parsed.resources.map((r) => r.resource));
  }
  let version = 100;
  for (const r of out) {
    r.metadata = {
      ...r.metadata,
      uid: `00000000-0000-4000-8000-${String(version).padStart(12, "0")}`,
      generation: r.kind === "Workload" ? "3" : "1",
      resourceVersion: String(version++),
      creationTimestamp: CREATED[r.kind],
    };
  }
  return out;
}

/** Every served resource. */
export const RESOURCES: readonly Resource[] = await load();

/** The served resources of `kind`, sorted by namespace, then name. */
export function served(kind: Resource["kind"], namespace?: string): Resource[] {
  const key = (r: Resource) =>
    `${r.metadata?.namespace ?? ""}\u0000${r.metadata?.name}`;
  return RESOURCES.filter((r) =>
    r.kind === kind &&
    (namespace === undefined || r.metadata?.namespace === namespace)
  ).sort((a, b) => key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
}
