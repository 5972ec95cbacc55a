/**
 * Rules of Workload: what the type allows, defaults that depend on the type,
 * references between the container and its volumes, and resource bounds.
 *
 * @module
 */
import { quote } from "../diagnostics/quote.ts";
import { FieldPath } from "../diagnostics/field_path.ts";
import type { Container, Workload, WorkloadSpec } from "../gen/types.ts";
import { didYouMean } from "../diagnostics/suggest.ts";
import { parseCpuMillis, parseMemoryBytes } from "../rules/quantity.ts";
import type { KindRules, RuleContext } from "./kind_rules.ts";
import { reportDuplicates } from "./unique.ts";

const SPEC = FieldPath.of<Workload>().child("spec");

function applyWorkloadDefaults(w: Workload): void {
  const spec = w.spec;
  if (!spec) return;
  const type = spec.type;
  if (type === "SERVICE" && spec.replicas === undefined) {
    spec.replicas = 1;
  }
  if (
    type === "SERVICE" || type === "DAEMON_SERVICE"
  ) {
    spec.updateStrategy ??= {};
    spec.updateStrategy.type ??= "Rolling";
    if (
      spec.updateStrategy.type === "Rolling" &&
      spec.updateStrategy.maxSurge === undefined
    ) {
      spec.updateStrategy.maxSurge = "1";
    }
  }
  if (type !== undefined) {
    spec.restartPolicy ??= {};
    spec.restartPolicy.condition ??= type === "JOB" ? "Never" : "Always";
  }
  if (spec.restartPolicy?.condition === "MaxCount") {
    spec.restartPolicy.maxRestarts ??= 5;
    spec.restartPolicy.resetSeconds ??= 3600;
  }
  if (spec.container && spec.container.name === undefined && w.metadata?.name) {
    spec.container.name = w.metadata.name;
  }
}

function validateSource(spec: WorkloadSpec, ctx: RuleContext) {
  const src = spec.source;
  const path = SPEC.child("source");
  if (!src) return;
  if (src.cacheImage !== undefined && src.git === undefined) {
    ctx.reporter.forbidden(
      path.child("cacheImage"),
      "cacheImage is only used with a git source",
      "remove cacheImage, or build from git",
    );
  }
}

function validateTypeFields(spec: WorkloadSpec, ctx: RuleContext) {
  const type = spec.type;
  if (type === undefined) return;
  if (type !== "SERVICE" && ctx.written(SPEC.child("replicas"))) {
    ctx.reporter.forbidden(
      SPEC.child("replicas"),
      `replicas applies only to SERVICE, not ${type}`,
      type === "JOB"
        ? "use completions and parallelism in the JobDefinition"
        : "a DAEMON_SERVICE runs one instance per eligible node",
    );
  }
  if (
    type === "JOB" && ctx.written(SPEC.child("updateStrategy"))
  ) {
    ctx.reporter.forbidden(
      SPEC.child("updateStrategy"),
      "updateStrategy does not apply to a JOB",
    );
  }
  const us = spec.updateStrategy;
  const surge = SPEC.child("updateStrategy").child("maxSurge");
  if (us?.type === "Simultaneous" && ctx.written(surge)) {
    ctx.reporter.forbidden(
      surge,
      "maxSurge applies only to the Rolling strategy",
    );
  }
  const rp = SPEC.child("restartPolicy");
  if (spec.restartPolicy?.condition !== "MaxCount") {
    for (const key of ["maxRestarts", "resetSeconds"] as const) {
      if (ctx.written(rp.child(key))) {
        ctx.reporter.forbidden(
          rp.child(key),
          `${key} applies only to the MaxCount condition`,
        );
      }
    }
  }
}

