import { CfnOutput, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';

/**
 * The Elastic IPs of the VPC's NAT gateways (aws-cdk-lib names them `EIP` in each public subnet that
 * holds a NAT gateway), each as an exported output: a task's ENI cannot keep a fixed IP, the NAT
 * gateway's Elastic IP is AWS's answer for third parties that allow-list callers.
 *
 * @returns the addresses (tokens), one per NAT gateway, in AZ order
 */
export function exportEgressIps(scope: Construct, vpc: ec2.Vpc): string[] {
  const eips = vpc.publicSubnets
    .map((subnet) => subnet.node.tryFindChild('EIP'))
    .filter((child): child is ec2.CfnEIP => child instanceof ec2.CfnEIP);
  const stackName = Stack.of(scope).stackName;
  // Export names take letters, digits, colons and hyphens, and are unique per account and Region.
  const prefix = Token.isUnresolved(stackName) ? undefined : `${stackName}:${scope.node.id}`.replace(/[^A-Za-z0-9:-]/g, '-');
  return eips.map((eip, i) => {
    const output = new CfnOutput(scope, `EgressIp${i + 1}`, {
      description: `Public IPv4 address ${i + 1} of ${eips.length} the tasks of ${scope.node.path} reach the internet from (a NAT gateway's Elastic IP)`,
      value: eip.ref,
      exportName: prefix && `${prefix}:EgressIp${i + 1}`,
    });
    return output.value as string;
  });
}
