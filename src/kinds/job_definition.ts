/**
 * Rules of JobDefinition: parallelism within completions. The schedule and
 * the bounds of each number are checked from the proto.
 *
 * @module
 */
import { FieldPath } from "../diagnostics/field_path.ts";
import type { JobDefinition, Workload } from "../gen/types.ts";
import type { KindRules } from "./kind_rules.ts";
import { blame } from "./kind_rules.ts";

const SPEC = FieldPath.of<JobDefinition>().child("spec");
const TYPE = FieldPath.of<Workload>().child("spec").child("type");

/**
 * The rules of JobDefinition.
 *
 * @example
 * ```ts
 * import { jobDefinitionRules } from "./job_definition.ts";
 * console.log(typeof jobDefinitionRules.validate); // "function"
 * ```
 */
export const jobDefinitionRules: KindRules<JobDefinition> = {
  validate(job, ctx) {
    const spec = job.spec;
    if (spec?.parallelism === undefined || spec.completions === undefined) {
      return;
    }
    if (spec.parallelism > spec.completions) {
      ctx.reporter.invalid(
        blame(
          ctx.written,
          SPEC.child("completions"),
          SPEC.child("parallelism"),
        ),
        `parallelism (${spec.parallelism}) must not exceed completions (${spec.completions})`,
      );
    }
  },
  inQuadlet(_job, { main, reporter, file }) {
    const type = main.spec?.type;
    if (type !== undefined && type !== "JOB") {
      reporter.invalid(
        TYPE,
        `a JobDefinition (${file}) needs spec.type JOB`,
        "set spec.type: JOB, or remove the JobDefinition",
      );
    }
  },
};
