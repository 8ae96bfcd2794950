/** VPC plans, CIDR, security groups, NACLs, offline reachability. */
package dev.awskit.net;
