import * as fs from 'fs';
import { awscdk, javascript } from 'projen';

/**
 * The oldest aws-cdk-lib users may run with, and the one the library is built and tested against.
 * integ-runner 2.197.x (the newest served) bundles a toolkit that reads cloud-assembly schema 53 only,
 * which aws-cdk-lib 2.257.x writes (2.258+ write 54/55). cdk-nag 3.0.2 runs on it through
 * `validateScope` (integ/support/nag.ts).
 */
const CDK_FLOOR = '2.257.0';

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'cdk-ecs-essentials',
  description:
    'Opinionated AWS CDK constructs and Aspects for Amazon ECS: fast-deploy Fargate and EC2 services, ' +
    'On-Demand/Spot capacity mixes, Service Connect wiring, scheduled scaling, AWS FIS chaos experiments ' +
    'and least-privilege checks.',
  author: 'cdk-ecs-essentials maintainers',
  authorAddress: 'maintainers@cdk-ecs-essentials.dev',
  repositoryUrl: 'https://github.com/cdk-ecs-essentials/cdk-ecs-essentials.git',
  keywords: ['cdk', 'aws-cdk', 'awscdk', 'ecs', 'fargate', 'spot', 'service-connect', 'fis', 'chaos-engineering', 'least-privilege'],
  // Until 1.0: names and props may still change between minor versions.
  stability: 'experimental',
  // `npx cdk-ecs-essentials report cdk.out`: the report CLI (src/cli/cli.ts, Node built-ins only).
  bin: { 'cdk-ecs-essentials': 'lib/cli/cli.js' },
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  jsiiVersion: '~6.0.0',
  cdkVersion: CDK_FLOOR,
  constructsVersion: '10.5.1',
  // Tests run against the floor itself (see CDK_FLOOR).
  peerDependencyOptions: { pinnedDevDependency: true },
  devDeps: [
    '@aws-cdk/integ-tests-alpha@2.245.0-alpha.0',
    '@aws-cdk/integ-runner@2.197.10',
    'aws-cdk@2.1148.1',
    'cdk-nag@3.0.2',
    'fast-check@^4.10.2',
  ],
  tsconfigDevFile: 'tsconfig.dev.json',
  tsconfigDev: {
    include: ['integ/**/*.ts', 'scripts/**/*.ts', 'test/**/*.ts', '.projenrc.ts', 'projenrc/**/*.ts'],
    compilerOptions: {},
  },
  eslintOptions: {
    // One program for everything: tsconfig.dev.json includes src, test, integ and scripts.
    tsconfigPath: './tsconfig.dev.json',
    projectService: false,
    dirs: ['src'],
    devdirs: ['test', 'integ', 'scripts', 'projenrc', '.projenrc.ts'],
  },
  jestOptions: {
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '/test/bench/'],
      // Synthesizing CDK apps is CPU-bound; the machines have two cores.
      maxWorkers: 2,
      testTimeout: 120_000,
      // Coverage nearly doubled jest's CPU time (265 against 147 CPU-seconds on the same run) and no gate reads
      // it: `npx projen test:coverage` writes the report on demand.
      collectCoverage: false,
    },
  },
  gitignore: ['cdk.out/', 'integ/**/cdk.out/', '.bench/', '.compat/', 'integ/cdk-integ.out.*', 'integ/*.snapshot/asset.*.bundle/'],
  publishToPypi: {
    distName: 'cdk-ecs-essentials',
    module: 'cdk_ecs_essentials',
  },
  publishToMaven: {
    javaPackage: 'dev.cdkecsessentials',
    mavenGroupId: 'dev.cdk-ecs-essentials',
    mavenArtifactId: 'cdk-ecs-essentials',
  },
  publishToNuget: {
    dotNetNamespace: 'CdkEcsEssentials',
    packageId: 'CdkEcsEssentials',
  },
  publishToGo: {
    moduleName: 'github.com/cdk-ecs-essentials/cdk-ecs-essentials-go',
  },
  githubOptions: { mergify: false },
});

