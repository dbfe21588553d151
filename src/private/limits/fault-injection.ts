import { Limit } from './limit';

/**
 * FIS's duration quotas (General Reference, "AWS Fault Injection Service endpoints and quotas"; FIS user guide,
 * "Quotas and limitations"), which this machine cannot re-read: 12 hours, also the longest duration FIS's actions
 * reference gives any time-bounded action ("The duration, from one minute to 12 hours", e.g.
 * aws:fis:inject-api-internal-error). AWS's figure, not the library's; docs/chaos.md says so.
 */
export const FIS_EXPERIMENT_SECONDS: Limit = {
  prop: 'gameDay.faults (total duration, seconds)',
  max: 12 * 60 * 60,
  source: 'FIS quota on experiment duration: 12 hours (FIS user guide, Quotas and limitations; not re-readable offline); FIS actions reference: "The duration, from one minute to 12 hours"',
};

/**
 * This library's range for a fault's duration, not AWS's: the FIS actions reference gives the ECS task actions'
 * `duration` as ISO 8601 with no range.
 */
export const FIS_FAULT_SECONDS: Limit = {
  prop: 'EcsFault duration (seconds)',
  min: 60,
  max: 12 * 60 * 60,
  source: 'ours: FIS gives the aws:ecs:task-* duration as ISO 8601 with no range; at least a minute so that 1-minute stop-condition alarms can see the fault, at most 12 hours (FIS\'s experiment quota) so that a typo (hours for minutes) does not leave a fault running for days',
  ours: true,
};

/**
 * `TaskSelection.percent(n)`, rendered as FIS's `PERCENT(n)` selection mode (FIS API `selectionMode`: "PERCENT(n) -
 * Run the action on the specified percentage of targets"), which gives no range.
 */
export const FIS_TARGET_PERCENT: Limit = {
  prop: 'selection (TaskSelection.percent())',
  min: 1,
  max: 100,
  source: 'ours: FIS API selectionMode "PERCENT(n) - Run the action on the specified percentage of targets" gives no range; a share of the tasks is at most 100, and 0 would select none',
  ours: true,
};

/** FIS actions reference, ECS task actions: `percent` (cpu-stress, io-stress) and `lossPercent` (network-packet-loss) "(0-100)". */
export const FIS_PERCENT: Limit = {
  prop: 'EcsFault percent, lossPercent',
  min: 0,
  max: 100,
  source: 'FIS actions reference, aws:ecs:task-cpu-stress / io-stress percent and network-packet-loss lossPercent: "(0-100)"',
};

/** FIS actions reference, `aws:ecs:task-network-blackhole-port`: `port`, a TCP/UDP port number. */
export const FIS_PORT: Limit = {
  prop: 'EcsFault port (network blackhole)',
  min: 1,
  max: 65_535,
  source: 'FIS actions reference, aws:ecs:task-network-blackhole-port port: a TCP/UDP port number (1–65535)',
};

/** FIS documents no upper bound for `workers` (cpu-stress: 0 = one per vCPU, io-stress: at least 1). */
export const FIS_WORKERS: Limit = {
  prop: 'EcsFault workers (cpu stress 0–, io stress 1–)',
  min: 0,
  max: 2_147_483_647,
  source: 'ours: FIS documents defaults (cpu-stress 0 = one worker per vCPU, io-stress 1) and no upper bound; the library takes the Int32 range above them',
  ours: true,
};

/** FIS API `CreateExperimentTemplateRequest.description` (shape ExperimentTemplateDescription: max 512). The library truncates to it. */
export const FIS_TEMPLATE_DESCRIPTION: Limit = {
  prop: 'experiment template description (generated, truncated to fit)',
  max: 512,
  source: 'FIS API CreateExperimentTemplate description (shape ExperimentTemplateDescription: max 512)',
  model: 'botocore:fis:CreateExperimentTemplateRequest.description',
};

/** FIS API tags (shape TagMap, values of shape TagValue: max 256). The library truncates its Name tag to it. */
export const FIS_TAG_VALUE: Limit = {
  prop: 'experiment template Name tag (generated, truncated to fit)',
  max: 256,
  source: 'FIS API CreateExperimentTemplate tags (shape TagValue: max 256)',
  model: 'botocore:fis:TagMap.value',
};

/** Fault injection (AWS FIS): every limit of this file, in the order docs/limits.md lists them. */
export const FAULT_INJECTION_LIMITS: readonly Limit[] = [
  FIS_EXPERIMENT_SECONDS, FIS_FAULT_SECONDS, FIS_TARGET_PERCENT, FIS_PERCENT, FIS_PORT, FIS_WORKERS,
  FIS_TEMPLATE_DESCRIPTION, FIS_TAG_VALUE,
];
