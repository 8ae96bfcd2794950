/**
 * CloudFormation stacks: the first failure of a stack's latest operation (followed into nested
 * stacks), its events as a lazy stream, a wait that says why a stack failed, and deleting a stack
 * that failed. Start at {@link Stacks#of(dev.awskit.core.AwsKit)}.
 */
package dev.awskit.cloudformation;
