import { Annotations, Aspects, IAspect, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct } from 'constructs';
import * as defaults from './defaults';
import { FARGATE_PLATFORM_VERSIONS_BEFORE_1_4, TASK_VOLUME_NAME } from './limits';
import { PropsValidator } from './validation';
import type { IEssentialService } from '../service/essential-service';
import type { EfsMountOptions } from '../storage/efs-mount-options';

/** What the service's variant knows that `addEfsVolume` checks or wires. */
export interface EfsVolumeTraits {
  /**
   * Who opens the NFS connection.
   *
   * @default - the service's tasks (awsvpc); bridge tasks on EC2 mount through their instances
   */
  readonly connectable?: ec2.IConnectable;
  /** Fargate services: the platform version (EFS needs 1.4.0 or later). */
  readonly fargatePlatformVersion?: ecs.FargatePlatformVersion;
  /** Windows tasks cannot mount EFS. */
  readonly windows?: boolean;
}

/** The service's parts `addEfsVolume` wires into, with its variant's traits. */
interface EfsVolumeTarget extends EfsVolumeTraits {
  readonly scope: Construct;
  readonly service: ecs.BaseService;
  readonly taskDefinition: ecs.TaskDefinition;
  readonly container: ecs.ContainerDefinition;
  readonly connectable: ec2.IConnectable;
}

/** ECS task definition volume names (TASK_VOLUME_NAME in ./limits quotes the ECS API). */
const VOLUME_NAME = new RegExp(TASK_VOLUME_NAME.pattern!);
/** Fargate platform versions before 1.4.0 cannot mount EFS. */
const CLIENT_MOUNT = 'elasticfilesystem:ClientMount';
const CLIENT_WRITE = 'elasticfilesystem:ClientWrite';
const CLIENT_ROOT_ACCESS = 'elasticfilesystem:ClientRootAccess';

/** How this library mounts a file system created in the app, written into its policy when the app synthesizes. */
interface FileSystemMounts {
  /** A mount of this library goes without TLS, so the TLS-only Deny is left out. */
  plain: boolean;
  /** A mount of this library goes with TLS. */
  tls: boolean;
  /** Per task role with IAM authorization: how its mounts of this file system go. */
  readonly roles: Map<iam.IRole, { accessPoint: boolean; root: boolean; readOnly: boolean; readWrite: boolean }>;
}
const mountsOf = new WeakMap<efs.FileSystem, FileSystemMounts>();

/** The EFS volumes (names and container paths) each task definition has got from this library. */
const added = new WeakMap<ecs.TaskDefinition, { names: Set<string>; paths: Set<string> }>();

/**
 * Mount an EFS file system into the application container: the task definition volume (transit
 * encryption and IAM authorization on by default), the mount point, the NFS rule from the tasks to
 * the file system, the task-role grant scoped to the file system (and the access point), and the
 * service's dependency on the mount targets.
 *
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/efs-volumes.html
 */
export function addEfsVolume(service: IEssentialService, id: string, options: EfsMountOptions, traits: EfsVolumeTraits = {}): void {
  const target: EfsVolumeTarget = {
    scope: service,
    service: service.service,
    taskDefinition: service.taskDefinition,
    container: service.container,
    ...traits,
    connectable: traits.connectable ?? service,
  };
  const seen = added.get(target.taskDefinition) ?? { names: new Set<string>(), paths: new Set<string>() };
  const transit = options.enableTransitEncryption ?? defaults.EFS_TRANSIT_ENCRYPTION;
  const iamAuth = options.enableIamAuthorization ?? defaults.EFS_IAM_AUTHORIZATION;
  const readOnly = options.readOnly ?? defaults.EFS_READ_ONLY;
  validate(target, id, options, seen, transit, iamAuth);
  seen.names.add(id);
  if (!Token.isUnresolved(options.containerPath)) {
    seen.paths.add(mountPointKey(options.containerPath));
  }
  added.set(target.taskDefinition, seen);

  const { fileSystem, accessPoint } = options;
  target.taskDefinition.addVolume({
    name: id,
    efsVolumeConfiguration: {
      fileSystemId: fileSystem.fileSystemId,
      transitEncryption: transit ? 'ENABLED' : 'DISABLED',
      authorizationConfig: accessPoint || iamAuth
        ? { accessPointId: accessPoint?.accessPointId, iam: iamAuth ? 'ENABLED' : 'DISABLED' }
        : undefined,
    },
  });
  target.container.addMountPoints({ sourceVolume: id, containerPath: options.containerPath, readOnly });
  fileSystem.connections.allowDefaultPortFrom(target.connectable, `NFS from ${target.scope.node.path} (EFS volume ${id})`);
  // A task that starts before a mount target in its subnet is available fails to mount.
  target.service.node.addDependency(fileSystem.mountTargetsAvailable);

  recordFileSystemMount(target.taskDefinition.taskRole, options, transit, iamAuth, readOnly);
  if (iamAuth) {
    grantMount(target.taskDefinition.taskRole, fileSystem, accessPoint, readOnly);
  } else {
    Annotations.of(target.scope).addWarningV2('cdk-ecs-essentials:efsWithoutIamAuthorization',
      `EFS volume '${id}' mounts without IAM authorization: any client that reaches the mount target may mount it unless the file system policy forbids it. Keep 'enableIamAuthorization' true to authorize mounts with the task role.`);
  }
  if (!transit) {
    Annotations.of(target.scope).addWarningV2('cdk-ecs-essentials:efsWithoutTransitEncryption',
      `EFS volume '${id}' mounts without transit encryption: file contents cross the network in clear text. Keep 'enableTransitEncryption' true.`);
  }
}