// A capability's private/ is its own: no other folder under src/ imports it (src/private/ is the shared one),
// and src/private/ imports no capability at run time (type-only imports are erased, so they start no cycle).
// CONTRIBUTING.md, "Private folders".
const capabilityFolders = fs.readdirSync('src', { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && entry.name !== 'private')
  .map((entry) => entry.name)
  .sort();
project.eslint?.addRules({
  'import/no-restricted-paths': ['error', {
    zones: capabilityFolders.map((folder) => ({
      target: `./src/!(${folder})/**/*`,
      from: `./src/${folder}/private`,
      message: `only src/${folder}/ may import src/${folder}/private/: move what several capabilities share to src/private/ (CONTRIBUTING.md, "Private folders")`,
    })),
  }],
});
project.eslint?.addOverride({
  files: ['src/private/**/*.ts'],
  rules: {
    '@typescript-eslint/no-restricted-imports': ['error', {
      patterns: [{
        group: ['../*', '!../private/**'],
        allowTypeImports: true,
        message: 'src/private/ imports no capability at run time: use `import type`, or take the value as a parameter (CONTRIBUTING.md, "Private folders")',
      }],
    }],
  },
});

project.npmignore?.exclude('/integ/', '/scripts/', '/.ci/', '/cdk.out/', '/.bench/', '/.compat/', '/.cfnlintrc.yaml', '/api-baseline/');
// The committed API baseline jsii-diff compares against (projen ignores every other .jsii).
project.gitignore.include('/api-baseline/.jsii');

// The registry here serves the unrs-resolver platform bindings only up to 1.12.2; 1.13.0 (pulled in by
// eslint-import-resolver-typescript) leaves `npm ci` with a lock file it calls out of sync.
project.package.addField('overrides', { 'unrs-resolver': '1.12.2' });

const tsNode = 'ts-node --prefer-ts-exts -P tsconfig.dev.json';
// Scripts and integ apps run under plain node with a cached transpile-only hook: each of the many processes the
// gates start (integ-runner's synths, check-integ's, the scripts) skips loading TypeScript and transpiling src/
// again. They are type-checked once, by the `typecheck` step of `test`.
const tsRun = 'node -r ./scripts/lib/ts-register.js';
// Transpile src/ and integ/ into the hook's cache in one process before integ-runner starts its apps in parallel.
const warmTsCache = 'node scripts/lib/ts-register.js warm src integ';
const cdkEnv = {
  CDK_DISABLE_VERSION_CHECK: 'true',
  CDK_DISABLE_CLI_TELEMETRY: 'true',
  // Apps are type-checked once by the `typecheck` step of `test`; ts-node only transpiles.
  TS_NODE_TRANSPILE_ONLY: 'true',
};

// ts-jest and ts-node transpile only (isolatedModules): this is where tests, integ apps and scripts are type-checked.
const typecheck = project.addTask('typecheck', {
  description: 'Type-check src, test, integ and scripts',
  exec: 'tsc -p tsconfig.dev.json --noEmit',
});
// The API gate: jsii-diff against the committed baseline, experimental APIs included (CONTRIBUTING.md, "API changes").
const apiDiff = project.addTask('api:diff', {
  description: 'Fail on a break of the public API against api-baseline/ (jsii-diff --error-on all), or on a breaking baseline refresh without a row in docs/migrating-from-0.x.md',
  exec: `${tsRun} scripts/api-diff.ts diff`,
});
project.addTask('api:baseline', {
  description: 'Refresh api-baseline/ from the compiled .jsii (after `npx projen compile`); commit it with the break and its docs/migrating-from-0.x.md row',
  exec: `${tsRun} scripts/api-diff.ts baseline`,
});


// Snapshot mode only: no AWS account is involved; a changed template fails the run.
const integSnapshot = project.addTask('integ:snapshot', {
  description: 'Synthesize every integ/ app and compare it with its committed snapshot (offline)',
  env: cdkEnv,
  steps: [
    { exec: warmTsCache },
    // Two workers: the synths are CPU-bound and the machines have two cores (integ-runner's default is 16).
    { exec: `integ-runner --directory integ --language typescript --app "${tsRun} {filePath}" --parallel-regions us-east-1 --max-workers 2` },
  ],
});
project.addTask('integ:update', {
  description: 'Refresh the integ/ snapshots (review the diff before committing)',
  env: cdkEnv,
  steps: [
    { exec: warmTsCache },
    { exec: `integ-runner --directory integ --language typescript --app "${tsRun} {filePath}" --parallel-regions us-east-1 --max-workers 2 --dry-run --update-on-failed` },
  ],
});
const integChecks = project.addTask('integ:checks', {
  description: 'cfn-lint over the integ snapshots, cdk-nag AwsSolutions and determinism over the integ apps',
  env: cdkEnv,
  exec: `${tsRun} scripts/check-integ.ts`,
});
const integ = project.addTask('integ', {
  description: 'Every integ gate: snapshots, then determinism, cdk-nag and cfn-lint',
  steps: [{ spawn: integSnapshot.name }, { spawn: integChecks.name }],
});

// `npm test` in two steps:
//   1. typecheck ∥ compile — test/api and api:diff read the .jsii that jsii writes: never a stale API;
//   2. api:diff ∥ jest ∥ eslint ∥ integ — independent gates, run at once so that the machine's two cores stay
//      busy: jest's last suites, integ-runner's start-up and cfn-lint's single-threaded run each leave a core
//      idle when the gates run one after another (on the same loaded machine, back to back: 346 s at once
//      against 736 s in sequence, the same CPU time). Each gate's output is printed in one block when it ends.
// projen's components add jest and eslint to the test task; it is rebuilt here so that the order is stated once.
const parallel = (...tasks: string[]) => `node scripts/lib/parallel.js ${tasks.map((t) => `"projen ${t}"`).join(' ')}`;
project.testTask.reset();
project.testTask.exec(parallel(typecheck.name, project.compileTask.name));
const jestCi = project.addTask('test:jest', {
  description: 'The jest suites alone, as npm test runs them (no coverage)',
  exec: 'jest --passWithNoTests --ci',
  receiveArgs: true,
});
project.testTask.exec(parallel(apiDiff.name, jestCi.name, 'eslint', integ.name));
project.addTask('test:deep', {
  description: 'jest with five times the property-based cases (PROPERTY_RUNS_SCALE=5): a thorough pass outside the 3-minute loop',
  env: { PROPERTY_RUNS_SCALE: '5' },
  exec: 'jest --passWithNoTests --ci',
});
project.addTask('test:coverage', {
  description: 'jest with a coverage report in coverage/ (lcov, cobertura, text); npm test skips coverage for speed',
  exec: 'jest --passWithNoTests --ci --coverage',
});

project.addTask('example', {
  description: 'Synthesize the example app with the cdk CLI into cdk.out/ and print the report of its services (settings and estimated cost)',
  env: cdkEnv,
  steps: [
    // A fresh cdk.out: cdk synth leaves other apps' templates in place.
    { exec: 'node -e "require(\'fs\').rmSync(\'cdk.out\', { recursive: true, force: true })"' },
    { exec: `cdk synth --app "${tsRun} integ/integ.service-connect.ts" --output cdk.out --quiet --no-notices --no-version-reporting --ci` },
    // The published CLI (`npx cdk-ecs-essentials report cdk.out`), run from source: example runs before compile.
    { exec: `${tsRun} src/cli/cli.ts report cdk.out` },
  ],
});

project.addTask('docs:defaults', {
  description: 'Regenerate the "Defaults and why" table of docs/defaults.md from src/private/defaults.ts',
  exec: `${tsRun} scripts/docs-defaults.ts`,
});

project.addTask('docs:limits', {
  description: 'Regenerate docs/limits.md from src/private/limits/ (every enforced limit with its AWS source or "ours")',
  exec: `${tsRun} scripts/docs-limits.ts`,
});

// Not in `npm test`: the three compliance packs still report library-owned findings (docs/security.md), so this
// is a report; `--strict` makes it a gate once they are handled.
project.addTask('nag:all', {
  description: 'cdk-nag AwsSolutions, NIST 800-53 R5, HIPAA Security and PCI DSS 3.2.1 over every integ app: findings per pack, ' +
    'library-owned vs app-owned, acknowledged vs not (--rules, --details, --strict)',
  env: cdkEnv,
  exec: `${tsRun} scripts/nag-all.ts`,
  receiveArgs: true,
});

// Not in `npm test`: it needs aws-cdk's ECS integ apps, fetched into a folder outside the repository (issue 24).
project.addTask('corpus', {
  description: 'Run EcsFastDeployChecks (report and fix mode) and EcsLeastPrivilegeChecks over aws-cdk\'s ECS integ apps in ' +
    '$CORPUS_DIR or the folder given (default ../aws-cdk-ecs-integ): findings by rule, fix-mode template changes, errors',
  env: cdkEnv,
  exec: `${tsRun} scripts/corpus.ts`,
  receiveArgs: true,
});

project.addTask('bench', {
  env: cdkEnv,
  description: 'Benchmark against aws-cdk-lib/aws-ecs-patterns (rollout waits, synth time, resources per service)',
  exec: `${tsNode} test/bench/bench.ts`,
});

// The lock file pins the floor; new users get the newest aws-cdk-lib and Node 22/24. CI runs this gate too.
project.addTask('compat:latest', {
  description: 'Run jest and synthesize the example app against the newest aws-cdk-lib (and the example on Node 24), failing on deprecations',
  exec: `${tsRun} scripts/compat.ts`,
});

// README and API.md examples must compile: jsii-rosetta in strict mode fails on any snippet that does not.
const rosetta = project.addTask('rosetta:extract', {
  description: 'Compile every README/API.md example with jsii-rosetta (strict)',
  exec: 'jsii-rosetta extract --strict --fail',
});
project.postCompileTask.spawn(rosetta);

// Publishing to PyPI, Maven, NuGet and Go needs registries CI cannot reach; generating the code proves
// the API is usable from those languages.
const codeGen = project.addTask('package:code', {
  description: 'Generate Python, Java, .NET and Go bindings (code only, no build or publish)',
  exec: 'jsii-pacmak --code-only --target python --target java --target dotnet --target go --outdir dist-code',
});
project.packageTask.spawn(codeGen);
project.gitignore.exclude('/dist-code/', '.jsii.tabl.json');

project.synth();
