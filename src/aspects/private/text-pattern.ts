import { CfnParameter, CfnResource, Stack } from 'aws-cdk-lib';
import { CfnValue, LogicalIds, isObject } from './cfn';

/** Stands for a part of a value that only exists at deploy time (a parameter, a mapping lookup, an import). */
export const HOLE = '\u0000';

/**
 * Renders a resolved value as text, with `HOLE` where a part is only known at deploy time:
 * `arn:${AWS::Partition}:ecr:${AWS::Region}:<HOLE>:repository/aws-appmesh-envoy` for an ARN whose
 * account comes from `Fn::FindInMap`. Pseudo parameters and references to resources of the app are
 * kept as `${...}`: they can never be `*`.
 */
export function renderPattern(value: CfnValue, stack: Stack, ids: LogicalIds): string {
  if (typeof value === 'string') {
    return value;
  }
  if (typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  if (!isObject(value)) {
    return HOLE;
  }
  const keys = Object.keys(value);
  if (keys.length !== 1) {
    return HOLE;
  }
  const arg = value[keys[0]];
  switch (keys[0]) {
    case 'Fn::ImportValue': {
      const exported = ids.exported(arg, stack);
      return exported ? renderPattern(exported.value, exported.stack, ids) : HOLE;
    }
    case 'Ref':
      return renderRef(arg, stack, ids);
    case 'Fn::GetAtt': {
      const target = Array.isArray(arg) ? arg : typeof arg === 'string' ? arg.split('.') : [];
      return typeof target[0] === 'string' && CfnResource.isCfnResource(ids.find(stack, target[0]))
        ? `\${${target.join('.')}}` : HOLE;
    }
    case 'Fn::Join': {
      // A list that is itself a token (Fn::Split, a list parameter) has unknown length and content.
      if (!Array.isArray(arg) || typeof arg[0] !== 'string' || !Array.isArray(arg[1])) {
        return HOLE;
      }
      return arg[1].map((p: CfnValue) => renderPattern(p, stack, ids)).join(arg[0]);
    }
    case 'Fn::Sub':
      return renderSub(arg, stack, ids);
    default:
      return HOLE;
  }
}

/**
 * The value as text when every part is known at synth time or names a resource of the template
 * (`arn:${AWS::Partition}:s3:::${Bucket}/*`); undefined when a part only exists at deploy time.
 */
export function renderText(value: CfnValue, stack: Stack, ids: LogicalIds): string | undefined {
  const pattern = renderPattern(value, stack, ids);
  return pattern.includes(HOLE) ? undefined : pattern;
}

/** How much of AWS a `Resource` entry can stand for. */
export type ResourceBreadth =
  /** Exactly `*`. */
  | 'every'
  /** A value whose literal parts fix the service and the resource. */
  | 'scoped'
  /** A value with deploy-time parts that could make it `*` (or an ARN of any service or resource). */
  | 'unknown';

/**
 * Judges a `Resource` entry by its literal parts. Every deploy-time part is read as `*` (each is
 * assumed to fill one ARN field, as pseudo parameters, mapping lookups and account ids do): when the
 * result still names one service and starts its resource part with a literal (a resource type or a
 * name), the entry is scoped whatever the deploy-time parts turn out to be.
 */
export function resourceBreadth(value: CfnValue, stack: Stack, ids: LogicalIds): ResourceBreadth {
  const pattern = renderPattern(value, stack, ids);
  if (!pattern.includes(HOLE)) {
    return pattern === '*' ? 'every' : 'scoped';
  }
  // Pseudo parameters and references (`${AWS::Partition}`) are known not to be '*'; their colons are not ARN separators.
  const widest = pattern.replace(/\$\{[^}]*\}/g, 'x').split(HOLE).join('*');
  const fields = widest.split(':');
  if (!widest.startsWith('arn:') || fields.length < 6) {
    return 'unknown';
  }
  const service = fields[2];
  const resource = fields.slice(5).join(':');
  const wildcard = /[*?]/;
  return service !== '' && !wildcard.test(service) && resource !== '' && !wildcard.test(resource[0]) ? 'scoped' : 'unknown';
}

/** `Fn::Sub`: variables of its map, pseudo parameters and resources are known; anything else is a hole. */
function renderSub(arg: CfnValue, stack: Stack, ids: LogicalIds): string {
  const template = Array.isArray(arg) ? arg[0] : arg;
  const variables = Array.isArray(arg) && isObject(arg[1]) ? arg[1] : {};
  if (typeof template !== 'string') {
    return HOLE;
  }
  return template.replace(/\$\{([^}]*)\}/g, (_match: string, name: string) => {
    if (name.startsWith('!')) {
      return `\${${name.slice(1)}}`;
    }
    if (Object.prototype.hasOwnProperty.call(variables, name)) {
      return renderPattern(variables[name], stack, ids);
    }
    if (name.startsWith('AWS::')) {
      return `\${${name}}`;
    }
    const element = ids.find(stack, name.split('.')[0]);
    return element && !(element instanceof CfnParameter) && CfnResource.isCfnResource(element) ? `\${${name}}` : HOLE;
  });
}

function renderRef(target: CfnValue, stack: Stack, ids: LogicalIds): string {
  if (typeof target !== 'string') {
    return HOLE;
  }
  if (target.startsWith('AWS::')) {
    return `\${${target}}`;
  }
  const element = ids.find(stack, target);
  return element && !(element instanceof CfnParameter) && CfnResource.isCfnResource(element) ? `\${${target}}` : HOLE;
}
