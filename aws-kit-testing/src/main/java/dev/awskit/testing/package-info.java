/**
 * JUnit 5 support for aws-kit tests and for users' own tests against AWS-compatible servers:
 * {@link dev.awskit.testing.UsesServer} (one or several services; servers from {@code
 * AWSKIT_IT_ENDPOINT}, a running LocalStack, this repository's emulators or a LocalStack container),
 * {@link dev.awskit.testing.Servers} and {@link dev.awskit.testing.Target} (where each service's
 * requests go), {@link dev.awskit.testing.TestResources} (unique names, cleanup) and {@link
 * dev.awskit.testing.FaultProxy} (throttling, errors and broken connections in front of any server).
 */
package dev.awskit.testing;
