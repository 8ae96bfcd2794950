/** Benchmarks of aws-kit-storage: sync planning (JMH) and the runner of compare/sync.sh. */
package dev.awskit.benchmarks.storage;
