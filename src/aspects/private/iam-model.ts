import { CfnResource, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { CfnValue, LogicalIds, PropertyCache, PropertySource, RENDER_EACH, asList, isObject, labelOf, ownerOf, referencedResource, show } from './cfn';
import { GeneratedGrant, TaskEvidence, grantMethodOf, grantsOf } from './generated-statements';
import { knownManagedPolicy } from './managed-policies';
import { ResourceBreadth, renderText, resourceBreadth } from './text-pattern';

/** Which role a view describes: one of the two task definition roles, or the Service Connect TLS role of a service. */
export type RoleKind = 'Task' | 'Execution' | 'Service Connect TLS';

/** One Allow statement that applies to a role, with where it comes from. */
export interface StatementView {
  /** e.g. "policy 'Web/TaskDef/TaskRole/DefaultPolicy'" */
  readonly source: string;
  /** The construct holding the statement; its suppressions cover findings on the statement. */
  readonly sourceNode: IConstruct;
  /** `Action`, or `NotAction` when `notAction` is set. */
  readonly actions: CfnValue[];
  readonly notAction: boolean;
  /** `Resource`, or `NotResource` when `notResource` is set. */
  readonly resources: CfnValue[];
  readonly notResource: boolean;
}

/** An AWS managed policy attached to a role. */
export interface AwsManagedPolicyView {
  /** The policy name without path, e.g. `AmazonECSTaskExecutionRolePolicy`. */
  readonly name: string;
  /** Its statements are known (`managed-policies.ts`) and checked like the app's own. */
  readonly known: boolean;
}

/** Everything the rules need to know about one role of a task definition. */
export interface RoleView {
  readonly kind: RoleKind;
  /** The resolved `TaskRoleArn` / `ExecutionRoleArn`. */
  readonly reference: CfnValue;
  /** How messages name the role: construct path, or the ARN / name of an imported role. */
  readonly label: string;
  /** The role's L1 when the role is defined in the app. */
  readonly role?: CfnResource;
  /** The role name when the role is imported by ARN. */
  readonly importedName?: string;
  readonly statements: StatementView[];
  readonly awsManagedPolicies: AwsManagedPolicyView[];
  /** Parts of the role's permissions that could not be read at synth time, described for a message. */
  readonly unchecked: string[];
  /** Constructs whose suppressions cover findings on this role. */
  readonly related: IConstruct[];
}

/** The two roles of one task definition (absent when the task definition has none). */
export interface TaskRolesView {
  readonly taskRole?: RoleView;
  readonly executionRole?: RoleView;
}

const ROLE = 'AWS::IAM::Role';
/** An S3 object ARN; pseudo parameters (`${AWS::Partition}`) are read as one field, their colons are no separators. */
const CONTAINER_S3_FILE = /^arn:(\$\{[^}]*\}|[^:$]*):s3:::/;
const POLICY_TYPES = ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy', 'AWS::IAM::RolePolicy'];

/**
 * Reads the roles of task definitions from resolved L1s: the role's inline policies and managed
 * policy ARNs, and the AWS::IAM::Policy / ManagedPolicy / RolePolicy resources attached to it.
 * Rendered properties are cached for the life of the context: use it from a read-only Aspect.
 */
export class LeastPrivilegeContext {
  private readonly views = new Map<CfnResource, TaskRolesView>();
  private readonly policies = new Map<Stack, CfnResource[]>();
  private readonly evidence = new Map<CfnResource, Map<string, TaskEvidence>>();
  private readonly properties: PropertyCache;

  constructor(private readonly ids: LogicalIds, source: PropertySource = RENDER_EACH) {
    this.properties = new PropertyCache(source);
  }

  /** The roles of an `AWS::ECS::TaskDefinition`. */
  public rolesOf(taskDefinition: CfnResource): TaskRolesView {
    let view = this.views.get(taskDefinition);
    if (!view) {
      const props = this.props(taskDefinition);
      const stack = Stack.of(taskDefinition);
      view = {
        taskRole: props.TaskRoleArn === undefined ? undefined : this.roleView('Task', props.TaskRoleArn, stack),
        executionRole: props.ExecutionRoleArn === undefined ? undefined : this.roleView('Execution', props.ExecutionRoleArn, stack),
      };
      this.views.set(taskDefinition, view);
    }
    return view;
  }

  /**
   * The Service Connect TLS roles of an `AWS::ECS::Service` (`ServiceConnectConfiguration.Services[].Tls.RoleArn`):
   * ECS assumes them to issue the proxy's certificates, so they are checked like the task's roles.
   */
  public serviceConnectTlsRoles(service: CfnResource): RoleView[] {
    const serviceConnect = this.props(service).ServiceConnectConfiguration;
    const stack = Stack.of(service);
    const references = new Map<string, CfnValue>();
    for (const entry of asList(isObject(serviceConnect) ? serviceConnect.Services : undefined)) {
      const reference = isObject(entry) && isObject(entry.Tls) ? entry.Tls.RoleArn : undefined;
      if (reference !== undefined) {
        references.set(JSON.stringify(reference), reference);
      }
    }
    return [...references.values()].map((reference) => this.roleView('Service Connect TLS', reference, stack));
  }