/**
 * The task role may mount (and write, unless read-only) this file system through a mount target,
 * and only through the access point when one is given.
 *
 * EFS condition keys: elasticfilesystem:AccessPointArn, elasticfilesystem:AccessedViaMountTarget
 * (https://docs.aws.amazon.com/efs/latest/ug/iam-access-control-nfs-efs.html).
 */
function grantMount(role: iam.IGrantable, fileSystem: efs.IFileSystem, accessPoint: efs.IAccessPoint | undefined, readOnly: boolean): void {
  if (!accessPoint) {
    // The L2 grants carry the AccessedViaMountTarget condition and make a new file system deny anonymous mounts.
    if (readOnly) {
      fileSystem.grantRead(role);
    } else {
      fileSystem.grantReadWrite(role);
    }
    return;
  }
  iam.Grant.addToPrincipalOrResource({
    grantee: role,
    actions: readOnly ? [CLIENT_MOUNT] : [CLIENT_MOUNT, CLIENT_WRITE],
    resourceArns: [fileSystem.fileSystemArn],
    resource: fileSystem,
    conditions: {
      Bool: { 'elasticfilesystem:AccessedViaMountTarget': 'true' },
      StringEquals: { 'elasticfilesystem:AccessPointArn': accessPoint.accessPointArn },
    },
  });
}

/**
 * The file-system policy of a file system created in this app (`new efs.FileSystem`). EFS applies no policy
 * until one exists ("full access to any client that can connect"), and an identity grant scoped to an access
 * point or to ClientMount restricts nothing while another statement allows more (aws-cdk-lib's grants add
 * "ClientWrite and ClientRootAccess for any principal through a mount target"). Written when the app
 * synthesizes, from every mount of the file system, so the order of `addEfsVolume` calls does not matter:
 *
 * - TLS only, for every client (`aws:SecureTransport`, the EFS guide's "enforce encryption in transit"
 *   policy), unless one of this library's mounts of it goes without TLS.
 * - Per task role, as Deny statements naming that role only, so other users of the file system keep theirs:
 *   a role that mounts only through access points cannot mount without one (`elasticfilesystem:AccessPointArn`
 *   absent); which access point is the identity grant's `StringEquals`, which counts now that a policy exists
 *   (the access point's own ARN cannot be named here: the access point depends on the file system). A role
 *   that mounts the file system only read-only gets no ClientWrite or ClientRootAccess.
 *
 * A file system imported into the app (`FileSystem.fromFileSystemAttributes`) is left alone: EFS keeps one
 * policy per file system, written by its owner, and a second writer would replace it. Role statements are
 * left out when the file system lives in another stack than the task role: naming the role there would make
 * the file system's stack depend on the service's, which already depends on it.
 *
 * @see https://docs.aws.amazon.com/efs/latest/ug/iam-access-control-nfs-efs.html
 */
function recordFileSystemMount(role: iam.IRole, options: EfsMountOptions, transit: boolean, iamAuth: boolean, readOnly: boolean): void {
  const { fileSystem, accessPoint } = options;
  if (!(fileSystem instanceof efs.FileSystem)) {
    return;
  }
  let mounts = mountsOf.get(fileSystem);
  if (!mounts) {
    mounts = { plain: false, tls: false, roles: new Map() };
    mountsOf.set(fileSystem, mounts);
    Aspects.of(fileSystem).add(new FileSystemPolicyWriter(fileSystem, mounts));
  }
  mounts.plain ||= !transit;
  mounts.tls ||= transit;
  if (iamAuth && Stack.of(role) === Stack.of(fileSystem)) {
    const r = mounts.roles.get(role) ?? { accessPoint: false, root: false, readOnly: false, readWrite: false };
    r.accessPoint ||= accessPoint !== undefined;
    r.root ||= accessPoint === undefined;
    r.readOnly ||= readOnly;
    r.readWrite ||= !readOnly;
    mounts.roles.set(role, r);
  }
}

/** Writes the statements of `recordFileSystemMount` into the file system's policy, once, when the app synthesizes. */
class FileSystemPolicyWriter implements IAspect {
  private written = false;
  constructor(private readonly fileSystem: efs.FileSystem, private readonly mounts: FileSystemMounts) {}

