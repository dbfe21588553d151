import { JsiiType, expectNoOffenders, ourAssembly, where } from './support';

/**
 * The naming rule of exported types (CONTRIBUTING.md, "Names"):
 * - `Essential<Noun>`: constructs that build a workload or its platform with the library's defaults,
 *   their `Essential<Noun>Props`, the props layers `Essential<Layer>Options`, and `IEssential<Noun>`
 *   interfaces of such constructs;
 * - `Ecs<Noun>`: what works on any ECS app, ours or not — the Aspects, `EcsChaosExperiments` (any
 *   `ecs.BaseService`), `EcsFault`, `EcsEssentialsSuppressions` — and their props and options;
 * - plain nouns: choices (enum-like classes and enums) and option structs that belong to one of the
 *   above, as long as aws-cdk-lib's neighbouring modules do not export the same name (name-clash.test.ts).
 */

const PREFIXED = /^(I?Essential|Ecs)[A-Z]/;

function isConstruct(type: JsiiType, types: Record<string, JsiiType>): boolean {
  let base = type.base;
  while (base !== undefined) {
    if (base === 'constructs.Construct') {
      return true;
    }
    base = types[base]?.base;
  }
  return false;
}

describe('exported names', () => {
  const assembly = ourAssembly();
  const types = Object.values(assembly.types);

  test('every construct is named Essential* (builds a workload or its platform) or Ecs* (works on any ECS app)', () => {
    const offenders = types
      .filter((t) => t.kind === 'class' && isConstruct(t, assembly.types) && !PREFIXED.test(t.name))
      .map((t) => `${t.name} (${where(t.locationInModule)})`);
    expectNoOffenders('constructs without the Essential or Ecs prefix', offenders);
  });

  test('every Aspect is named Ecs*: it checks any ECS app, not only this library\'s constructs', () => {
    const offenders = types
      .filter((t) => t.kind === 'class' && (t.interfaces ?? []).includes('aws-cdk-lib.IAspect') && !t.name.startsWith('Ecs'))
      .map((t) => `${t.name} (${where(t.locationInModule)})`);
    expectNoOffenders('Aspects without the Ecs prefix', offenders);
  });

  test('a construct\'s props are <Construct>Props, and every behavioural interface starts with I', () => {
    const offenders: string[] = [];
    for (const type of types) {
      if (type.kind === 'class' && isConstruct(type, assembly.types)) {
        const props = type.initializer?.parameters?.[2]?.type.fqn;
        if (props !== undefined && props !== `${type.fqn}Props` && props.startsWith(`${assembly.name}.`)) {
          offenders.push(`${type.name} takes ${props.split('.').pop()} (${where(type.locationInModule)})`);
        }
      }
      if (type.kind === 'interface' && !type.datatype && !/^I[A-Z]/.test(type.name)) {
        offenders.push(`${type.name} is a behavioural interface without the I prefix (${where(type.locationInModule)})`);
      }
    }
    expectNoOffenders('props or interfaces named against the rule', offenders);
  });
});
