/**
 * CloudWatch Logs: Logs Insights queries that return every matching row, past the 10,000-row cap
 * of one query. Start at {@link Logs#of(dev.awskit.core.AwsKit)}.
 */
package dev.awskit.logs;
