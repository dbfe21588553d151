// An environment with a domain (Copilot's env): a web service at https://web.<domain> on the shared HTTPS
// listener, a Service Connect backend it calls, a queue worker and a nightly job, all placed by the environment.
//
// The hosted zone is imported: the certificate is validated by DNS, so a real deployment needs a public
// zone this account owns. Give it with `-c ecse:hostedZoneId=Z… -c ecse:zoneName=example.com`; the
// committed snapshot uses a fake id and integ.example.com.
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { Annotations, App, Stack, TimeZone, Validations } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import {
  EnvironmentNetwork, EssentialEnvironment, EssentialFargateService, EssentialQueueWorker, EssentialScheduledJob, JobSchedule, LoadBalancing,
  ServiceConnectMode,
} from '../src';
import { DeploymentAssertions, HTTP_TIMEOUT, POLL_INTERVAL } from './support/assertions';
import { acknowledgeComplianceFindings } from './support/compliance';
import { acknowledgeFinding, acknowledgeLoadBalancer, acknowledgeScheduledJob, synthWithAwsSolutionsChecks } from './support/nag';

const app = new App();
const stack = new Stack(app, 'EcseEnvironment');
// The backend is a Service Connect server, which warns that a replacing update fails
// (cdk-ecs-essentials:serviceConnectReplacement): this stack is deployed and destroyed whole.
Annotations.of(stack).acknowledgeWarning('cdk-ecs-essentials:serviceConnectReplacement',
  'integ stacks are created and destroyed whole; no update replaces a Service Connect service');

const zoneName: string = app.node.tryGetContext('ecse:zoneName') ?? 'integ.example.com';
const hostedZone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', {
  hostedZoneId: app.node.tryGetContext('ecse:hostedZoneId') ?? 'Z00000000INTEGEXAMPLE',
  zoneName,
});
const env = new EssentialEnvironment(stack, 'Test', {
  // One NAT gateway: a test stage; its Elastic IP is exported as the environment's egress IP.
  network: EnvironmentNetwork.singleNat(),
  domain: { domainName: zoneName, hostedZone },
});

const nginx = ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable');
const busybox = ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/busybox:stable');
const api = new EssentialFargateService(stack, 'Api', {
  essentialEnvironment: env,
  image: nginx,
  containerPort: 80,
  loadBalancing: LoadBalancing.none(),
  serviceConnect: ServiceConnectMode.server({ dnsName: 'api' }),
});
const web = new EssentialFargateService(stack, 'Web', {
  essentialEnvironment: env,
  image: nginx,
  containerPort: 80,
  loadBalancing: LoadBalancing.environment({ host: 'web' }),
  serviceConnect: ServiceConnectMode.client(),
  environment: { API_URL: api.serviceConnectEndpoint! },
});
web.connectTo(api);
const worker = new EssentialQueueWorker(stack, 'Worker', {
  essentialEnvironment: env,
  image: busybox,
  command: ['sh', '-c', 'trap "exit 0" TERM; while true; do sleep 1; done'],
});
const job = new EssentialScheduledJob(stack, 'Nightly', {
  essentialEnvironment: env,
  image: busybox,
  command: ['sh', '-c', 'echo report'],
  schedule: JobSchedule.cron({ hour: '2', minute: '0', timeZone: TimeZone.ASIA_SEOUL }),
});

for (const taskDefinition of [web.taskDefinition, worker.taskDefinition]) {
  Validations.of(taskDefinition).acknowledge({
    id: 'AwsSolutions-ECS2',
    reason: 'The environment holds only a Service Connect endpoint or the queue URL, which are not secrets; ECS2 flags any environment variable, and AWS documents environment variables as the way to pass non-secret configuration.',
  });
}
for (const dlq of [worker.deadLetterQueue!, job.deadLetterQueue]) {
  acknowledgeFinding(dlq, 'AwsSolutions-SQS3',
    'This queue is itself a dead-letter queue (of an SQS redrive policy or of an EventBridge Scheduler target); SQS3 asks for a DLQ on source queues only.');
}
acknowledgeScheduledJob(job);
acknowledgeLoadBalancer(env.loadBalancer!, true);

const integ = new IntegTest(app, 'EnvironmentTest', { testCases: [stack] });
const check = new DeploymentAssertions(integ);
for (const service of [api, web]) {
  check.serviceSteady(service, { desiredCount: 2 });
}
check.targetsHealthy(web.targetGroup!);
// The web service answers at its host name over HTTPS; plain HTTP is redirected there (fetch follows it).
for (const url of [`https://web.${zoneName}/`, `http://web.${zoneName}/`]) {
  check.chain(integ.assertions.httpApiCall(url)
    .expect(ExpectedResult.objectLike({ status: 200, body: Match.stringLikeRegexp('nginx') }))
    .waitForAssertions({ totalTimeout: HTTP_TIMEOUT, interval: POLL_INTERVAL }));
}
// The worker waits at zero tasks; the job is scheduled at 02:00 in Seoul in the environment's cluster.
check.serviceSteady(worker, { desiredCount: 0 });
check.chain(integ.assertions.awsApiCall('Scheduler', 'getSchedule', { Name: check.physicalId(job.schedule) })
  .expect(ExpectedResult.objectLike({
    ScheduleExpression: 'cron(0 2 * * ? *)',
    ScheduleExpressionTimezone: 'Asia/Seoul',
    Target: Match.objectLike({ Arn: env.cluster.clusterArn }),
  })));
// The environment's tasks leave through its one NAT gateway, whose Elastic IP is the exported egress IP.
check.chain(integ.assertions.awsApiCall('EC2', 'describeAddresses', { PublicIps: [env.egressIps[0]] }, ['Addresses.0.Domain'])
  .assertAtPath('Addresses.0.Domain', ExpectedResult.exact('vpc')));
acknowledgeComplianceFindings(app);
synthWithAwsSolutionsChecks(app);
