// Chapter 60 — networking: seed 001's VPC as a plan, three "why doesn't traffic pass?" answers
// offline, then the same plan applied to EC2 (moto locally, or AWSKIT_IT_ENDPOINT), read back,
// asked again, and destroyed. Runs after the setup chapter, which defined `cloud`.
import dev.awskit.net.*;
import static dev.awskit.net.NetDsl.*;

// Two public and two private /24s across two zones, an internet gateway, a NAT gateway per zone,
// "alb: 80 from anywhere; app: all TCP from the alb group" — what seed 001 clicks together by hand.
// The name tags every resource (awskit:plan); a fresh one per run keeps runs on a shared server apart.
String netPlanName = "tour-net-" + Long.toString(System.currentTimeMillis(), 36);
VpcPlan plan = Net.plan("10.0.0.0/16").name(netPlanName).zones(2).publicSubnets(24).privateSubnets(24).
    natGateway(NatGateway.PER_ZONE).
    securityGroups("alb: 80 from anywhere; app: all TCP from the alb group").
    endpoint(instance("alb-a", "public-a", "alb").withPublicIp()).
    endpoint(instance("task-b", "private-b", "app")).
    build();

step("Seed 001's network as a plan (offline)", () -> System.out.println(plan));

step("Why does traffic pass, or not? (offline)", () -> {
    // 1. The browser reaches the load balancer on port 80.
    System.out.println(plan.reach(from(internet()), to(endpoint("alb-a")), tcp(80)));
    // 2. The load balancer reaches the Fargate task on 8080 (app allows all TCP from the alb group).
    System.out.println(plan.reach(from(endpoint("alb-a")), to(endpoint("task-b")), tcp(8080)));
    // 3. Nobody on the internet reaches the task directly: it is private.
    System.out.println(plan.reach(from(internet()), to(endpoint("task-b")), tcp(8080)).reason());
    // The seed's npm install failed until a NAT gateway existed: without one the task has no way out.
    VpcPlan noNat = Net.plan("10.0.0.0/16").zones(2).publicSubnets(24).privateSubnets(24).
        securityGroup(securityGroup("app")).build();
    System.out.println(noNat.reach(instance("task-b", "private-b", "app"), internet(), tcp(443)).reason());
});

step("Lint: an SSH rule open to the world (offline)", () ->
    // securityGroup(...).allow(...).from(...) is the typed form of the sentence above.
    System.out.println(Net.plan("10.0.0.0/16").zones(1).publicSubnets(24).
        securityGroup(securityGroup("bastion").allow(tcp(22)).from(anywhere())).build().lint()));

Net net = Net.of(cloud);
String[] netVpc = new String[1];

step("Apply the plan to EC2 (" + cloud.region().id() + ")", () -> {
    ApplyReport report = net.apply(plan);
    netVpc[0] = report.vpcId().orElseThrow();
    System.out.println(report);
    // a second apply finds everything and creates nothing
    ApplyReport again = net.apply(plan);
    System.out.println("second apply: " + again.changes(ApplyReport.Action.CREATED).size() + " created, "
        + again.changes(ApplyReport.Action.FOUND).size() + " found");
});

step("What EC2 now holds (describe reads it back)", () -> {
    VpcModel built = net.describe(netVpc[0]);
    System.out.println(built.toTable());
    // Ask the built VPC, by the names the plan gave (awskit:element tags): can the task in
    // private-b fetch its npm packages (tcp 443 out), and can the internet call it directly?
    Endpoint task = instance("task-b", "private-b", "app");
    System.out.println("task-b -> internet tcp 443: " + built.reach(task, internet(), tcp(443)));
    System.out.println("internet -> task-b tcp 8080: " + built.reach(internet(), task, tcp(8080)).reason());
});

step("Destroy it (everything tagged awskit:plan=" + netPlanName + ", nothing else)", () -> {
    ApplyReport gone = net.destroy(plan);
    System.out.println(gone.changes(ApplyReport.Action.DELETED).size() + " resources deleted: " + gone);
});

// Seeds 002/003: "aws ec2 create-key-pair --query KeyMaterial --output text > aws-admin.pem", then the
// "chmod 400" ssh asks for. One call writes the key whole, owner-read-only, and never over a file.
String tourKeyName = "tour-key-" + Long.toString(System.currentTimeMillis(), 36);
Path tourKeyFile = Files.createTempDirectory("tour-keys").resolve("aws-admin.pem");

step("Create a key pair and save its private key with mode 0400 (aws ec2 create-key-pair + chmod 400)", () -> {
    KeyPair key = net.keyPair(tourKeyName);
    System.out.println(key.createIfAbsent(tourKeyFile));
    try {
        System.out.println("  mode " + java.nio.file.attribute.PosixFilePermissions.toString(
            Files.getPosixFilePermissions(tourKeyFile)));
    } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
    }
    System.out.println("  again: " + key.createIfAbsent(tourKeyFile).outcome());
    try {
        key.createIfAbsent(tourKeyFile.resolveSibling("lost.pem"));
    } catch (IllegalStateException e) {
        System.out.println("  another file: " + e.getMessage());
    }
    System.out.println("  deleted: " + key.delete());
});
