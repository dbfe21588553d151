import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { LIMITS_DOC, limitsDoc } from '../../scripts/lib/limits-doc';
import * as limitsModule from '../../src/private/limits';
import { LIMITS } from '../../src/private/limits';

const ROOT = path.join(__dirname, '..', '..');

/** Run a Python script over the references (JSON in argv[1]) and parse its JSON; undefined when Python or its module is absent. */
function readWithPython<T>(script: string[], refs: string[]): T | undefined {
  try {
    return JSON.parse(execFileSync('python3', ['-c', script.join('\n'), JSON.stringify(refs)], { encoding: 'utf-8' }));
  } catch {
    return undefined;
  }
}

/**
 * The min, max and pattern of each `botocore:<service>:<Shape>.<member>` the limits name, read from the
 * botocore service models that ship beside cfn-lint (aws-facts Q11); undefined when botocore is absent.
 */
function botocoreShapes(refs: string[]): Record<string, { min?: number; max?: number; pattern?: string }> | undefined {
  return readWithPython([
    'import botocore, glob, gzip, json, os, sys',
    'base = os.path.join(os.path.dirname(botocore.__file__), "data")',
    'out = {}',
    'for ref in json.loads(sys.argv[1]):',
    '    service, member = ref.split(":")[1:]',
    '    shape, field = member.split(".")',
    '    model = json.load(gzip.open(sorted(glob.glob(os.path.join(base, service, "*", "service-2.json.gz")))[-1]))["shapes"]',
    '    parent = model[shape].get("members", model[shape])  # a map\'s key and value are not members',
    '    target = model[parent[field]["shape"]]',
    '    out[ref] = {k: target[k] for k in ("min", "max", "pattern") if k in target}',
    'print(json.dumps(out))',
  ], refs);
}

/**
 * The minimum and maximum (or minLength and maxLength) of each `<type>#<Definition>.<Property>` the limits name, read
 * from the CloudFormation resource schemas cfn-lint ships (its us-east-1 provider table maps each type to its file);
 * undefined when cfn-lint is absent.
 */
function cloudFormationProperties(refs: string[]): Record<string, { min?: number; max?: number }> | undefined {
  return readWithPython([
    'import json, os, sys',
    'import cfnlint.data.schemas.providers.us_east_1 as provider',
    'base = os.path.join(os.path.dirname(provider.__file__), "..", "resources")',
    'out = {}',
    'for ref in json.loads(sys.argv[1]):',
    '    type_name, path = ref.split("#")',
    '    schema = json.load(open(os.path.join(base, provider.types[type_name] + ".json")))',
    '    parts = path.split(".")',
    '    props = schema["definitions"][parts[0]]["properties"] if len(parts) == 2 else schema["properties"]',
    '    prop = props[parts[-1]]',
    '    out[ref] = {"min": prop.get("minimum", prop.get("minLength")), "max": prop.get("maximum", prop.get("maxLength"))}',
    'print(json.dumps(out))',
  ], refs);
}

describe('limits (src/private/limits/)', () => {
  test('every limit has a source: an AWS text quoted, or "ours" with the reason', () => {
    for (const limit of LIMITS) {
      expect({ prop: limit.prop, sourced: limit.ours ? limit.source.startsWith('ours:') : /\b(API|CloudFormation|ELB|ECS|FIS|EventBridge|CloudWatch)\b/.test(limit.source) })
        .toEqual({ prop: limit.prop, sourced: true });
    }
  });

  test('every limit the module exports is in LIMITS, so docs/limits.md lists it', () => {
    const exported = Object.entries(limitsModule)
      .filter(([, value]) => typeof value === 'object' && value !== null && 'prop' in value && 'source' in value)
      .map(([name]) => name);
    const listed = new Set<unknown>(LIMITS);
    expect(exported.filter((name) => !listed.has((limitsModule as Record<string, unknown>)[name]))).toEqual([]);
  });

  const refs = LIMITS.filter((l) => l.model?.startsWith('botocore:')).map((l) => l.model!);
  const shapes = botocoreShapes(refs);
  (shapes ? test : test.skip)('AWS limits with a machine-readable form equal botocore\'s API model (min, max)', () => {
    for (const limit of LIMITS.filter((l) => l.model?.startsWith('botocore:'))) {
      const shape = shapes![limit.model!];
      expect({ limit: limit.model, min: limit.min, max: limit.max }).toEqual({ limit: limit.model, min: shape.min, max: shape.max });
    }
  });

  const schemaRefs = LIMITS.filter((l) => l.schema !== undefined).map((l) => l.schema!);
  const properties = cloudFormationProperties(schemaRefs);
  (properties ? test : test.skip)('AWS limits a CloudFormation schema states equal its minimum and maximum (cfn-lint\'s schemas)', () => {
    expect(schemaRefs.length).toBeGreaterThan(10);
    for (const limit of LIMITS.filter((l) => l.schema !== undefined)) {
      const property = properties![limit.schema!];
      expect({ limit: limit.schema, min: limit.min, max: limit.max }).toEqual({ limit: limit.schema, min: property.min, max: property.max });
    }
  });

  test('docs/limits.md is current (npx projen docs:limits)', () => {
    expect(fs.readFileSync(path.join(ROOT, LIMITS_DOC), 'utf-8')).toEqual(limitsDoc());
  });
});
