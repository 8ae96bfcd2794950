/** Config, clients, retry, errors, ARN, paging, progress; IAM key rotation and Logs Insights. */
package dev.awskit.core;
