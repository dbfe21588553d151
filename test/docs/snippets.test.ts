import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

/**
 * Every fenced `ts` block of the guides in docs/ is type-checked against the library, as jsii-rosetta
 * compiles the README's: a guide whose example no longer compiles fails here. A block that is only an
 * excerpt is fenced as ```ts excerpt and skipped on purpose. Blocks follow rosetta's convention:
 * imports at the top, fixtures as `declare const`.
 */
const root = path.resolve(__dirname, '../..');
const docsDir = path.join(root, 'docs');

interface Snippet {
  readonly file: string;
  readonly line: number;
  readonly code: string;
}

function snippetsOf(file: string): Snippet[] {
  const lines = fs.readFileSync(file, 'utf-8').split('\n');
  const found: Snippet[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(ts|typescript)\s*$/.exec(lines[i]);
    if (!open) {
      continue;
    }
    const start = i + 1;
    let end = start;
    while (end < lines.length && !/^```\s*$/.test(lines[end])) {
      end++;
    }
    found.push({ file, line: start + 1, code: lines.slice(start, end).join('\n') });
    i = end;
  }
  return found;
}

function guides(): string[] {
  return fs.existsSync(docsDir)
    ? fs.readdirSync(docsDir).filter((f) => f.endsWith('.md')).sort().map((f) => path.join(docsDir, f))
    : [];
}

describe('docs/ guides', () => {
  const snippets = guides().flatMap(snippetsOf);

  test('every ts snippet type-checks against the library (```ts excerpt blocks are skipped)', () => {
    // Virtual files beside the guides, so that module resolution finds the repository's node_modules.
    const virtual = new Map<string, string>();
    snippets.forEach((s, i) => {
      const body = /^\s*(import|export)\s/m.test(s.code) ? s.code : `${s.code}\nexport {};`;
      virtual.set(path.join(docsDir, `__snippet_${i}.ts`), body);
    });
    const options: ts.CompilerOptions = {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS,
      moduleResolution: ts.ModuleResolutionKind.Node10,
      esModuleInterop: true,
      skipLibCheck: true,
      types: ['node'],
      baseUrl: root,
      paths: { 'cdk-ecs-essentials': ['src/index.ts'] },
    };
    const host = ts.createCompilerHost(options);
    const readFile = host.readFile.bind(host);
    const fileExists = host.fileExists.bind(host);
    const getSourceFile = host.getSourceFile.bind(host);
    host.readFile = (f) => virtual.get(path.resolve(f)) ?? readFile(f);
    host.fileExists = (f) => virtual.has(path.resolve(f)) || fileExists(f);
    host.getSourceFile = (f, languageVersion, onError, shouldCreate) => {
      const text = virtual.get(path.resolve(f));
      return text !== undefined ? ts.createSourceFile(f, text, languageVersion, true) : getSourceFile(f, languageVersion, onError, shouldCreate);
    };
    const program = ts.createProgram([...virtual.keys()], options, host);
    // Diagnostics of the snippets only: asking the whole program's (getPreEmitDiagnostics) type-checks all of src/
    // as well, which the `typecheck` step has done, and took most of this test's time.
    const snippetFiles = program.getSourceFiles().filter((f) => virtual.has(path.resolve(f.fileName)));
    const problems = snippetFiles
      .flatMap((f) => [...program.getSyntacticDiagnostics(f), ...program.getSemanticDiagnostics(f)])
      .filter((d) => d.file !== undefined)
      .map((d) => {
        const index = Number(/__snippet_(\d+)\.ts$/.exec(d.file!.fileName)![1]);
        const snippet = snippets[index];
        const { line } = d.file!.getLineAndCharacterOfPosition(d.start ?? 0);
        return `${path.relative(root, snippet.file)}:${snippet.line + line}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
      });
    expect(problems).toEqual([]);
  });
});
