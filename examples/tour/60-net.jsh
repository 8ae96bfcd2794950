// Chapter 60 — networking: seed 001's VPC as a plan, and three "why doesn't traffic pass?" answers, offline.
// Runs after the setup chapter (which imported dev.awskit.core.* and defined `aws`); nothing here calls AWS.
import dev.awskit.net.*;
import static dev.awskit.net.NetDsl.*;

// Two public and two private /24s across two zones, an internet gateway, a NAT gateway per zone,
// "alb: 80 from anywhere; app: all TCP from the alb group" — what seed 001 clicks together by hand.
VpcPlan plan = Net.plan("10.0.0.0/16").zones(2).publicSubnets(24).privateSubnets(24).
    natGateway(NatGateway.PER_ZONE).
    securityGroups("alb: 80 from anywhere; app: all TCP from the alb group").
    endpoint(instance("alb-a", "public-a", "alb").withPublicIp()).
    endpoint(instance("task-b", "private-b", "app")).
    build();
System.out.println(plan);

// 1. The browser reaches the load balancer on port 80.
System.out.println(plan.reach(from(internet()), to(endpoint("alb-a")), tcp(80)));
// 2. The load balancer reaches the Fargate task on 8080 (app allows all TCP from the alb group).
System.out.println(plan.reach(from(endpoint("alb-a")), to(endpoint("task-b")), tcp(8080)));
// 3. Nobody on the internet reaches the task directly: it is private.
Reachability direct = plan.reach(from(internet()), to(endpoint("task-b")), tcp(8080));
System.out.println(direct.reason());

// The seed's npm install failed until a NAT gateway existed: without one the task has no way out.
VpcPlan noNat = Net.plan("10.0.0.0/16").zones(2).publicSubnets(24).privateSubnets(24).
    securityGroup(securityGroup("app")).build();
System.out.println(noNat.reach(instance("task-b", "private-b", "app"), internet(), tcp(443)).reason());

// Lint: AWS's default network ACL lets every port in; an SSH rule open to the world is worse.
// (securityGroup(...).allow(...).from(...) is the typed form of the sentence above.)
System.out.println(Net.plan("10.0.0.0/16").zones(1).publicSubnets(24).
    securityGroup(securityGroup("bastion").allow(tcp(22)).from(anywhere())).build().lint());

// Net.of(aws).apply(plan) would create all of it (idempotent, tagged awskit:plan=main) and
// Net.of(aws).describe("vpc-...") reads an existing VPC into the same model; this chapter stays offline.
