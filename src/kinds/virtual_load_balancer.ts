/**
 * Rules of VirtualLoadBalancer: unique ports, a consistent health check, and
 * ingress rules that point at declared ports.
 *
 * @module
 */
import { quote } from "../diagnostics/quote.ts";
import { FieldPath } from "../diagnostics/field_path.ts";
import { didYouMean } from "../diagnostics/suggest.ts";
import type {
  VirtualLoadBalancer,
  VirtualLoadBalancerSpec,
  Workload,
} from "../gen/types.ts";
import type { KindRules, RuleContext } from "./kind_rules.ts";
import { blame } from "./kind_rules.ts";
import { reportDuplicates } from "./unique.ts";

const SPEC = FieldPath.of<VirtualLoadBalancer>().child("spec");
const TYPE = FieldPath.of<Workload>().child("spec").child("type");

function validatePorts(spec: VirtualLoadBalancerSpec, ctx: RuleContext) {
  const ports = SPEC.child("ports");
  reportDuplicates(
    spec.ports,
    (p) => p.name,
    (i) => ports.index(i).child("name"),
    ctx.reporter,
  );
  reportDuplicates(
    spec.ports,
    (p) =>
      p.containerPort === undefined
        ? undefined
        : `${p.containerPort}/${p.protocol}`,
    (i) => ports.index(i).child("containerPort"),
    ctx.reporter,
  );
}

function validateHealthCheck(spec: VirtualLoadBalancerSpec, ctx: RuleContext) {
  const hc = spec.healthCheck;
  if (
    !hc || hc.timeoutSeconds === undefined || hc.periodSeconds === undefined
  ) return;
  if (hc.timeoutSeconds > hc.periodSeconds) {
    const path = SPEC.child("healthCheck");
    ctx.reporter.invalid(
      blame(
        ctx.written,
        path.child("periodSeconds"),
        path.child("timeoutSeconds"),
      ),
      `timeoutSeconds (${hc.timeoutSeconds}) must not exceed periodSeconds (${hc.periodSeconds})`,
    );
  }
}

function validateIngress(spec: VirtualLoadBalancerSpec, ctx: RuleContext) {
  const names = (spec.ports ?? []).map((p) => p.name).filter((n): n is string =>
    n !== undefined
  );
  // A port without a number (already an error) is not one to point at.
  const numbers = (spec.ports ?? []).map((p) => p.containerPort).filter((
    n,
  ): n is number => typeof n === "number");
  const ingress = SPEC.child("ingress");
  (spec.ingress ?? []).forEach((rule, i) => {
    const path = ingress.index(i);
    if (
      rule.servicePortName !== undefined &&
      !names.includes(rule.servicePortName)
    ) {
      ctx.reporter.notFound(
        path.child("servicePortName"),
        `no port named ${quote(rule.servicePortName)} in spec.ports`,
        didYouMean(rule.servicePortName, names) ??
          (names.length ? `declared ports: ${names.join(", ")}` : undefined),
      );
    }
    if (rule.servicePort !== undefined && !numbers.includes(rule.servicePort)) {
      ctx.reporter.notFound(
        path.child("servicePort"),
        `no containerPort ${rule.servicePort} in spec.ports`,
        numbers.length ? `declared ports: ${numbers.join(", ")}` : undefined,
      );
    }
  });
  reportDuplicates(
    spec.ingress,
    (r) => r.host === undefined ? undefined : `${r.host}${r.path ?? "/"}`,
    (i) =>
      ctx.written(ingress.index(i).child("path"))
        ? ingress.index(i).child("path")
        : ingress.index(i).child("host"),
    ctx.reporter,
    (k) => k,
  );
}

/**
 * The rules of VirtualLoadBalancer.
 *
 * @example
 * ```ts
 * import { virtualLoadBalancerRules } from "./virtual_load_balancer.ts";
 * console.log(typeof virtualLoadBalancerRules.validate); // "function"
 * ```
 */
export const virtualLoadBalancerRules: KindRules<VirtualLoadBalancer> = {
  validate(vlb, ctx) {
    const spec = vlb.spec;
    if (!spec) return;
    validatePorts(spec, ctx);
    validateHealthCheck(spec, ctx);
    validateIngress(spec, ctx);
  },
  inQuadlet(_vlb, { main, reporter, file }) {
    if (main.spec?.type === "JOB") {
      reporter.invalid(
        TYPE,
        `a JOB cannot have a VirtualLoadBalancer (${file})`,
        "use SERVICE or DAEMON_SERVICE, or remove the VirtualLoadBalancer",
      );
    }
  },
};
