/** JUnit 5 support for aws-kit tests: servers (emulators, LocalStack, AWSKIT_IT_ENDPOINT), unique names, cleanup. */
package dev.awskit.testing;
