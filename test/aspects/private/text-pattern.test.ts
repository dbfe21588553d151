import { App, CfnMapping, CfnParameter, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { LogicalIds } from '../../../src/aspects/private/cfn';
import { HOLE, renderPattern, renderText, resourceBreadth } from '../../../src/aspects/private/text-pattern';

function setUp() {
  const stack = new Stack(new App(), 'Stack');
  const parameter = new CfnParameter(stack, 'Name');
  const bucket = new s3.Bucket(stack, 'Bucket');
  new CfnMapping(stack, 'Accounts', { mapping: { 'us-east-1': { id: '111111111111' } } });
  const ids = new LogicalIds();
  const breadth = (value: unknown) => resourceBreadth(stack.resolve(value), stack, ids);
  return { stack, parameter, bucket, ids, breadth };
}

describe('resourceBreadth', () => {
  test.each([
    ['*', 'every'],
    ['arn:aws:s3:::reports/*', 'scoped'],
    ['arn:aws:s3:::*', 'scoped'],
  ])('a literal %s is %s', (value, expected) => {
    expect(setUp().breadth(value)).toBe(expected);
  });

  test('a parameter in the account field of an ECR ARN is scoped by service, type and name', () => {
    const { stack, breadth } = setUp();
    const account = stack.resolve({ 'Fn::FindInMap': ['Accounts', { Ref: 'AWS::Region' }, 'id'] });
    expect(breadth({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ecr:', { Ref: 'AWS::Region' }, ':', account, ':repository/aws-appmesh-envoy']] }))
      .toBe('scoped');
  });

  test('a whole value from a parameter could be "*": unknown', () => {
    const { parameter, breadth } = setUp();
    expect(breadth(parameter.valueAsString)).toBe('unknown');
  });

  test('a parameter where the service or the start of the resource goes: unknown', () => {
    const { parameter, breadth } = setUp();
    expect(breadth({ 'Fn::Join': ['', ['arn:aws:', parameter.valueAsString, ':us-east-1:111111111111:table/orders']] })).toBe('unknown');
    expect(breadth({ 'Fn::Join': ['', ['arn:aws:s3:::', parameter.valueAsString, '/*']] })).toBe('unknown');
  });

  test('Fn::Sub: pseudo parameters and resources are known, parameters are holes, ${!x} is literal', () => {
    const { stack, ids, bucket } = setUp();
    const render = (value: unknown) => renderPattern(stack.resolve(value), stack, ids);
    expect(render({ 'Fn::Sub': `arn:\${AWS::Partition}:s3:::\${${stack.getLogicalId(bucket.node.defaultChild as s3.CfnBucket)}}/\${!literal}` }))
      .toMatch(/^arn:\$\{AWS::Partition\}:s3:::\$\{Bucket[0-9A-F]+\}\/\$\{literal\}$/);
    expect(render({ 'Fn::Sub': 'table/${Name}' })).toBe(`table/${HOLE}`);
    expect(renderText(stack.resolve({ 'Fn::Sub': 'table/${Name}' }), stack, ids)).toBeUndefined();
  });
});
