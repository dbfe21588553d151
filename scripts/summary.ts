/**
 * Print what each ECS service of a cloud assembly will do, read back from the synthesized templates:
 *
 *   ts-node --prefer-ts-exts -P tsconfig.dev.json scripts/summary.ts cdk.out
 *
 * Run by `npx projen example` after `cdk synth`. Reading the templates (not the construct props)
 * shows what CloudFormation will get, defaults of CloudFormation and ECS included.
 */
import * as fs from 'fs';
import { capacityMixOf, describeWaits, desiredCountOf, launchOf, rolloutWaitsOf, serviceConnectOf, taskSizeOf } from './lib/ecs-service';
import { textTable } from './lib/table';
import { TemplateFile, findEcsServices, readTemplates, resourceCount } from './lib/template';

const HEADER = ['SERVICE', 'LAUNCH', 'CPU/MIB ARCH', 'DESIRED', 'CAPACITY MIX', 'WAITS traffic+drain+stop', 'SERVICE CONNECT'];

function main(argv: string[]): number {
  const dir = argv[0];
  if (dir === undefined || !fs.existsSync(dir)) {
    console.error('usage: summary.ts <cdk.out directory>');
    return 2;
  }
  const templates = readTemplates(dir);
  if (templates.length === 0) {
    console.error(`no *.template.json in ${dir}`);
    return 1;
  }
  for (const file of templates) {
    console.log(summarizeStack(file));
    console.log('');
  }
  return 0;
}

/** A header line with the stack's size and a table with one row per ECS service. */
function summarizeStack(file: TemplateFile): string {
  const resources = resourceCount(file.template);
  const title = `${file.stackName}: ${resources} resources (limit 500), ${(file.bytes / 1024).toFixed(1)} KB template (limit 1024 KB)`;
  const services = findEcsServices(file.template);
  if (services.length === 0) {
    return `${title}, no ECS service`;
  }
  const rows = services.map((service) => [
    serviceLabel(service.path, service.logicalId, file.stackName),
    launchOf(file.template, service),
    taskSizeOf(file.template, service),
    desiredCountOf(service),
    capacityMixOf(service),
    describeWaits(rolloutWaitsOf(file.template, service)),
    serviceConnectOf(service),
  ]);
  return `${title}\n${textTable(HEADER, rows, '  ')}`;
}

/**
 * `/Stack/Web/Service/Service` → `Web/Service (WebServiceD04B5F3E)`: the stack is in the title and the
 * L1 suffix adds nothing. Apps synthesized without the CLI carry no path metadata: logical id only.
 */
function serviceLabel(cdkPath: string, logicalId: string, stackName: string): string {
  if (cdkPath === logicalId) {
    return logicalId;
  }
  const short = cdkPath.replace(/^\//, '').replace(new RegExp(`^${stackName}/`), '').replace(/\/(Service|Resource)$/, '');
  return `${short} (${logicalId})`;
}

process.exitCode = main(process.argv.slice(2));