  /** Renders a resolved value as text (see `renderText`), in the stack of `node`. */
  public text(value: CfnValue, node: IConstruct): string | undefined {
    return renderText(value, Stack.of(node), this.ids);
  }

  /** How much of AWS a `Resource` entry can stand for, judged by its literal parts (see `resourceBreadth`). */
  public breadth(value: CfnValue, node: IConstruct): ResourceBreadth {
    return resourceBreadth(value, Stack.of(node), this.ids);
  }

  /** The aws-cdk-lib features that grant `action` to `role` of `taskDefinition` (see `generated-statements.ts`). */
  public grantsOf(action: string, role: RoleView, taskDefinition: CfnResource): GeneratedGrant[] {
    // aws-cdk-lib grants the Service Connect TLS role nothing: everything on it is the author's.
    return role.kind === 'Service Connect TLS' ? [] : grantsOf(action, role.kind, this.evidenceOf(taskDefinition, role));
  }

  /** What added `action` to `role`, when a known aws-cdk-lib feature or grant method emits it. */
  public addedBy(action: string, role: RoleView, taskDefinition: CfnResource): string | undefined {
    return this.grantsOf(action, role, taskDefinition)[0]?.by ?? grantMethodOf(action);
  }

  private evidenceOf(taskDefinition: CfnResource, role: RoleView): TaskEvidence {
    const key = `${role.kind}`;
    let byRole = this.evidence.get(taskDefinition);
    if (!byRole) {
      byRole = new Map();
      this.evidence.set(taskDefinition, byRole);
    }
    let evidence = byRole.get(key);
    if (!evidence) {
      const containers = asList(this.props(taskDefinition).ContainerDefinitions).filter(isObject);
      const fireLens = containers.filter((c) => isObject(c.FirelensConfiguration));
      const s3Config = fireLens.some((c) => c.FirelensConfiguration.Options?.['config-file-type'] === 's3');
      const s3EnvironmentFiles = containers.some((c) => asList(c.EnvironmentFiles).some((f) => isObject(f)
        && f.Type === 's3' && CONTAINER_S3_FILE.test(this.text(f.Value, taskDefinition) ?? 'arn:aws:s3:::')));
      evidence = {
        roleActions: new Set(role.statements.filter((st) => !st.notAction).flatMap((st) => st.actions)
          .filter((a): a is string => typeof a === 'string').map((a) => a.toLowerCase())),
        fireLensRouter: fireLens.length > 0,
        s3Files: s3Config || s3EnvironmentFiles,
      };
      byRole.set(key, evidence);
    }
    return evidence;
  }

  private props(node: CfnResource): Record<string, any> {
    return this.properties.props(node);
  }

  private roleView(kind: RoleKind, reference: CfnValue, stack: Stack): RoleView {
    const role = referencedResource(reference, stack, this.ids);
    if (role && role.cfnResourceType === ROLE) {
      return this.appRole(kind, reference, role);
    }
    const text = renderText(reference, stack, this.ids);
    const name = text?.match(/:role\/(?:.*\/)?([^/]+)$/)?.[1];
    if (text !== undefined && name !== undefined && !name.includes('${')) {
      return this.importedRole(kind, reference, text, name, stack);
    }
    return {
      kind,
      reference,
      label: show(reference),
      statements: [],
      awsManagedPolicies: [],
      related: [],
      unchecked: [`the role reference ${show(reference)} cannot be resolved at synth time`],
    };
  }

