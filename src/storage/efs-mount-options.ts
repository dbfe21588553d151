import * as efs from 'aws-cdk-lib/aws-efs';

/**
 * Options of `addEfsVolume()`: an Amazon EFS file system mounted into the application container.
 *
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/efs-volumes.html
 */
export interface EfsMountOptions {
  /**
   * The file system. Its security group gets an NFS (2049) rule from the service's tasks, and the
   * service deploys after its mount targets are available.
   *
   * A file system created in this app (`new efs.FileSystem`) gets statements in its file-system policy:
   * TLS required from every client (unless a mount of this library turns transit encryption off), and,
   * naming only this service's task role, no mount without an access point when it mounts through one and
   * no ClientWrite or ClientRootAccess when it mounts read-only. Other users of the file system keep
   * what its owner gave them. An imported file system's policy is its owner's and is left alone.
   * @see https://docs.aws.amazon.com/efs/latest/ug/iam-access-control-nfs-efs.html
   */
  readonly fileSystem: efs.IFileSystem;

  /** Absolute path in the application container where the file system appears, e.g. `/data`. */
  readonly containerPath: string;

  /**
   * The access point to mount through (it fixes the root directory and the POSIX user). The task
   * role may then mount through this access point only.
   *
   * @default - the file system's root, as the task's own user
   */
  readonly accessPoint?: efs.IAccessPoint;

  /**
   * Mount read-only: the task role gets `elasticfilesystem:ClientMount` but not `ClientWrite`.
   *
   * @default false
   */
  readonly readOnly?: boolean;

  /**
   * Authorize the mount with the task role (EFS IAM authorization). Needs transit encryption.
   * Without it, any client that reaches the mount target may mount unless the file system policy
   * says otherwise.
   *
   * @default true
   */
  readonly enableIamAuthorization?: boolean;

  /**
   * Encrypt NFS traffic between the task and EFS with TLS.
   *
   * @default true
   */
  readonly enableTransitEncryption?: boolean;
}
