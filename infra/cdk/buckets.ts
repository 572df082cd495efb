/**
 * The manifest's buckets: S3-managed encryption, all public access blocked, TLS only, versioned,
 * with the manifest's expiry rules and server access logs (and Object Lock in compliance mode where
 * the manifest asks for it: the audit digests); a function may get (and put) objects of
 * a bucket only where its `buckets` entry says so, and gets the bucket's name in the bucket's
 * variable.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectLockRetention, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { BUCKETS, type BucketAccess, type BucketId, type BucketSpec } from '../../shared/manifest/buckets';
import { FUNCTIONS } from '../../shared/manifest/functions';
import { constructName, type WardenFunctions } from './functions';

export interface BucketsProps {
  readonly functions: WardenFunctions;
  readonly removalPolicy: RemovalPolicy;
}

export class WardenBuckets extends Construct {
  readonly byId = new Map<BucketId, Bucket>();
  readonly accessLogs: Bucket;

  constructor(scope: Construct, id: string, props: BucketsProps) {
    super(scope, id);
    const secured = {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      removalPolicy: props.removalPolicy,
    };
    this.accessLogs = new Bucket(this, 'AccessLogs', {
      ...secured,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(90) }],
    });
    for (const [bucketId, spec] of Object.entries(BUCKETS) as [BucketId, BucketSpec][]) {
      // A locked bucket keeps every version for its retention whatever is asked (compliance mode):
      // no version expiry to set, and it outlives the stack.
      const locked = spec.objectLockDays !== undefined;
      const bucket = new Bucket(this, constructName(bucketId), {
        ...secured,
        versioned: true,
        serverAccessLogsBucket: this.accessLogs,
        serverAccessLogsPrefix: `${bucketId}/`,
        ...(locked
          ? {
              objectLockEnabled: true,
              objectLockDefaultRetention: ObjectLockRetention.compliance(Duration.days(spec.objectLockDays!)),
              removalPolicy: RemovalPolicy.RETAIN,
            }
          : {}),
        lifecycleRules: [
          ...Object.entries(spec.expire).map(([prefix, days]) => ({
            prefix,
            expiration: Duration.days(days),
            noncurrentVersionExpiration: Duration.days(1),
          })),
          locked
            ? { abortIncompleteMultipartUploadAfter: Duration.days(1) }
            : { noncurrentVersionExpiration: Duration.days(30), abortIncompleteMultipartUploadAfter: Duration.days(1) },
        ],
      });
      this.byId.set(bucketId, bucket);
    }
    for (const fnSpec of FUNCTIONS) {
      for (const [bucketId, access] of Object.entries(fnSpec.buckets ?? {}) as [BucketId, BucketAccess][]) {
        const bucket = this.byId.get(bucketId)!;
        const fn = props.functions.get(fnSpec.id);
        fn.addEnvironment(BUCKETS[bucketId].envName, bucket.bucketName);
        // Exactly the calls the object store makes; ListBucket so a missing key is NoSuchKey, not AccessDenied.
        fn.addToRolePolicy(
          new PolicyStatement({
            actions: access === 'readwrite' ? ['s3:GetObject', 's3:PutObject'] : ['s3:GetObject'],
            resources: [bucket.arnForObjects('*')],
          }),
        );
        fn.addToRolePolicy(new PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucket.bucketArn] }));
      }
    }
  }
}
