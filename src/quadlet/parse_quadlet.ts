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
import { kindRules } from "../kinds/rules_by_kind.ts";
import { resourceTypes, typeForKind } from "../schema/registry.ts";
import type { QuadletRole } from "../schema/tables.ts";
import { parseManifest, sourceMapOf } from "../manifest/parse_manifest.ts";
import type {
  ManifestSource,
  ParsedResource,
  ParseResult,
} from "../manifest/parse_result.ts";

/**
 * Options of {@link parseQuadlet}.
 *
 * @example
 * ```ts
 * import { parseQuadlet } from "@kat/toolkit";
 * parseQuadlet(new Map(), { prefix: "app.tar.gz:", name: "app.tar.gz" });
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
  /**
   * The files reported on, by name (as keys of `files`), when not all are:
   * every file is still parsed and the rules between files still hold, but
   * only these files' own diagnostics and resources are returned, with the
   * diagnostics of rules that involve one of them and those about the
   * quadlet as a whole. A rule between a file reported on and one that is
   * not is said at the file reported on (its own field, naming the other
   * file and its value), so no diagnostic is about a file not reported on.
   * This is how `katcall validate FILE` checks a file with its quadlet.
   * @default {undefined} (every file)
   */
  only?: readonly string[];
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
/** The kinds a quadlet holds at most one of each, in the order checked. */
const ONE_EACH = [...MAIN, ...COMPANIONS];

/** What a quadlet may hold, in words. */
const ALLOWED = `a quadlet holds ${
  MAIN.join(" or ")
} with at most one each of ${COMPANIONS.join(", ")}, or ${
  ALONE.map((k) => `a ${k}`).join(" or ")
} alone`;

function reporterFor(p: ParsedResource): Reporter {
  const map = sourceMapOf(p);
  return new Reporter(p.file, (path) => map.locate(path));
}

/**
 * The files of a quadlet by name: text or UTF-8 bytes, in a `Map` or a plain
 * object.
 *
 * @example
 * ```ts
 * import type { QuadletFiles } from "@kat/toolkit";
 * const files: QuadletFiles = { "namespace.kat": "apiVersion: kat.dws.rip/v1alpha1\n" };
 * ```
 */
export type QuadletFiles =
  | ReadonlyMap<string, ManifestSource>
  | Readonly<Record<string, ManifestSource>>;

/**
 * Parses every file of a quadlet and checks the rules between them, all
 * written in the proto: one Workload, at most one VirtualLoadBalancer,
 * JobDefinition and BuildDefinition, or a single Namespace alone; the same
 * name and namespace everywhere; a BuildDefinition needs a git source, a
 * JobDefinition a JOB, and a VirtualLoadBalancer refuses one. Files not
 * ending in `.kat` are ignored with a warning. Bad input never throws.
 *
 * @param files The quadlet's files by name (flat: no directories).
 * @param options `prefix` of file names in diagnostics (default none), `name`
 * of the quadlet in diagnostics about it as a whole (default `<quadlet>`),
 * `standalone` (default false): whether a ClusterConfiguration among the
 * files stands alone instead of being an error, and `only` (default every
 * file): the files reported on.
 * @returns The verdict, every diagnostic, and every resource, in file order.
 *
 * @example
 * ```ts
 * import { parseQuadlet } from "@kat/toolkit";
 * const result = parseQuadlet({
 *   "namespace.kat": "apiVersion: kat.dws.rip/v1alpha1\nkind: Namespace\nmetadata: {name: team-a}\n",
 * }, { name: "team-a" });
 * console.log(result.valid, result.resources.map((r) => r.kind)); // true ["Namespace"]
 * ```
 */