  private appRole(kind: RoleKind, reference: CfnValue, role: CfnResource): RoleView {
    const stack = Stack.of(role);
    const props = this.props(role);
    const label = labelOf(role);
    const statements: StatementView[] = [];
    const awsManagedPolicies: AwsManagedPolicyView[] = [];
    const unchecked: string[] = [];
    const related: IConstruct[] = [role];
    const seen = new Set<CfnResource>();

    for (const inline of asList(props.Policies)) {
      const name = isObject(inline) ? show(inline.PolicyName) : show(inline);
      statements.push(...this.statementsOf(isObject(inline) ? inline.PolicyDocument : undefined,
        `inline policy ${name} of the role`, role, unchecked));
    }

    for (const arn of asList(props.ManagedPolicyArns)) {
      const local = referencedResource(arn, stack, this.ids);
      if (local && local.cfnResourceType === 'AWS::IAM::ManagedPolicy') {
        seen.add(local);
        related.push(local);
        statements.push(...this.statementsOf(this.props(local).PolicyDocument, `managed policy '${labelOf(local)}'`, local, unchecked));
        continue;
      }
      const text = renderText(arn, stack, this.ids);
      const awsName = text?.match(/:iam::aws:policy\/(?:.*\/)?([^/]+)$/)?.[1];
      if (awsName !== undefined) {
        const known = knownManagedPolicy(awsName);
        awsManagedPolicies.push({ name: awsName, known: known !== undefined });
        if (known && !known.judgedBy) {
          const source = `AWS managed policy '${known.name}' (${known.version}, used for ${known.usedFor})`;
          statements.push(...known.statements.map((st) => ({
            source,
            sourceNode: ownerOf(role),
            actions: [...st.actions],
            notAction: false,
            resources: [...st.resources],
            notResource: false,
          })));
        }
      } else if (text !== undefined) {
        unchecked.push(`managed policy '${text}' is not defined in this app, so its statements cannot be read`);
      } else {
        unchecked.push(`managed policy ARN ${show(arn)} cannot be resolved at synth time`);
      }
    }

    const logicalId = this.ids.logicalIdOf(role);
    const roleName = typeof props.RoleName === 'string' ? props.RoleName : undefined;
    const attaches = (entry: CfnValue) => (isObject(entry) && entry.Ref === logicalId)
      || (roleName !== undefined && entry === roleName);
    statements.push(...this.attachedStatements(stack, attaches, seen, related, unchecked));

    return { kind, reference, label, role, statements, awsManagedPolicies, unchecked, related };
  }

  private importedRole(kind: RoleKind, reference: CfnValue, arn: string, name: string, stack: Stack): RoleView {
    const unchecked = [`the role '${arn}' is not defined in this app, so the policies attached to it outside the app cannot be read`];
    const related: IConstruct[] = [];
    const statements = this.attachedStatements(stack, (entry) => entry === name, new Set(), related, unchecked);
    return { kind, reference, label: arn, importedName: name, statements, awsManagedPolicies: [], unchecked, related };
  }

  /** Statements of the policy resources of `stack` whose `Roles` / `RoleName` match. */
  private attachedStatements(stack: Stack, attaches: (entry: CfnValue) => boolean, seen: Set<CfnResource>,
    related: IConstruct[], unchecked: string[]): StatementView[] {
    const statements: StatementView[] = [];
    for (const policy of this.policiesIn(stack)) {
      if (seen.has(policy)) {
        continue;
      }
      const props = this.props(policy);
      const targets = policy.cfnResourceType === 'AWS::IAM::RolePolicy' ? [props.RoleName] : asList(props.Roles);
      if (!targets.some(attaches)) {
        continue;
      }
      seen.add(policy);
      related.push(policy);
      const kind = policy.cfnResourceType === 'AWS::IAM::ManagedPolicy' ? 'managed policy' : 'policy';
      statements.push(...this.statementsOf(props.PolicyDocument, `${kind} '${labelOf(policy)}'`, policy, unchecked));
    }
    return statements;
  }

  /** The policy resources of `stack` (cached for the life of the context, like their properties). */
  private policiesIn(stack: Stack): CfnResource[] {
    let policies = this.policies.get(stack);
    if (!policies) {
      policies = this.ids.resources(stack).filter((r) => POLICY_TYPES.includes(r.cfnResourceType));
      this.policies.set(stack, policies);
    }
    return policies;
  }

  private statementsOf(document: CfnValue, source: string, sourceNode: IConstruct, unchecked: string[]): StatementView[] {
    if (!isObject(document)) {
      unchecked.push(`${source} has a policy document that cannot be resolved at synth time: ${show(document)}`);
      return [];
    }
    const statements: StatementView[] = [];
    for (const statement of asList(document.Statement)) {
      if (!isObject(statement) || typeof statement.Effect !== 'string') {
        unchecked.push(`${source} has a statement that cannot be resolved at synth time: ${show(statement)}`);
        continue;
      }
      // Deny statements only take permissions away.
      if (statement.Effect !== 'Allow') {
        continue;
      }
      statements.push({
        source,
        sourceNode: ownerOf(sourceNode),
        actions: asList(statement.Action ?? statement.NotAction),
        notAction: statement.Action === undefined && statement.NotAction !== undefined,
        resources: asList(statement.Resource ?? statement.NotResource),
        notResource: statement.Resource === undefined && statement.NotResource !== undefined,
      });
    }
    return statements;
  }
}

/** The roles of a task definition that exist, task role first. */
export function rolesOf(view: TaskRolesView): RoleView[] {
  return [view.taskRole, view.executionRole].filter((r): r is RoleView => r !== undefined);
}

/** `Task role 'Web/TaskDef/TaskRole'` */
export function describeRole(role: RoleView): string {
  return `${role.kind} role '${role.label}'`;
}

/** Constructs whose suppressions cover a finding on `statement` of `role`. */
export function relatedTo(role: RoleView, statement?: StatementView): IConstruct[] {
  return statement ? [...role.related, statement.sourceNode] : role.related;
}
