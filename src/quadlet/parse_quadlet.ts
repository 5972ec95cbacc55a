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
import type { Resource } from "../gen/types.ts";
import type { KindRules } from "../kinds/kind_rules.ts";
import { kindRules } from "../kinds/registry.ts";
import { resourceTypes, typeForKind } from "../schema/registry.ts";
import type { QuadletRole } from "../schema/tables.ts";
import {
  type ParsedResource,
  parseManifest,
  type ParseManifestResult,
  sourceMapOf,
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
  /**
   * Whether resources of kinds that have no place in a quadlet (a
   * ClusterConfiguration) stand alone, checked on their own, instead of being
   * an error. Directories of a repository hold `cluster.kat` beside quadlets;
   * an uploaded archive never does.
   * @default {false}
   */
  standalone?: boolean;
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

const ROOT = FieldPath.of<Resource>();
const KIND = ROOT.child("kind");
const NAME = ROOT.child("metadata").child("name");
const NAMESPACE = ROOT.child("metadata").child("namespace");

/** The kinds by their place in a quadlet, from the proto's `(resource).quadlet`. */
const byRole = (role: QuadletRole) =>
  resourceTypes.filter((t) => t.resource!.quadlet === role).map((t) =>
    t.resource!.kind
  );
const MAIN = byRole("main");
const COMPANIONS = byRole("companion");
const ALONE = byRole("alone");

/** What a quadlet may hold, in words. */
const ALLOWED = `a quadlet holds ${
  MAIN.join(" or ")
} with at most one each of ${COMPANIONS.join(", ")}, or ${
  ALONE.map((k) => `a ${k}`).join(" or ")
} alone`;

/** Strict UTF-8: bytes that are not UTF-8 are refused, not replaced. */
const UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

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
    text = UTF8.decode(bytes);
  } catch {
    const diagnostics = [
      fileDiagnostic(file, "encoding", "the file is not valid UTF-8 text"),
    ];
    return { diagnostics, valid: false };
  }
  return parseManifest(text.replace(/^\uFEFF/, ""), { file });
}

function reporterFor(p: ParsedResource): Reporter {
  const map = sourceMapOf(p);
  return new Reporter(p.file, (path) => map.locate(path));
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
  else {
    diagnostics.push(
      ...crossFileRules(resources, whole, options.standalone ?? false),
    );
  }
  const sorted = sortDiagnostics(diagnostics);
  return { resources, diagnostics: sorted, valid: !hasErrors(sorted) };
}

function crossFileRules(
  resources: readonly ParsedResource[],
  whole: (code: DiagnosticCode, message: string) => void,
  standalone: boolean,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const report = (r: ParsedResource, fn: (rep: Reporter) => void) => {
    const rep = reporterFor(r);
    fn(rep);
    out.push(...rep.diagnostics);
  };
  const byKind = new Map<string, ParsedResource[]>();
  const members: ParsedResource[] = [];
  for (const r of resources) {
    if (typeForKind(r.kind)?.resource?.quadlet === undefined) {
      if (standalone) continue;
      report(
        r,
        (rep) =>
          rep.forbidden(KIND, `${r.kind} is not allowed in a quadlet`, ALLOWED),
      );
      continue;
    }
    members.push(r);
    byKind.set(r.kind, [...(byKind.get(r.kind) ?? []), r]);
  }
  const alone = members.filter((r) => ALONE.includes(r.kind));
  if (alone.length > 0) {
    if (members.length > 1) {
      for (const r of alone) {
        report(r, (rep) =>
          rep.forbidden(
            KIND,
            `a quadlet with a ${r.kind} must hold nothing else`,
            `move the ${r.kind} into a quadlet of its own`,
          ));
      }
    }
    return out;
  }
  for (const kind of [...MAIN, ...COMPANIONS]) {
    const list = byKind.get(kind) ?? [];
    for (const extra of list.slice(1)) {
      report(extra, (rep) =>
        rep.report(
          "error",
          "duplicate",
          KIND,
          `a quadlet holds at most one ${kind}`,
          `another one is in ${list[0].file}`,
        ));
    }
  }
  // The proto makes Workload the one main kind.
  const main = members.find((r) => MAIN.includes(r.kind)) as
    | ParsedResource<"Workload">
    | undefined;
  if (!main) {
    if (members.length > 0) {
      whole("required", `the quadlet has no ${MAIN.join(" or ")}`);
    }
    return out;
  }
  const meta = main.resource.metadata;
  for (const r of members) {
    if (r.kind === main.kind) continue;
    report(r, (rep) => {
      const m = r.resource.metadata;
      if (
        meta?.name !== undefined && m?.name !== undefined &&
        m.name !== meta.name
      ) {
        rep.invalid(
          NAME,
          `metadata.name ${quote(m.name)} differs from the ${main.kind}'s ${
            quote(meta.name)
          }`,
          `every resource of a quadlet is named like its ${main.kind} (${main.file})`,
        );
      }
      if (
        meta?.namespace !== undefined && m?.namespace !== undefined &&
        m.namespace !== meta.namespace
      ) {
        rep.invalid(
          NAMESPACE,
          `metadata.namespace ${
            quote(m.namespace)
          } differs from the ${main.kind}'s ${quote(meta.namespace)}`,
          `every resource of a quadlet is in its ${main.kind}'s namespace (${main.file})`,
        );
      }
    });
  }
  report(main, (reporter) => {
    for (const r of members) {
      if (!COMPANIONS.includes(r.kind) || byKind.get(r.kind)?.[0] !== r) {
        continue;
      }
      const rules = kindRules[r.kind] as
        | KindRules<typeof r.resource>
        | undefined;
      rules?.inQuadlet?.(r.resource, {
        main: main.resource,
        reporter,
        file: r.file,
      });
    }
  });
  return out;
}
