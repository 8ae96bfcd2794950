// Chapter 45 — seed 001's Fargate web service behind a load balancer, in one call. The seed clicks
// through a VPC with two public and two private subnets, an ALB in the public ones with a group open
// on 80, a target group of type ip, a listener, and a service in the private subnets; then it debugs
// why the tasks stay PENDING and stop (no route to pull the image without a NAT gateway) and why the
// service's group should admit only the ALB's. Here check() says both before anything exists,
// deploy() creates what is missing on the `cloud` kit (moto, or AWSKIT_IT_ENDPOINT), a re-run finds
// everything, and destroy() removes it in reverse order. moto runs no containers and registers no
// targets: on AWS you would follow with ws.awaitSteady(Duration.ofMinutes(10)), which quotes the
// targets' health reasons and the stopped tasks' reasons when the deployment does not become steady.

System.out.println("== 45 A Fargate web service behind an Application Load Balancer (seed 001) ==");

String wsName = "tour-ws-" + Long.toString(System.currentTimeMillis(), 36);
TaskDefinition wsChat = TaskDefinition.fargate(wsName).
    cpu("0.5 vCPU").
    memory("1 GB").
    executionRole("arn:aws:iam::123456789012:role/ecsTaskExecutionRole").
    container(c -> c.name("chat").
        image("123456789012.dkr.ecr.us-east-1.amazonaws.com/chat:1").
        port(8080).
        awslogs("chat", "us-east-1").
        readonlyRootFilesystem(true)).
    build();

// the seed's first network: private subnets with no NAT gateway
VpcPlan wsNoNat = Net.plan("10.0.0.0/16").name(wsName).zones(2).publicSubnets(24).privateSubnets(24).build();

step("check() before anything exists: why the seed's tasks stayed PENDING (offline, on the plan)", () -> {
    ValidationReport why = Ecs.of(cloud).webService(wsName).taskDefinition(wsChat).port(8080).
        behindLoadBalancer(lb -> lb.listen(80).healthCheck("/health")).in(wsNoNat).check();
    System.out.println(why);
    if (!why.has("webservice.image-route")) throw new IllegalStateException("expected the no-route finding");
});

// the seed's fix: a NAT gateway for the private subnets
VpcPlan wsPlan = Net.plan("10.0.0.0/16").name(wsName).zones(2).publicSubnets(24).privateSubnets(24).
    natGateway(NatMode.SINGLE).build();
WebService ws = Ecs.of(cloud).webService(wsName).
    cluster(wsName).
    taskDefinition(wsChat).
    port(8080).
    desiredCount(2).
    behindLoadBalancer(lb -> lb.listen(80).healthCheck("/health")).
    in(wsPlan);

step("check() with a NAT gateway: nothing about routes", () -> {
    ValidationReport why = ws.check();
    System.out.println(why);
    if (why.has("webservice.image-route")) throw new IllegalStateException("the NAT gateway should route the pulls");
});

step("deploy(): groups, ALB, target group (ip), listener, cluster, Fargate service in the private subnets", () -> {
    WebServiceReport r = ws.deploy();
    System.out.println(r);
});

step("deploy() again: everything is found, nothing changes", () -> {
    WebServiceReport again = ws.deploy();
    System.out.println(again.steps().size() + " resources, unchanged: " + again.unchanged());
    if (!again.unchanged()) throw new IllegalStateException("a re-run changed something: " + again);
});

step("explain(): every diagnosis on what AWS describes now (read-only)", () -> {
    // moto knows no role named ecsTaskExecutionRole here: explain() says so, with the CLI that creates it
    System.out.println(ws.explain());
});

step("destroy(): service, listener, target group, ALB, groups, cluster; then the VPC plan", () -> {
    System.out.println(ws.destroy());
    System.out.println(Net.of(cloud).destroy(wsPlan).changes(ApplyReport.Action.DELETED).size() + " VPC resources deleted");
    cloud.client(software.amazon.awssdk.services.ecs.EcsClient.class).listTaskDefinitions(b -> b.familyPrefix(wsName)).
        taskDefinitionArns().forEach(arn ->
            cloud.client(software.amazon.awssdk.services.ecs.EcsClient.class).deregisterTaskDefinition(b -> b.taskDefinition(arn)));
});
