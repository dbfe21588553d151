import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';

export const image = ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable');

/** A stack with a small VPC and a cluster with Container Insights. */
export function setup(): { app: App; stack: Stack; vpc: ec2.Vpc; cluster: ecs.Cluster } {
  const app = new App();
  const stack = new Stack(app, 'Test');
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
  const cluster = new ecs.Cluster(stack, 'Cluster', { vpc, containerInsightsV2: ecs.ContainerInsights.ENABLED });
  return { app, stack, vpc, cluster };
}

/**
 * The dashboard body as an object. CloudFormation receives it as an `Fn::Join` of JSON text and
 * references; each reference becomes a readable string (`Ref(Id)`, `GetAtt(Id.Attr)`) so the JSON parses.
 */
export function dashboardBody(template: Template, index = 0): Dashboard {
  const dashboards = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
  const body = dashboards[index].Properties.DashboardBody;
  const text = typeof body === 'string' ? body : (body['Fn::Join'][1] as unknown[]).map(part).join('');
  return JSON.parse(text);
}

function part(value: unknown): string {
  if (typeof value === 'string') {
    return value;
  }
  const v = value as Record<string, any>;
  if (v.Ref) {
    return `Ref(${v.Ref})`;
  }
  if (v['Fn::GetAtt']) {
    return `GetAtt(${v['Fn::GetAtt'].join('.')})`;
  }
  // Other intrinsics (Fn::Select of a listener ARN for the load balancer's name): quotes made JSON-safe.
  return `Fn(${JSON.stringify(value).replace(/"/g, "'")})`;
}

export interface Widget {
  readonly type: string;
  readonly width: number;
  readonly height: number;
  readonly properties: Record<string, any>;
}

export interface Dashboard {
  readonly widgets: Widget[];
}

/** The only widget whose title (or markdown heading) contains `title`. */
export function widget(dashboard: Dashboard, title: string): Widget {
  const found = dashboard.widgets.filter((w) => (w.properties.title ?? w.properties.markdown ?? '').includes(title));
  if (found.length !== 1) {
    throw new Error(`${found.length} widgets titled '${title}' in ${JSON.stringify(titles(dashboard))}`);
  }
  return found[0];
}

/** The titles of the graphs and the first line of the text widgets. */
export function titles(dashboard: Dashboard): string[] {
  return dashboard.widgets.map((w) => w.properties.title ?? String(w.properties.markdown).split('\n')[0]);
}

/** A plain metric of a graph: namespace, name, dimensions as an object, and its rendering options. */
export interface GraphMetric {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Record<string, string>;
  readonly options: Record<string, any>;
}

/** The metrics of a graph widget (metric math expressions excluded). */
export function metricsOf(w: Widget): GraphMetric[] {
  return (w.properties.metrics as unknown[][])
    .filter((m) => typeof m[0] === 'string')
    .map((m) => {
      const last = m[m.length - 1];
      const hasOptions = typeof last === 'object';
      const fields = (hasOptions ? m.slice(0, -1) : m) as string[];
      const dimensions: Record<string, string> = {};
      for (let i = 2; i < fields.length; i += 2) {
        dimensions[fields[i]] = fields[i + 1];
      }
      return { namespace: fields[0], metricName: fields[1], dimensions, options: hasOptions ? last as Record<string, any> : {} };
    });
}

/** The metric math expressions of a graph widget. */
export function expressionsOf(w: Widget): Array<Record<string, any>> {
  return (w.properties.metrics as unknown[][])
    .filter((m) => typeof m[0] === 'object' && 'expression' in (m[0] as object))
    .map((m) => m[0] as Record<string, any>);
}
