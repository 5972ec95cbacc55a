/**
 * Rules of Workload: what the type allows, defaults that depend on the type,
 * references between the container and its volumes, and resource bounds.
 *
 * @module
 */
import { FieldPath } from "../diagnostics/field_path.ts";
import type { Container, Workload, WorkloadSpec } from "../gen/types.ts";
import { didYouMean } from "../decode/suggest.ts";
import { parseCpuMillis, parseMemoryBytes } from "../rules/quantity.ts";
import type { KindRules, RuleContext } from "./kind_rules.ts";
import { reportDuplicates } from "./unique.ts";
import { enumType } from "../schema/registry.ts";

const SPEC = FieldPath.root().child("spec");

const TYPE_SPELLING = enumType("WorkloadType").toSpelling;

function applyWorkloadDefaults(w: Workload): void {
  const spec = w.spec;
  if (!spec) return;
  const type = spec.type;
  if (type === "WORKLOAD_TYPE_SERVICE" && spec.replicas === undefined) {
    spec.replicas = 1;
  }
  if (
    type === "WORKLOAD_TYPE_SERVICE" || type === "WORKLOAD_TYPE_DAEMON_SERVICE"
  ) {
    spec.updateStrategy ??= {};
    spec.updateStrategy.type ??= "UPDATE_STRATEGY_TYPE_ROLLING";
    if (
      spec.updateStrategy.type === "UPDATE_STRATEGY_TYPE_ROLLING" &&
      spec.updateStrategy.maxSurge === undefined
    ) {
      spec.updateStrategy.maxSurge = "1";
    }
  }
  if (type !== undefined) {
    spec.restartPolicy ??= {};
    spec.restartPolicy.condition ??= type === "WORKLOAD_TYPE_JOB"
      ? "RESTART_CONDITION_NEVER"
      : "RESTART_CONDITION_ALWAYS";
  }
  if (spec.restartPolicy?.condition === "RESTART_CONDITION_MAX_COUNT") {
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
  if (src.image === undefined && src.git === undefined && ctx.written(path)) {
    ctx.reporter.required(
      path.child("image"),
      "set exactly one of image and git",
    );
  }
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
  const name = TYPE_SPELLING.get(type);
  if (type !== "WORKLOAD_TYPE_SERVICE" && ctx.written(SPEC.child("replicas"))) {
    ctx.reporter.forbidden(
      SPEC.child("replicas"),
      `replicas applies only to SERVICE, not ${name}`,
      type === "WORKLOAD_TYPE_JOB"
        ? "use completions and parallelism in the JobDefinition"
        : "a DAEMON_SERVICE runs one instance per eligible node",
    );
  }
  if (
    type === "WORKLOAD_TYPE_JOB" && ctx.written(SPEC.child("updateStrategy"))
  ) {
    ctx.reporter.forbidden(
      SPEC.child("updateStrategy"),
      "updateStrategy does not apply to a JOB",
    );
  }
  const us = spec.updateStrategy;
  const surge = SPEC.child("updateStrategy").child("maxSurge");
  if (us?.type === "UPDATE_STRATEGY_TYPE_SIMULTANEOUS" && ctx.written(surge)) {
    ctx.reporter.forbidden(
      surge,
      "maxSurge applies only to the Rolling strategy",
    );
  }
  const rp = SPEC.child("restartPolicy");
  if (spec.restartPolicy?.condition !== "RESTART_CONDITION_MAX_COUNT") {
    for (const key of ["maxRestarts", "resetSeconds"]) {
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
      t.operator === "TOLERATION_OPERATOR_EXISTS" && t.value !== undefined &&
      t.value !== ""
    ) {
      ctx.reporter.forbidden(
        path.child("value"),
        "a toleration with operator Exists takes no value",
      );
    }
    if (
      t.operator === "TOLERATION_OPERATOR_EQUAL" &&
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
      ctx.reporter.invalid(
        path.child("volumeMounts").index(i).child("name"),
        `no volume named ${JSON.stringify(m.name)} in spec.volumes`,
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
    if (v.simpleClusterStorage === undefined && v.hostMount === undefined) {
      ctx.reporter.required(
        path.index(i).child("simpleClusterStorage"),
        "set exactly one of simpleClusterStorage and hostMount",
      );
    }
    if (v.name !== undefined && !mounted.has(v.name)) {
      ctx.reporter.warning(
        path.index(i).child("name"),
        `volume ${JSON.stringify(v.name)} is not mounted by the container`,
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
 * const w: Workload = { metadata: { name: "web" }, spec: { type: "WORKLOAD_TYPE_SERVICE", container: {} } };
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