  public visit(node: IConstruct): void {
    if (node !== this.fileSystem || this.written) {
      return;
    }
    this.written = true;
    const clientActions = [CLIENT_MOUNT, CLIENT_WRITE, CLIENT_ROOT_ACCESS];
    if (this.mounts.tls && !this.mounts.plain) {
      this.fileSystem.addToResourcePolicy(new iam.PolicyStatement({
        sid: 'RequireTls',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: clientActions,
        conditions: { Bool: { 'aws:SecureTransport': 'false' } },
      }));
    }
    for (const [role, r] of this.mounts.roles) {
      const principals = [new iam.ArnPrincipal(role.roleArn)];
      if (r.accessPoint && !r.root) {
        this.fileSystem.addToResourcePolicy(new iam.PolicyStatement({
          effect: iam.Effect.DENY,
          principals,
          actions: clientActions,
          conditions: { Null: { 'elasticfilesystem:AccessPointArn': 'true' } },
        }));
      }
      if (r.readOnly && !r.readWrite) {
        this.fileSystem.addToResourcePolicy(new iam.PolicyStatement({
          effect: iam.Effect.DENY,
          principals,
          actions: [CLIENT_WRITE, CLIENT_ROOT_ACCESS],
        }));
      }
    }
  }
}

function validate(target: EfsVolumeTarget, id: string, options: EfsMountOptions, seen: { names: Set<string>; paths: Set<string> },
  transit: boolean, iamAuth: boolean): void {
  const v = new PropsValidator();
  if (!VOLUME_NAME.test(id)) {
    v.fail(`addEfsVolume id must be 1–${TASK_VOLUME_NAME.max} letters, numbers, underscores or hyphens (it names the task definition volume), got '${id}'`);
  } else if (seen.names.has(id)) {
    v.fail(`addEfsVolume id '${id}' is already used by another EFS volume of this service: give each volume its own id`);
  }
  const path = options.containerPath;
  if (!Token.isUnresolved(path)) {
    if (!path.startsWith('/') || path === '/') {
      v.fail(`addEfsVolume 'containerPath' must be an absolute path below '/' (e.g. '/data'), got '${path}'`);
    } else if (seen.paths.has(mountPointKey(path))) {
      v.fail(`addEfsVolume 'containerPath' '${path}' is already the mount point of another EFS volume of this service ` +
        '(a trailing \'/\' names the same directory; Docker rejects two mounts on one path)');
    }
  }
  if (iamAuth && !transit) {
    v.fail('addEfsVolume \'enableIamAuthorization\' needs \'enableTransitEncryption\' (ECS sends IAM authorization over TLS only): set both true, or turn IAM authorization off, got enableTransitEncryption false');
  }
  if (options.accessPoint && !transit) {
    v.fail('addEfsVolume \'accessPoint\' needs \'enableTransitEncryption\' (ECS mounts access points over TLS only), got enableTransitEncryption false');
  }
  if (!sameFileSystem(options.fileSystem, fileSystemOf(options.accessPoint))) {
    v.fail(`addEfsVolume 'accessPoint' must belong to 'fileSystem' (${describeFileSystem(options.fileSystem)}), got an access point of ${describeFileSystem(fileSystemOf(options.accessPoint)!)}`);
  }
  if (target.windows) {
    v.fail('addEfsVolume is not available for Windows tasks (Amazon EFS volumes support Linux tasks only): use a Linux service');
  }
  const pv = target.fargatePlatformVersion;
  if (pv !== undefined && FARGATE_PLATFORM_VERSIONS_BEFORE_1_4.includes(pv)) {
    v.fail(`addEfsVolume needs Fargate platform version 1.4.0 or later: set 'platformVersion' to ecs.FargatePlatformVersion.LATEST or VERSION1_4, got ${pv}`);
  }
  v.throwIfInvalid(target.scope);
}

/** The file system of an access point, when the access point knows it. */
function fileSystemOf(accessPoint: efs.IAccessPoint | undefined): efs.IFileSystem | undefined {
  if (!accessPoint) {
    return undefined;
  }
  try {
    return accessPoint.fileSystem;
  } catch {
    // AccessPoint.fromAccessPointId() does not know its file system.
    return undefined;
  }
}

/**
 * False only when the two are known to differ: two file systems of this app, or two literal ids.
 * An imported file system may stand for one of the app's, so tokens compare equal.
 */
function sameFileSystem(fileSystem: efs.IFileSystem, other: efs.IFileSystem | undefined): boolean {
  if (other === undefined || other === fileSystem) {
    return true;
  }
  if (fileSystem instanceof efs.FileSystem && other instanceof efs.FileSystem) {
    return false;
  }
  const [a, b] = [fileSystem.fileSystemId, other.fileSystemId];
  return Token.isUnresolved(a) || Token.isUnresolved(b) || a === b;
}

function describeFileSystem(fileSystem: efs.IFileSystem): string {
  return Token.isUnresolved(fileSystem.fileSystemId) ? fileSystem.node.path : fileSystem.fileSystemId;
}

/** `/a`, `/a/` and `/a//` are one mount point. */
function mountPointKey(path: string): string {
  return path.replace(/\/+$/, '') || '/';
}
