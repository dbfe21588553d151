import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

const ROOT = path.join(__dirname, '..', '..');
const GUIDE = path.join(ROOT, 'docs', 'deployments.md');

/** The ```ts blocks of a Markdown file. */
function snippetsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return [...text.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
}

// The guide's examples are code users copy: each must type-check against the library as published
// (`cdk-ecs-essentials` resolves to src/index.ts), in strict mode, like jsii-rosetta checks the README.
describe('docs/deployments.md', () => {
  test('every TypeScript snippet compiles', () => {
    const snippets = snippetsOf(GUIDE);
    expect(snippets.length).toBeGreaterThanOrEqual(4);
    const files = new Map(snippets.map((code, i) => [path.join(ROOT, 'docs', `__snippet${i}.ts`), code]));
    const options: ts.CompilerOptions = {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2020,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      esModuleInterop: true,
      skipLibCheck: true,
      noUnusedLocals: false,
      paths: { 'cdk-ecs-essentials': [path.join(ROOT, 'src', 'index.ts')] },
      types: [],
    };
    const host = ts.createCompilerHost(options);
    const readFile = host.readFile.bind(host);
    const fileExists = host.fileExists.bind(host);
    host.readFile = (name) => files.get(path.resolve(name)) ?? readFile(name);
    host.fileExists = (name) => files.has(path.resolve(name)) || fileExists(name);
    const program = ts.createProgram([...files.keys()], options, host);
    const problems = ts.getPreEmitDiagnostics(program)
      .filter((d) => d.file === undefined || files.has(path.resolve(d.file.fileName)))
      .map((d) => `${d.file ? path.basename(d.file.fileName) : ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    expect(problems).toEqual([]);
  });
});