export function parseQuadlet(
  files: QuadletFiles,
  options?: QuadletOptions,
): ParseResult {
  const entries: [string, ManifestSource][] = files instanceof Map
    ? [...files.entries()]
    : Object.entries(files);
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  options ??= {};
  const prefix = options.prefix ?? "";
  const only = options.only && new Set(options.only.map((n) => prefix + n));
  const reported = (file: string) => !only || only.has(file);
  const diagnostics: Diagnostic[] = [];
  const resources: ParsedResource[] = [];
  let katFiles = 0;
  for (const [name, bytes] of entries) {
    const file = prefix + name;
    if (!name.endsWith(".kat")) {
      if (reported(file)) {
        diagnostics.push(
          fileDiagnostic(file, "ignored", "not a .kat file; ignored", {
            severity: "warning",
          }),
        );
      }
      continue;
    }
    katFiles++;
    const result = parseManifest(bytes, { file });
    if (reported(file)) diagnostics.push(...result.diagnostics);
    resources.push(...result.resources);
  }
  const name = options.name ?? "<quadlet>";
  const whole = (code: DiagnosticCode, message: string) =>
    diagnostics.push(fileDiagnostic(name, code, message));
  if (katFiles === 0) whole("required", "the quadlet holds no .kat file");
  else {
    const involves = (...rs: ParsedResource[]) =>
      rs.some((r) => reported(r.file));
    diagnostics.push(
      ...crossFileRules(resources, {
        whole,
        standalone: options.standalone ?? false,
        involves,
        reported: (r) => reported(r.file),
      }),
    );
  }
  const sorted = sortDiagnostics(diagnostics);
  return {
    valid: !hasErrors(sorted),
    diagnostics: sorted,
    resources: only ? resources.filter((r) => reported(r.file)) : resources,
  };
}

/** Diagnostics about one resource, at its own positions. */
function about(r: ParsedResource, fn: (rep: Reporter) => void): Diagnostic[] {
  const rep = reporterFor(r);
  fn(rep);
  return rep.diagnostics;
}

/** A kind with no place in a quadlet is an error (or stands alone). */
function notAllowed(r: ParsedResource): Diagnostic[] {
  return about(
    r,
    (rep) =>
      rep.forbidden(KIND, `${r.kind} is not allowed in a quadlet`, ALLOWED),
  );
}

/** A resource that must be alone, beside others. */
function notAlone(r: ParsedResource): Diagnostic[] {
  return about(r, (rep) =>
    rep.forbidden(
      KIND,
      `a quadlet with a ${r.kind} must hold nothing else`,
      `move the ${r.kind} into a quadlet of its own`,
    ));
}

/** A resource beside one that must be alone, at the one beside it. */
function besideAlone(r: ParsedResource, alone: ParsedResource): Diagnostic[] {
  return about(r, (rep) =>
    rep.forbidden(
      KIND,
      `a quadlet with a ${alone.kind} (${alone.file}) must hold nothing else`,
      `move the ${alone.kind} into a quadlet of its own`,
    ));
}

/** A resource of a kind after its first, where one is the most. */
function extra(r: ParsedResource, first: ParsedResource): Diagnostic[] {
  return about(r, (rep) =>
    rep.report(
      "error",
      "duplicate",
      KIND,
      `a quadlet holds at most one ${r.kind}`,
      `another one is in ${first.file}`,
    ));
}

/**
 * A companion named, or placed, other than the main resource: said at the
 * companion, naming the main one's file in the hint, or, `atMain` (when the
 * companion's file is not reported on), at the main one's own name or
 * namespace, naming the companion's file.
 */
function unlikeMain(
  r: ParsedResource,
  main: ParsedResource<"Workload">,
  atMain = false,
): Diagnostic[] {
  const [at, other] = atMain ? [main, r] : [r, main];
  const otherFile = atMain ? ` (${r.file})` : "";
  const mainFile = atMain ? "" : ` (${main.file})`;
  return about(at, (rep) => {
    const differ = (
      path: FieldPath,
      field: "name" | "namespace",
      hint: string,
    ) => {
      const own = at.resource.metadata?.[field];
      const theirs = other.resource.metadata?.[field];
      if (own === undefined || theirs === undefined || own === theirs) return;
      rep.invalid(
        path,
        `metadata.${field} ${quote(own)} differs from the ${other.kind}'s ${
          quote(theirs)
        }${otherFile}`,
        `${hint}${mainFile}`,
      );
    };
    differ(
      NAME,
      "name",
      `every resource of a quadlet is named like its ${main.kind}`,
    );
    differ(
      NAMESPACE,
      "namespace",
      `every resource of a quadlet is in its ${main.kind}'s namespace`,
    );
  });
}

