/**
 * IAM: access-key rotation that never leaves the credentials file without a working key, the admin
 * bootstrap of a fresh account, and roles declared with typed trust and permission policies ({@link
 * dev.awskit.iam.IamRole}: created, compared for drift, updated, deleted; {@link
 * dev.awskit.iam.PolicyDocument}: a validated policy DSL). Start at {@link
 * Iam#of(dev.awskit.core.AwsKit)}.
 */
package dev.awskit.iam;
