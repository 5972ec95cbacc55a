/**
 * Quadlets: a flat set of `.kat` files describing one application, checked
 * file by file and then across files.
 *
 * @module
 */
import { quote } from "../diagnostics/quote.ts";
import {
  type Diagnostic,
  type DiagnosticCode,
  fileDiagnostic,
  hasErrors,
  sortDiagnostics,
} from "../diagnostics/diagnostic.ts";
import { FieldPath } from "../diagnostics/field_path.ts";
import { Reporter } from "../diagnostics/reporter.ts";
import type { Workload } from "../gen/types.ts";
import {
  type ParsedResource,
  parseManifest,
  type ParseManifestResult,
} from "../manifest/parse_manifest.ts";

/**
 * Options of {@link parseQuadletFile} and {@link parseQuadletDirectory}.
 *
 * @example
 * ```ts
 * import { parseQuadletDirectory } from "@kat/toolkit";
 * parseQuadletDirectory(new Map(), { prefix: "app.tar.gz:", name: "app.tar.gz" });
 * ```
 */
export interface QuadletOptions {
  /**
   * Prefix of file names in diagnostics, such as `app.tar.gz:` or `app/`.
   * @default {""}
   */
  prefix?: string;
  /**
   * Name of the quadlet itself in diagnostics about the whole quadlet.
   * @default {"<quadlet>"}
   */
  name?: string;
}

/**
 * A checked quadlet.
 *
 * @example
 * ```ts
 * import { parseQuadletDirectory } from "@kat/toolkit";
 * const { resources, valid } = parseQuadletDirectory(new Map());
 * console.log(resources.length, valid); // 0 false
 * ```
 */
export interface QuadletResult {
  /** Every resource that could be decoded, in file-name order. */
  resources: ParsedResource[];
  /** Every problem, sorted by file and position. */
  diagnostics: Diagnostic[];
  /** True when there is no error. */
  valid: boolean;
}

const ROOT = FieldPath.root();
const KIND = ROOT.child("kind");
const NAME = ROOT.child("metadata").child("name");
const NAMESPACE = ROOT.child("metadata").child("namespace");
const TYPE = ROOT.child("spec").child("type");
const SOURCE = ROOT.child("spec").child("source");
const ONCE = ["VirtualLoadBalancer", "JobDefinition", "BuildDefinition"];

/**
 * Parses one file of a quadlet. Bytes that are not UTF-8 are a diagnostic.
 *
 * @example
 * ```ts
 * import { parseQuadletFile } from "./parse_quadlet.ts";
 * const bytes = new TextEncoder().encode("kind: Namespace\n");
 * const result = parseQuadletFile("namespace.kat", bytes);
 * console.log(result.diagnostics[0].path); // "apiVersion"
 * ```
 */
export function parseQuadletFile(
  name: string,
  bytes: Uint8Array,
  options: QuadletOptions = {},
): ParseManifestResult {
  const file = (options.prefix ?? "") + name;
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    const diagnostics = [
      fileDiagnostic(file, "encoding", "the file is not valid UTF-8 text"),
    ];
    return { diagnostics, valid: false };
  }
  return parseManifest(text.replace(/^\uFEFF/, ""), { file });
}

function reporterFor(p: ParsedResource): Reporter {
  return new Reporter(p.file, (path) => p.sourceMap.locate(path));
}

/**
 * Parses every file of a quadlet and checks the rules between them: one
 * Workload, at most one VirtualLoadBalancer, JobDefinition and BuildDefinition,
 * or a single Namespace alone; equal names and namespaces; a BuildDefinition
 * needs a git source; a JobDefinition needs a JOB; a VirtualLoadBalancer
 * refuses one. Files not ending in `.kat` are ignored with a warning.
 *
 * @example
 * ```ts
 * import { parseQuadletDirectory } from "./parse_quadlet.ts";
 * const result = parseQuadletDirectory(new Map(), { name: "app" });
 * console.log(result.diagnostics[0].message); // "the quadlet holds no .kat file"
 * ```
 */
export function parseQuadletDirectory(
  files: ReadonlyMap<string, Uint8Array> | Readonly<Record<string, Uint8Array>>,
  options: QuadletOptions = {},
): QuadletResult {
  const entries = files instanceof Map
    ? [...files.entries()]
    : Object.entries(files);
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const prefix = options.prefix ?? "";
  const diagnostics: Diagnostic[] = [];
  const resources: ParsedResource[] = [];
  let katFiles = 0;
  for (const [name, bytes] of entries) {
    if (!name.endsWith(".kat")) {
      diagnostics.push(
        fileDiagnostic(prefix + name, "ignored", "not a .kat file; ignored", {
          severity: "warning",
        }),
      );
      continue;
    }
    katFiles++;
    const result = parseQuadletFile(name, bytes, options);
    diagnostics.push(...result.diagnostics);
    if (result.parsed) resources.push(result.parsed);
  }
  const whole = (code: DiagnosticCode, message: string) =>
    diagnostics.push(
      fileDiagnostic(options.name ?? "<quadlet>", code, message),
    );
  if (katFiles === 0) whole("required", "the quadlet holds no .kat file");
  else diagnostics.push(...crossFileRules(resources, whole));
  const sorted = sortDiagnostics(diagnostics);
  return { resources, diagnostics: sorted, valid: !hasErrors(sorted) };
}

