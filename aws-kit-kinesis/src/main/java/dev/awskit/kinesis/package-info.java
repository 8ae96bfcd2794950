/** Batching producer (KPL-compatible aggregation) and consumer. */
package dev.awskit.kinesis;
