import { LIMIT_GROUPS, Limit } from '../../src/private/limits';

/** Where the limits table lives. */
export const LIMITS_DOC = 'docs/limits.md';

function range(limit: Limit): string {
  const parts: string[] = [];
  if (limit.min !== undefined || limit.max !== undefined) {
    parts.push(`${limit.min ?? '—'} – ${limit.max ?? '—'}`);
  }
  if (limit.pattern !== undefined) {
    parts.push(`\`${limit.pattern}\``);
  }
  return parts.join(', ');
}

/** The machine-readable forms the test compares the limit with. */
function checkedAgainst(limit: Limit): string {
  const forms = [limit.model, limit.schema && `CloudFormation ${limit.schema}`].filter((f): f is string => !!f);
  return forms.length > 0 ? forms.map((f) => `\`${f}\``).join(', ') : '—';
}

/** docs/limits.md, generated from src/private/limits/ (`npx projen docs:limits`). */
export function limitsDoc(): string {
  const row = (l: Limit) =>
    `| \`${l.prop}\` | ${range(l)} | ${l.ours ? 'this library' : 'AWS'} | ${l.source.replace(/\|/g, '\\|')} | ${checkedAgainst(l)} |`;
  const sections = LIMIT_GROUPS.flatMap((group) => [
    `## ${group.title}`,
    '',
    '| prop | range or pattern | whose | source | checked against |',
    '|---|---|---|---|---|',
    ...group.limits.map(row),
    '',
  ]);
  return [
    '# Limits and their sources',
    '',
    '<!-- Generated from src/private/limits/ by `npx projen docs:limits`; edit those files, not these tables. -->',
    '',
    'Every numeric range and pattern the constructs enforce at synth, with the AWS text it comes from or, where',
    'the limit is the library\'s own, the reason. test/private/limits.test.ts compares each AWS limit that has a',
    'machine-readable form with botocore\'s API models and the CloudFormation resource schemas installed with',
    'cfn-lint (the "checked against" column), and fails when AWS and these tables disagree. Every check takes',
    'its figures from src/private/limits/, one file per group below, including the limits of one choice (rollout',
    'steps, Service Connect names, schedules, FIS durations): a range or pattern defined anywhere else is a bug.',
    '',
    ...sections,
  ].join('\n');
}
