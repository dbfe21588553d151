/**
 * Run commands at the same time and fail if any fails: `node scripts/lib/parallel.js "<cmd>" "<cmd>" …`.
 *
 * `npm test` uses it where the steps are single-threaded and independent (tsc and jsii; eslint and the integ
 * gates), so that both cores of a CI machine work. Each command's output is printed in one block when it ends,
 * with its wall time, so logs do not interleave. Plain JavaScript: it runs before anything is compiled.
 */
'use strict';
const { spawn } = require('child_process');

function runOne(command) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, { shell: true, stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
    const output = [];
    child.stdout.on('data', (chunk) => output.push(chunk));
    child.stderr.on('data', (chunk) => output.push(chunk));
    child.on('error', (err) => output.push(Buffer.from(String(err))));
    child.on('close', (code, signal) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      process.stdout.write(`\n─── ${command} (${seconds} s, ${code === 0 ? 'ok' : `failed: ${signal ?? `exit ${code}`}`})\n`);
      process.stdout.write(Buffer.concat(output));
      resolve(code === 0 ? 0 : 1);
    });
  });
}

async function main(commands) {
  if (commands.length === 0) {
    console.error('usage: node scripts/lib/parallel.js "<command>" "<command>" …');
    return 2;
  }
  const codes = await Promise.all(commands.map(runOne));
  const failed = commands.filter((_, i) => codes[i] !== 0);
  if (failed.length > 0) {
    console.error(`\nfailed: ${failed.join(', ')}`);
    return 1;
  }
  return 0;
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
