import { JsiiType, expectNoOffenders, ourAssembly } from './support';

/**
 * The choices that are small class hierarchies (STYLE.md rule 15): an abstract class whose static
 * factories return private subclasses, each carrying its own behaviour, so no public string tells
 * callers which factory made an instance.
 */
const CHOICES = ['LoadBalancing', 'Rollout', 'ServiceLogging', 'FireLensDestination', 'AlbAccessLogs', 'JobSchedule', 'TaskSelection', 'EnvironmentNetwork'];

function typeNamed(name: string): JsiiType {
  const type = Object.values(ourAssembly().types).find((t) => t.name === name);
  if (type === undefined) {
    throw new Error(`${name} is not in the assembly`);
  }
  return type;
}

describe('choices (abstract classes with private subclasses)', () => {
  test('each is an abstract class with static factories that return it', () => {
    expectNoOffenders('Choices that are not abstract classes with factories', CHOICES.flatMap((name) => {
      const t = typeNamed(name);
      const factories = (t.methods ?? []).filter((m) => m.static === true);
      return [
        ...(t.kind === 'class' && t.abstract === true ? [] : [`${name}: not an abstract class`]),
        ...(factories.length > 0 ? [] : [`${name}: no static factory`]),
        ...factories.filter((m) => m.returns?.type.fqn !== t.fqn).map((m) => `${name}.${m.name}(): does not return ${name}`),
      ];
    }));
  });

  test('none has a public string property (no kind, strategy or mode tag)', () => {
    expectNoOffenders('String tags on choices', CHOICES.flatMap((name) => (typeNamed(name).properties ?? [])
      .filter((p) => p.static !== true && p.type.primitive === 'string')
      .map((p) => `${name}#${p.name}`)));
  });
});