function crossFileRules(
  resources: readonly ParsedResource[],
  whole: (code: DiagnosticCode, message: string) => void,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const byKind = new Map<string, ParsedResource[]>();
  for (const r of resources) {
    const list = byKind.get(r.kind) ?? [];
    list.push(r);
    byKind.set(r.kind, list);
    if (r.kind === "ClusterConfiguration") {
      const rep = reporterFor(r);
      rep.forbidden(
        KIND,
        "ClusterConfiguration is not allowed in a quadlet",
        "it belongs in cluster.kat, read by kat-agent init",
      );
      out.push(...rep.diagnostics);
    }
  }
  const namespaces = byKind.get("Namespace") ?? [];
  const quadletKinds = resources.filter((r) =>
    r.kind !== "ClusterConfiguration"
  );
  if (namespaces.length > 0) {
    if (quadletKinds.length > 1) {
      for (const r of namespaces) {
        const rep = reporterFor(r);
        rep.forbidden(
          KIND,
          "a quadlet with a Namespace must hold nothing else",
          "move the Namespace into a quadlet of its own",
        );
        out.push(...rep.diagnostics);
      }
    }
    return out;
  }
  const workloads = byKind.get("Workload") ?? [];
  for (const kind of ["Workload", ...ONCE]) {
    const list = byKind.get(kind) ?? [];
    for (const extra of list.slice(1)) {
      const rep = reporterFor(extra);
      rep.report(
        "error",
        "duplicate",
        KIND,
        `a quadlet holds at most one ${kind}`,
        `another one is in ${list[0].file}`,
      );
      out.push(...rep.diagnostics);
    }
  }
  if (workloads.length === 0) {
    if (quadletKinds.length > 0) {
      whole("required", "the quadlet has no Workload");
    }
    return out;
  }
  const workload = workloads[0];
  const w = workload.resource as Workload;
  const wName = w.metadata?.name;
  const wNamespace = w.metadata?.namespace;
  for (const r of quadletKinds) {
    if (r === workload || r.kind === "Workload") continue;
    const meta = (r.resource as Workload).metadata;
    const rep = reporterFor(r);
    if (
      wName !== undefined && meta?.name !== undefined && meta.name !== wName
    ) {
      rep.invalid(
        NAME,
        `metadata.name ${quote(meta.name)} differs from the Workload's ${
          quote(wName)
        }`,
        `every resource of a quadlet is named like its Workload (${workload.file})`,
      );
    }
    if (
      wNamespace !== undefined && meta?.namespace !== undefined &&
      meta.namespace !== wNamespace
    ) {
      rep.invalid(
        NAMESPACE,
        `metadata.namespace ${
          quote(meta.namespace)
        } differs from the Workload's ${quote(wNamespace)}`,
        `every resource of a quadlet is in its Workload's namespace (${workload.file})`,
      );
    }
    out.push(...rep.diagnostics);
  }
  const rep = reporterFor(workload);
  const type = w.spec?.type;
  const build = byKind.get("BuildDefinition")?.[0];
  if (build && w.spec?.source && w.spec.source.git === undefined) {
    rep.invalid(
      SOURCE,
      `a BuildDefinition (${build.file}) needs spec.source.git`,
      "build from a git repository, or remove the BuildDefinition",
    );
  }
  const job = byKind.get("JobDefinition")?.[0];
  if (job && type !== undefined && type !== "WORKLOAD_TYPE_JOB") {
    rep.invalid(
      TYPE,
      `a JobDefinition (${job.file}) needs spec.type JOB`,
      "set spec.type: JOB, or remove the JobDefinition",
    );
  }
  const vlb = byKind.get("VirtualLoadBalancer")?.[0];
  if (vlb && type === "WORKLOAD_TYPE_JOB") {
    rep.invalid(
      TYPE,
      `a JOB cannot have a VirtualLoadBalancer (${vlb.file})`,
      "use SERVICE or DAEMON_SERVICE, or remove the VirtualLoadBalancer",
    );
  }
  out.push(...rep.diagnostics);
  return out;
}
