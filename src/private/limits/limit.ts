/**
 * Every numeric range and pattern the library enforces at synth, each with its source:
 * the AWS text it comes from (API model member or CloudFormation property, quoted), or `ours` with the
 * reason. docs/limits.md is generated from this table (`npx projen docs:limits`), and
 * test/private/limits.test.ts compares every AWS-sourced entry that has a machine-readable min, max or
 * pattern with the botocore models and the CloudFormation resource schemas installed with cfn-lint.
 */
export interface Limit {
  /** The prop(s) the limit applies to, as messages name them. */
  readonly prop: string;
  readonly min?: number;
  readonly max?: number;
  /** A regular expression the value must match in full. */
  readonly pattern?: string;
  /** Where the limit comes from: the quoted AWS text, or why it is the library's own. */
  readonly source: string;
  /** True when the limit is the library's own, not AWS's. */
  readonly ours?: boolean;
  /**
   * Where a machine-readable form of it lives in AWS's API models, for the test:
   * `botocore:<service>:<Shape>.<member>`.
   */
  readonly model?: string;
  /**
   * The CloudFormation resource-schema property that states it, for the test (cfn-lint ships the schemas):
   * `<resource type>#<Property>` or `<resource type>#<Definition>.<Property>`.
   */
  readonly schema?: string;
}
