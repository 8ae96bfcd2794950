/** JMH benchmarks (not published). */
package dev.awskit.benchmarks;