/**
 * Diagnostics found at `from`, said at `to`'s kind instead (when only `to`'s
 * file is reported on), naming where in `from` they are.
 */
function moved(
  found: readonly Diagnostic[],
  from: ParsedResource,
  to: ParsedResource,
): Diagnostic[] {
  const position = sourceMapOf(to).locate(KIND);
  return found.map((d) => ({
    ...d,
    file: to.file,
    line: position.line,
    column: position.column,
    path: KIND.toString(),
    message: `${d.message}, at ${d.path} in ${from.file}`,
  }));
}

/** What a companion's kind requires of the main resource, at the main one. */
function companionRules(
  r: ParsedResource,
  main: ParsedResource<"Workload">,
): Diagnostic[] {
  return about(main, (reporter) => {
    const rules = kindRules[r.kind] as
      | KindRules<typeof r.resource>
      | undefined;
    rules?.inQuadlet?.(r.resource, {
      main: main.resource,
      reporter,
      file: r.file,
    });
  });
}

/** How {@link crossFileRules} reports. */
interface CrossFileContext {
  /** Reports a diagnostic about the quadlet as a whole. */
  whole: (code: DiagnosticCode, message: string) => void;
  /** Whether a ClusterConfiguration stands alone. */
  standalone: boolean;
  /** Whether a rule between these resources' files is reported. */
  involves: (...resources: ParsedResource[]) => boolean;
  /** Whether this resource's file is reported on. */
  reported: (resource: ParsedResource) => boolean;
}

/** The rules between the files of a quadlet, each in a function above. */
function crossFileRules(
  resources: readonly ParsedResource[],
  { whole, standalone, involves, reported }: CrossFileContext,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const members: ParsedResource[] = [];
  for (const r of resources) {
    if (typeForKind(r.kind)?.resource?.quadlet !== undefined) members.push(r);
    else if (!standalone && involves(r)) out.push(...notAllowed(r));
  }
  const alone = members.filter((r) => ALONE.includes(r.kind));
  if (alone.length > 0) {
    // Every other member is what the one alone must not be beside.
    // Said at each one alone that is reported on; when none is, at each
    // member reported on that is beside one.
    if (members.length > 1 && involves(...members)) {
      const named = alone.filter(reported);
      if (named.length > 0) out.push(...named.flatMap(notAlone));
      else {
        for (const r of members.filter(reported)) {
          out.push(...besideAlone(r, alone[0]));
        }
      }
    }
    return out;
  }
  const firsts: ParsedResource[] = [];
  for (const kind of ONE_EACH) {
    const list = members.filter((r) => r.kind === kind);
    if (list.length > 0) firsts.push(list[0]);
    for (const r of list.slice(1)) {
      if (reported(r)) out.push(...extra(r, list[0]));
      else if (reported(list[0])) out.push(...extra(list[0], r));
    }
  }
  // The proto makes Workload the one main kind.
  const main = firsts.find((r) => MAIN.includes(r.kind)) as
    | ParsedResource<"Workload">
    | undefined;
  if (!main) {
    if (members.length > 0) {
      whole("required", `the quadlet has no ${MAIN.join(" or ")}`);
    }
    return out;
  }
  // A rule between two files is said at the side it is about when that
  // file is reported on, otherwise at the other side, if that one is.
  for (const r of members) {
    if (r.kind === main.kind) continue;
    if (reported(r)) out.push(...unlikeMain(r, main));
    else if (reported(main)) out.push(...unlikeMain(r, main, true));
  }
  for (const r of firsts) {
    if (r === main) continue;
    if (reported(main)) out.push(...companionRules(r, main));
    else if (reported(r)) {
      out.push(...moved(companionRules(r, main), main, r));
    }
  }
  return out;
}
