// Preload (`node -r`) that makes every `require('aws-cdk-lib…')` and `require('constructs')` load the
// copies under COMPAT_NODE_MODULES: the example app then runs against the newest aws-cdk-lib without
// touching the lock file. jest gets the same mapping through moduleNameMapper (scripts/compat.ts).
const Module = require('module');
const path = require('path');
const root = process.env.COMPAT_NODE_MODULES;
if (!root) {
  throw new Error('COMPAT_NODE_MODULES is not set: run this through `npx projen compat:latest`');
}
const original = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
  if (request === 'aws-cdk-lib' || request.startsWith('aws-cdk-lib/') || request === 'constructs') {
    return original.call(this, path.join(root, request), parent, ...rest);
  }
  return original.call(this, request, parent, ...rest);
};
