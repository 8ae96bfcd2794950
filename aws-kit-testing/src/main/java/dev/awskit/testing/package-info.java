/** JUnit 5 support: emulator endpoints, LocalStack container, unique names. */
package dev.awskit.testing;
