import * as path from 'path';
import { JsiiAssembly, expectNoOffenders, ourAssembly, readAssembly } from './support';

/** The aws-cdk-lib modules users import beside ours (`import * as ecs from 'aws-cdk-lib/aws-ecs'`). */
const NEIGHBOUR_MODULES = [
  'aws-ecs',
  'aws-ecs-patterns',
  'aws-elasticloadbalancingv2',
  'aws-applicationautoscaling',
  'aws-autoscaling',
  'aws-lambda',
  'aws-cloudwatch',
  'aws-fis',
  'aws-scheduler',
  'aws-apigateway',
];

/**
 * The names a module exports at its top level, read from aws-cdk-lib's own assembly: `aws-ecs` is the
 * submodule `aws-cdk-lib.aws_ecs`. Types nested in a class (`CfnService.DeploymentConfigurationProperty`)
 * or in a deeper submodule (`aws_ecs.mixins`) are not top-level exports and are left out.
 */
function exportsOf(cdk: JsiiAssembly, module: string): Set<string> {
  const submodule = `${cdk.name}.${module.replace(/-/g, '_')}`;
  if (cdk.submodules?.[submodule] === undefined) {
    throw new Error(`aws-cdk-lib ${cdk.version} has no submodule ${submodule} for ${module}`);
  }
  const names = Object.values(cdk.types)
    .filter((t) => t.fqn === `${submodule}.${t.name}`)
    .map((t) => t.name);
  if (names.length === 0) {
    throw new Error(`aws-cdk-lib ${cdk.version}: found no type in ${submodule}; has the assembly layout changed?`);
  }
  return new Set(names);
}

describe('exported names', () => {
  test('no exported name repeats an export of the aws-cdk-lib modules users import beside ours', () => {
    const cdk = readAssembly(path.dirname(require.resolve('aws-cdk-lib/package.json')));
    const ours = Object.values(ourAssembly().types).map((t) => t.name).sort();
    const clashes = NEIGHBOUR_MODULES.flatMap((module) => {
      const theirs = exportsOf(cdk, module);
      return ours.filter((name) => theirs.has(name)).map((name) => `Ours ${name} clashes with aws-cdk-lib/${module}.${name}`);
    });
    expectNoOffenders(`Exported names that clash with aws-cdk-lib ${cdk.version}`, clashes);
  });
});
