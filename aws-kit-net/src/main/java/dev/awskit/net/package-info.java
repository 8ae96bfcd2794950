/**
 * aws-kit-net: a VPC as a plan, security groups and network ACLs as code, reachability answered
 * offline.
 *
 * <p>{@link dev.awskit.net.Net#plan(String)} lays out a {@link dev.awskit.net.VpcPlan} (subnets
 * split across zones with {@link dev.awskit.net.Cidr}, gateways, route tables, NACLs, security
 * groups); {@link dev.awskit.net.VpcModel#reach(Endpoint, Endpoint, Traffic)} answers whether
 * traffic passes and, if not, which component blocks it and why; {@link
 * dev.awskit.net.VpcModel#lint()} lists security findings; {@code Net.of(aws)} applies a plan
 * to an account (idempotent, by tags), destroys it, and describes an existing VPC into the same
 * model. {@link dev.awskit.net.NetDsl} holds the static imports for scripts.
 */
package dev.awskit.net;
