/**
 * Rules of BuildDefinition: it builds from git, so the Workload must say
 * where. Its own fields are checked from the proto.
 *
 * @module
 */
import { FieldPath } from "../diagnostics/field_path.ts";
import type { BuildDefinition, Workload } from "../gen/types.ts";
import type { KindRules } from "./kind_rules.ts";

const SOURCE = FieldPath.of<Workload>().child("spec").child("source");

/**
 * The rules of BuildDefinition.
 *
 * @example
 * ```ts
 * import { buildDefinitionRules } from "./build_definition.ts";
 * console.log(typeof buildDefinitionRules.inQuadlet); // "function"
 * ```
 */
export const buildDefinitionRules: KindRules<BuildDefinition> = {
  inQuadlet(_build, { main, reporter, file }) {
    const source = main.spec?.source;
    if (source && source.git === undefined) {
      reporter.invalid(
        SOURCE,
        `a BuildDefinition (${file}) needs spec.source.git`,
        "build from a git repository, or remove the BuildDefinition",
      );
    }
  },
};
