import { JsiiAssembly, JsiiLocation, JsiiType, expectNoOffenders, fqnsOf, ourAssembly, where } from './support';

/**
 * Deliberate exceptions to the checks below, as `<check>: <offender>` exactly as the check reports it
 * (without the location), each with the reason it is acceptable. Expected to stay empty: fix the API
 * instead. An entry that no longer matches an offender fails the last test, so the list cannot rot.
 */
const ALLOWED: ReadonlyArray<{ readonly offender: string; readonly reason: string }> = [];

type Check = 'protected' | 'unusable' | 'underscore' | 'summary';

interface Finding {
  readonly check: Check;
  /** `Type` or `Type#member`. */
  readonly subject: string;
  readonly message: string;
  readonly location: string;
}

function key(f: Finding): string {
  return `${f.check}: ${f.subject}`;
}

function isAllowed(f: Finding): boolean {
  return ALLOWED.some((a) => a.offender === key(f));
}

function report(f: Finding): string {
  return `${f.subject}: ${f.message} (${f.location})`;
}

function members(t: JsiiType) {
  return [...(t.properties ?? []), ...(t.methods ?? [])];
}

/** Protected members are part of a jsii API: Go, among others, has no `protected` and exposes them. */
function protectedMembers(assembly: JsiiAssembly): Finding[] {
  return Object.values(assembly.types).flatMap((t) => members(t)
    .filter((m) => m.protected === true)
    .map((m): Finding => ({
      check: 'protected',
      subject: `${t.name}#${m.name}`,
      message: 'protected member (public in Go): make it private or move it into a private helper',
      location: where(m.locationInModule ?? t.locationInModule),
    })));
}

/** For each type, the other types of our assembly that mention it in their API. */
function referencedBy(assembly: JsiiAssembly): Map<string, Set<string>> {
  const refs = new Map<string, Set<string>>();
  const add = (from: JsiiType, fqns: string[]): void => {
    for (const fqn of fqns) {
      if (fqn !== from.fqn) {
        refs.set(fqn, (refs.get(fqn) ?? new Set()).add(from.fqn));
      }
    }
  };
  for (const t of Object.values(assembly.types)) {
    add(t, t.interfaces ?? []);
    add(t, t.base === undefined ? [] : [t.base]);
    add(t, (t.initializer?.parameters ?? []).flatMap((p) => fqnsOf(p.type)));
    for (const p of t.properties ?? []) {
      add(t, fqnsOf(p.type));
    }
    for (const m of t.methods ?? []) {
      add(t, [...fqnsOf(m.returns?.type), ...(m.parameters ?? []).flatMap((p) => fqnsOf(p.type))]);
    }
  }
  return refs;
}

/** Public static members: factories (`CapacityMix.onDemandSpot()`) or utilities (`EcsEssentialsSuppressions.add()`). */
function staticMembers(t: JsiiType): string[] {
  return members(t).filter((m) => m.static === true && m.protected !== true).map((m) => m.name);
}

/** A user can reach a concrete class through a public initializer or a public static member. */
function entryPoints(t: JsiiType): string[] {
  const publicInitializer = t.initializer !== undefined && t.initializer.protected !== true;
  return publicInitializer ? ['constructor', ...staticMembers(t)] : staticMembers(t);
}

/** Exported types a user can do nothing with: internal plumbing that leaked into the API. */
function unusableTypes(assembly: JsiiAssembly): Finding[] {
  const refs = referencedBy(assembly);
  const findings: Finding[] = [];
  const unusable = (t: JsiiType, message: string): void => {
    findings.push({ check: 'unusable', subject: t.name, message, location: where(t.locationInModule) });
  };
  for (const t of Object.values(assembly.types)) {
    const referenced = refs.has(t.fqn);
    if (t.kind === 'class' && t.abstract === true && staticMembers(t).length === 0) {
      // An abstract class can only be subclassed, which is what an exported base class is for; the design
      // rules those out. The initializer is not consulted: jsii 6 records `protected` only on an initializer
      // with parameters, so `protected constructor() {}` reads as public.
      unusable(t, 'abstract class with no static factory (only a subclass can create it): an exported base class; ' +
        'compose private modules instead');
    } else if (t.kind === 'class' && !referenced && entryPoints(t).length === 0) {
      unusable(t, 'class that no other type references, with no public initializer and no static member');
    } else if (t.kind === 'interface' && !referenced) {
      unusable(t, `${t.datatype === true ? 'struct' : 'interface'} that no other type references ` +
        '(no property, parameter, return type, base interface or implemented interface): remove it from the exports');
    } else if (t.kind === 'enum' && !referenced) {
      unusable(t, 'enum that no other type references: remove it from the exports');
    }
  }
  return findings;
}

/** A leading underscore is TypeScript's "internal" convention; jsii needs `@internal` to hide it. */
function underscoreNames(assembly: JsiiAssembly): Finding[] {
  const findings: Finding[] = [];
  for (const t of Object.values(assembly.types)) {
    if (t.name.startsWith('_')) {
      findings.push({ check: 'underscore', subject: t.name, message: 'name starts with "_": mark it @internal', location: where(t.locationInModule) });
    }
    // Enum members carry no location; theirs is the enum's.
    const named: Array<{ readonly name: string; readonly locationInModule?: JsiiLocation }> = [...members(t), ...(t.members ?? [])];
    for (const m of named.filter((n) => n.name.startsWith('_'))) {
      findings.push({
        check: 'underscore',
        subject: `${t.name}#${m.name}`,
        message: 'name starts with "_": mark it @internal',
        location: where(m.locationInModule ?? t.locationInModule),
      });
    }
  }
  return findings;
}

function missingSummaries(assembly: JsiiAssembly): Finding[] {
  return Object.values(assembly.types)
    .filter((t) => (t.docs?.summary ?? '').trim() === '')
    .map((t): Finding => ({ check: 'summary', subject: t.name, message: 'no JSDoc summary', location: where(t.locationInModule) }));
}

function offenders(findings: Finding[]): string[] {
  return findings.filter((f) => !isAllowed(f)).map(report).sort();
}

describe('jsii assembly (.jsii)', () => {
  test('no type has a protected member (Go and other jsii languages expose them as public)', () => {
    expectNoOffenders('Protected members in the jsii API', offenders(protectedMembers(ourAssembly())));
  });

  test('every exported type is usable: referenced by another exported type, or creatable by a user', () => {
    expectNoOffenders('Exported types a user cannot use', offenders(unusableTypes(ourAssembly())));
  });

  test('no exported type or member name starts with "_"', () => {
    expectNoOffenders('Names that should be @internal', offenders(underscoreNames(ourAssembly())));
  });

  test('every exported type has a JSDoc summary', () => {
    expectNoOffenders('Exported types without a JSDoc summary', offenders(missingSummaries(ourAssembly())));
  });

  test('every allow-list entry matches a current offender and gives a reason', () => {
    const assembly = ourAssembly();
    const current = new Set([
      ...protectedMembers(assembly), ...unusableTypes(assembly), ...underscoreNames(assembly), ...missingSummaries(assembly),
    ].map(key));
    expectNoOffenders('Stale or unexplained allow-list entries', ALLOWED
      .filter((a) => !current.has(a.offender) || a.reason.trim().length < 10)
      .map((a) => `${a.offender}: ${current.has(a.offender) ? 'reason shorter than 10 characters' : 'no longer an offender, remove it'}`));
  });
});
