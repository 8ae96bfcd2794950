/**
 * IAM: access-key rotation that never leaves the credentials file without a working key, and the
 * admin bootstrap of a fresh account. Start at {@link Iam#of(dev.awskit.core.AwsKit)}.
 */
package dev.awskit.iam;
