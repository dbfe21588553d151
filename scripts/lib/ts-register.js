/**
 * A require hook that runs TypeScript without type-checking (`node -r ./scripts/lib/ts-register.js app.ts`),
 * like `ts-node --transpile-only`, with the compiled output cached on disk.
 *
 * Why: the integ gates start one Node.js process per synthesis (two per integ app, plus integ-runner's),
 * and under ts-node each of them loaded the TypeScript compiler and transpiled all of src/ again — about two
 * thirds of a synthesis's CPU time. With this hook a process loads TypeScript only on a cache miss.
 * Type-checking stays where it is: the `typecheck` step of `npm test` (tsc over src, test, integ, scripts).
 *
 * The cache key is the file's path and text, the TypeScript version and both tsconfig files, so an edited
 * file or option is transpiled again. The cache lives in node_modules/.cache/ts-register (git-ignored).
 * Plain JavaScript, so it needs no transpiler itself.
 */
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..', '..');
const CACHE_DIR = path.join(ROOT, 'node_modules', '.cache', 'ts-register');
const TSCONFIG = path.join(ROOT, 'tsconfig.dev.json');

let ts;
let compilerOptions;
let salt;

/** What every cache key shares: anything that changes the output of every file. */
function keySalt() {
  if (salt === undefined) {
    const parts = [
      require('typescript/package.json').version,
      fs.readFileSync(TSCONFIG, 'utf-8'),
      fs.readFileSync(path.join(ROOT, 'tsconfig.json'), 'utf-8'),
      fs.readFileSync(__filename, 'utf-8'),
    ];
    salt = crypto.createHash('sha256').update(parts.join('\0')).digest('hex');
  }
  return salt;
}

/** tsconfig.dev.json's options, emitting CommonJS with inline source maps, as ts-node does for this repository. */
function options() {
  if (compilerOptions === undefined) {
    ts = require('typescript');
    const parsed = ts.getParsedCommandLineOfConfigFile(TSCONFIG, {}, {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n')); },
    });
    compilerOptions = {
      ...parsed.options,
      module: ts.ModuleKind.CommonJS,
      moduleResolution: ts.ModuleResolutionKind.Node10,
      noEmit: false,
      declaration: false,
      sourceMap: false,
      inlineSourceMap: true,
      inlineSources: true,
    };
  }
  return compilerOptions;
}

function transpile(filename, source) {
  const key = crypto.createHash('sha256').update(`${keySalt()}\0${filename}\0${source}`).digest('hex');
  const cached = path.join(CACHE_DIR, `${key}.js`);
  try {
    return fs.readFileSync(cached, 'utf-8');
  } catch {
    // not cached yet
  }
  const compiled = options();
  const result = ts.transpileModule(source, { fileName: filename, compilerOptions: compiled, reportDiagnostics: false });
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  // Write, then rename: two processes transpiling the same file at once never read half a file.
  const temporary = `${cached}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, result.outputText);
  fs.renameSync(temporary, cached);
  return result.outputText;
}

/** Transpile every .ts file under `dirs` into the cache in this process (one TypeScript load for all). */
function warm(dirs) {
  let count = 0;
  const visit = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && !entry.name.endsWith('.snapshot') && !entry.name.startsWith('.')) {
          visit(file);
        }
      } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
        transpile(file, fs.readFileSync(file, 'utf-8'));
        count++;
      }
    }
  };
  dirs.forEach((dir) => visit(path.resolve(ROOT, dir)));
  return count;
}

function register() {
  const defaultJs = require.extensions['.js'];
  require.extensions['.ts'] = (module, filename) => {
    if (filename.includes(`${path.sep}node_modules${path.sep}`) || filename.endsWith('.d.ts')) {
      return defaultJs(module, filename);
    }
    module._compile(transpile(filename, fs.readFileSync(filename, 'utf-8')), filename);
  };
  // Stack traces point at the TypeScript lines.
  process.setSourceMapsEnabled?.(true);
}

if (require.main === module) {
  // node scripts/lib/ts-register.js warm src integ
  const [command, ...dirs] = process.argv.slice(2);
  if (command !== 'warm') {
    console.error('usage: node scripts/lib/ts-register.js warm <dir>...');
    process.exit(2);
  }
  console.log(`ts-register: ${warm(dirs)} files transpiled or cached`);
} else {
  register();
}

module.exports = { warm };
