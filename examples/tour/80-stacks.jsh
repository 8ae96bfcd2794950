// Chapter 80 — CloudFormation stacks: seed 000's "the first failure in the stack is usually what we're
// looking for", and deleting a failed stack. Runs after the setup chapter, on its `cloud` kit: the local
// moto_server (or AWSKIT_IT_ENDPOINT).
// moto's CloudFormation records only the stack's own events and fails a bad resource inside CreateStack
// itself (the stack then stays CREATE_IN_PROGRESS), so on moto the failure step shows that; on
// CloudFormation the same template rolls back and firstFailure() names the subnet.
import dev.awskit.cloudformation.*;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;

System.out.println("\n== 80 CloudFormation stacks ==");
String stacksTourGood = "tour-stack-" + Long.toString(System.nanoTime(), 36);
String stacksTourBad = stacksTourGood + "-bad";

step("Create a stack of a log group and a VPC, and wait for it (aws cloudformation create-stack, wait stack-create-complete)", () -> {
    cloud.client(CloudFormationClient.class).createStack(r -> r.stackName(stacksTourGood).templateBody(
        "{\"Resources\": {\"AppLogs\": {\"Type\": \"AWS::Logs::LogGroup\", \"Properties\": {\"LogGroupName\": \""
            + stacksTourGood + "\"}}, \"Vpc\": {\"Type\": \"AWS::EC2::VPC\", \"Properties\": {\"CidrBlock\": \"10.80.0.0/16\"}}}}"));
    StackReport done = Stacks.of(cloud).stack(stacksTourGood).awaitComplete(Duration.ofMinutes(10));
    System.out.println("  " + done);
});

step("Its events, newest first, one page at a time (aws cloudformation describe-stack-events)", () -> {
    Stacks.of(cloud).stack(stacksTourGood).events().limit(10).forEach(e -> System.out.println("  " + e.timestamp()
        + " " + e.logicalResourceId() + " " + e.resourceStatusAsString() + " " + Objects.toString(e.resourceStatusReason(), "")));
    System.out.println("  first failure: " + Stacks.of(cloud).stack(stacksTourGood).firstFailure().map(StackFailure::summary).orElse("none"));
});

step("deleteFailed refuses a live stack, saying why", () -> {
    try {
        Stacks.of(cloud).stack(stacksTourGood).deleteFailed();
        throw new IllegalStateException("deleteFailed deleted a CREATE_COMPLETE stack");
    } catch (IllegalStateException e) {
        if (!e.getMessage().contains("a live stack")) throw e;
        System.out.println("  refused: " + e.getMessage());
    }
});

step("A template that fails on a resource: a subnet in a VPC that does not exist", () -> {
    CloudFormationStack bad = Stacks.of(cloud).stack(stacksTourBad);
    try {
        cloud.client(CloudFormationClient.class).createStack(r -> r.stackName(stacksTourBad).templateBody(
            "{\"Resources\": {\"Subnet\": {\"Type\": \"AWS::EC2::Subnet\", \"Properties\": {\"VpcId\":"
                + " \"vpc-0aaaaaaaaaaaaaaa1\", \"CidrBlock\": \"10.81.1.0/24\"}}}}"));
    } catch (software.amazon.awssdk.core.exception.SdkException e) {
        System.out.println("  CreateStack failed at once (moto creates resources inside CreateStack): " + e.getMessage());
    }
    try {
        bad.awaitComplete(Duration.ofSeconds(2));
        System.out.println("  completed?! " + bad.status());
    } catch (StackFailedException e) {
        System.out.println("  " + e.getMessage());                  // CloudFormation: names the subnet and its reason
        System.out.println("  " + bad.deleteFailed());
    } catch (WaitTimeoutException e) {
        System.out.println("  still " + bad.status() + " (moto never rolls back); first failure: "
            + bad.firstFailure().map(StackFailure::summary).orElse("none recorded"));
    }
});

step("Delete the tour's stacks (aws cloudformation delete-stack)", () -> {
    CloudFormationClient cf = cloud.client(CloudFormationClient.class);
    for (String name : List.of(stacksTourGood, stacksTourBad)) {
        if (Stacks.of(cloud).stack(name).exists()) {
            cf.deleteStack(r -> r.stackName(name));
        }
        System.out.println("  " + name + " exists: " + Stacks.of(cloud).stack(name).exists());
    }
});
