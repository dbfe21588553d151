import { CfnResource } from 'aws-cdk-lib';
import { FindingLevel } from '../finding-level';
import { show } from '../private/cfn';
import { GeneratedGrant } from '../private/generated-statements';
import { LeastPrivilegeContext, RoleView, StatementView, describeRole, relatedTo, rolesOf } from '../private/iam-model';
import { withoutResourceScope } from '../private/iam-reference';
import { RuleFinding } from '../rule-pack';

/**
 * ECSE-IAM3: no role of a task definition allows an action on `Resource: '*'` (or through
 * `NotResource`) unless AWS gives that action no resource-level permission
 * (`ACTIONS_WITHOUT_RESOURCE_SCOPE`).
 *
 * A resource with deploy-time parts is judged by its literal parts: one that fixes the service and
 * the resource (`arn:${Partition}:ecr:${Region}:<FindInMap>:repository/aws-appmesh-envoy`) is
 * scoped; only one that could be `*` is reported as not checkable. Grants aws-cdk-lib adds on '*'
 * for a feature are named in the finding; those its L2 offers no way to scope are warnings at most,
 * and the one it adds for ECS Exec logging to S3 (`s3:GetBucketLocation`) passes.
 */
export function noWildcardResources(node: CfnResource, ctx: LeastPrivilegeContext): RuleFinding[] {
  return checkRoles(node, ctx, rolesOf(ctx.rolesOf(node)));
}

/** ECSE-IAM3 on the Service Connect TLS roles of an `AWS::ECS::Service`. */
export function noWildcardResourcesOnServiceConnectTls(node: CfnResource, ctx: LeastPrivilegeContext): RuleFinding[] {
  return checkRoles(node, ctx, ctx.serviceConnectTlsRoles(node));
}

function checkRoles(node: CfnResource, ctx: LeastPrivilegeContext, roles: RoleView[]): RuleFinding[] {
  const findings: RuleFinding[] = [];
  for (const role of roles) {
    for (const statement of role.statements) {
      const related = relatedTo(role, statement);
      const breadths = statement.resources.map((r) => ctx.breadth(r, node));
      statement.resources.filter((_, i) => breadths[i] === 'unknown').forEach((resource) => findings.push({
        message: `${describeRole(role)} has a resource that cannot be resolved at synth time: ${show(resource)} ` +
          `(${statement.source}); its literal parts do not rule out '*'`,
        unresolved: true,
        related,
      }));
      const wildcard = statement.notResource || breadths.includes('every');
      if (!wildcard) {
        continue;
      }
      const where = statement.notResource ? `every resource except ${statement.resources.map(show).join(', ')} (NotResource)` : "Resource '*'";
      if (statement.notAction) {
        findings.push({ message: `${describeRole(role)} allows NotAction statements on ${where} (${statement.source})`, related });
        continue;
      }
      findings.push(...scopedActionsOnEverything(node, ctx, role, statement, where));
    }
  }
  return findings;
}

/** The findings for actions with resource-level permissions granted on every resource, grouped by who added them. */
function scopedActionsOnEverything(node: CfnResource, ctx: LeastPrivilegeContext, role: RoleView, statement: StatementView,
  where: string): RuleFinding[] {
  // Unresolved actions are reported by ECSE-IAM2.
  const actions = statement.actions.filter((a): a is string => typeof a === 'string');
  const byGenerator = new Map<string, { actions: string[]; grant?: GeneratedGrant }>();
  for (const action of actions) {
    if (withoutResourceScope(action) !== undefined || tagsAtCreation(action, actions)) {
      continue;
    }
    const grants = ctx.grantsOf(action, role, node);
    if (grants.some((g) => g.onEveryResource === 'accepted')) {
      continue;
    }
    const grant = grants.find((g) => g.onEveryResource === 'warning') ?? grants[0];
    const key = grant?.by ?? '';
    const group = byGenerator.get(key) ?? { actions: [], grant };
    group.actions.push(action);
    byGenerator.set(key, group);
  }
  return [...byGenerator.values()].map(({ actions: granted, grant }): RuleFinding => {
    const generated = grant ? `; added by ${grant.by}${grant.advice ? `; ${grant.advice}` : ''}` : '';
    return {
      message: `${describeRole(role)} allows ${granted.map(show).join(', ')} on ${where} (${statement.source}${generated})`,
      related: relatedTo(role, statement),
      // The user did not write it: failing synthesis over it would leave them only suppressions.
      maxLevel: grant?.onEveryResource === 'warning' ? FindingLevel.WARNING : undefined,
    };
  });
}

/**
 * `ssm:AddTagsToResource` next to `ssm:CreateActivation` tags the activation as it is created
 * (`create-activation --tags`, as the FIS SSM-agent sidecar does). Activations have no ARN, so
 * the tagging can only be granted on `*`; anywhere else the action is scoped to its resource types.
 */
function tagsAtCreation(action: string, statementActions: ReadonlyArray<string>): boolean {
  return action.toLowerCase() === 'ssm:addtagstoresource' && statementActions.some((a) => a.toLowerCase() === 'ssm:createactivation');
}
