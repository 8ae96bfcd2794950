/** The aws-kit side of {@code benchmarks/compare/ecr-copy.sh}: image push, copy and re-copy count. */
package dev.awskit.benchmarks.ecr;