function validateTolerations(spec: WorkloadSpec, ctx: RuleContext) {
  (spec.tolerations ?? []).forEach((t, i) => {
    const path = SPEC.child("tolerations").index(i);
    if (
      t.operator === "Exists" && t.value !== undefined &&
      t.value !== ""
    ) {
      ctx.reporter.forbidden(
        path.child("value"),
        "a toleration with operator Exists takes no value",
      );
    }
    if (
      t.operator === "Equal" &&
      (t.key === undefined || t.key === "")
    ) {
      ctx.reporter.required(
        path.child("key"),
        "operator Equal compares a key; use Exists to match every taint",
      );
    }
  });
}

function compare(
  container: Container,
  resource: "cpu" | "memory",
  ctx: RuleContext,
  path: FieldPath,
) {
  const req = container.resources?.requests?.[resource];
  const lim = container.resources?.limits?.[resource];
  if (req === undefined || lim === undefined) return;
  const parse = resource === "memory" ? parseMemoryBytes : parseCpuMillis;
  const r = parse(req);
  const l = parse(lim);
  if (r.ok && l.ok && r.value > l.value) {
    ctx.reporter.invalid(
      path.child("requests").child(resource),
      `${resource} request ${req} is above its limit ${lim}`,
      "a request must not exceed the limit",
    );
  }
}

function validateContainer(spec: WorkloadSpec, ctx: RuleContext) {
  const c = spec.container;
  if (!c) return;
  const path = SPEC.child("container");
  reportDuplicates(
    c.env,
    (e) => e.name,
    (i) => path.child("env").index(i).child("name"),
    ctx.reporter,
  );
  const volumes = (spec.volumes ?? []).map((v) => v.name).filter((
    n,
  ): n is string => n !== undefined);
  (c.volumeMounts ?? []).forEach((m, i) => {
    if (m.name !== undefined && !volumes.includes(m.name)) {
      ctx.reporter.notFound(
        path.child("volumeMounts").index(i).child("name"),
        `no volume named ${quote(m.name)} in spec.volumes`,
        didYouMean(m.name, volumes) ?? "declare it in spec.volumes",
      );
    }
  });
  reportDuplicates(
    c.volumeMounts,
    (m) => m.mountPath?.replace(/(.)\/+$/, "$1"),
    (i) => path.child("volumeMounts").index(i).child("mountPath"),
    ctx.reporter,
  );
  const res = path.child("resources");
  compare(c, "cpu", ctx, res);
  compare(c, "memory", ctx, res);
}

function validateVolumes(spec: WorkloadSpec, ctx: RuleContext) {
  const path = SPEC.child("volumes");
  reportDuplicates(
    spec.volumes,
    (v) => v.name,
    (i) => path.index(i).child("name"),
    ctx.reporter,
  );
  const mounted = new Set(
    (spec.container?.volumeMounts ?? []).map((m) => m.name),
  );
  (spec.volumes ?? []).forEach((v, i) => {
    if (v.name !== undefined && !mounted.has(v.name)) {
      ctx.reporter.warning(
        "unused",
        path.index(i).child("name"),
        `volume ${quote(v.name)} is not mounted by the container`,
        "mount it in spec.container.volumeMounts, or remove it",
      );
    }
  });
}

/**
 * The rules of Workload.
 *
 * @example
 * ```ts
 * import { workloadRules } from "./workload.ts";
 * import type { Workload } from "../gen/types.ts";
 * const w: Workload = { kind: "Workload", metadata: { name: "web" }, spec: { type: "SERVICE", container: {} } };
 * workloadRules.applyDefaults?.(w);
 * console.log(w.spec?.replicas, w.spec?.container); // 1 { name: "web" }
 * ```
 */
export const workloadRules: KindRules<Workload> = {
  applyDefaults: applyWorkloadDefaults,
  validate(w, ctx) {
    const spec = w.spec;
    if (!spec) return;
    validateSource(spec, ctx);
    validateTypeFields(spec, ctx);
    validateTolerations(spec, ctx);
    validateContainer(spec, ctx);
    validateVolumes(spec, ctx);
  },
};
