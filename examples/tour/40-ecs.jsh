// Chapter 40 — task definitions that are right before AWS sees them. Seed 002 writes a Fargate task
// definition by hand (one of its examples says "logDiver"), seed 003 registers one that carries a
// database password and a secret token in plain `environment`. Here the DSL builds seed 002's
// Fargate "chat" task, and the validator reads both seeds' JSON and says what AWS would say, before
// anything is sent (validation is local). Then the `cloud` kit of the setup chapter (moto, or
// AWSKIT_IT_ENDPOINT) registers the definition, describes it back, creates a cluster and a service,
// deploys a new revision and runs a task. moto runs no containers: it records tasks and services, and
// says so below. On AWS the deploy would end with
//   Ecs.of(aws).cluster("deepdive").service("chat").deploy(chat).awaitSteady(Duration.ofMinutes(10));
import dev.awskit.ecs.*;
import java.time.Duration;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ec2.Ec2Client;

System.out.println("== 40 ECS: seed 002's Fargate task definition, built with the DSL ==");

// Seed 002: 1 vCPU / 2 GB, awsvpc, port 8080, awslogs to chat-app, the Apollo health check.
TaskDefinition chat = TaskDefinition.fargate("chat").
    cpu("1 vCPU").
    memory("2 GB").
    executionRole("arn:aws:iam::123456789012:role/ecsTaskExecutionRole").
    container(c -> c.name("chat").
        image("123456789012.dkr.ecr.us-east-1.amazonaws.com/chat-app:1.0").
        cpu(256).
        memoryReservation(512).
        port(8080).
        awslogs("chat-app", "us-east-1", "chat-app").
        readonlyRootFilesystem(true).
        healthCheckShell("curl -f http://localhost:4000/.well-known/apollo/server-health || exit 1",
            Duration.ofSeconds(30), Duration.ofSeconds(5), 3, Duration.ofSeconds(120))).
    build();

System.out.println(chat.toJson());
System.out.println(TaskDefinitions.validate(chat));

System.out.println();
System.out.println("== Seed 002's logging example, as written (\"logDiver\") ==");
String seed002Logs = """
    {
      "family": "chat",
      "containerDefinitions": [
        {
          "name": "chat",
          "logConfiguration": {
            "logDiver": "awslogs",
            "options": {
              "awslogs-group": "chat-app",
              "awslogs-region": "us-east-1",
              "awslogs-stream-prefix": "chat-app"
            }
          }
        }
      ],
    }
    """;
ValidationReport logsReport = TaskDefinitions.validate(seed002Logs);
System.out.println(logsReport);

System.out.println();
System.out.println("== Seed 003's web-task-definition.json (secrets in plain environment variables) ==");
String seed003Web = """
    {
      "containerDefinitions": [
        {
          "name": "nginx",
          "image": "514778609496.dkr.ecr.us-east-2.amazonaws.com/dockerzon/nginx",
          "portMappings": [{ "containerPort": 80, "hostPort": 80 }],
          "links": ["dockerzon:dockerzon"],
          "volumesFrom": [{ "sourceContainer": "dockerzon" }],
          "cpu": 256,
          "memory": 100
        },
        {
          "name": "dockerzon",
          "image": "514778609496.dkr.ecr.us-east-2.amazonaws.com/dockerzon/dockerzon",
          "portMappings": [{ "containerPort": 8000, "hostPort": 8000 }],
          "cpu": 768,
          "memory": 300,
          "environment": [
            { "name": "RAILS_ENV", "value": "production" },
            { "name": "DATABASE_URL", "value": "postgresql://dockerzon:intergalacticzebramoldfactory@dockerzon-production.csyqs7vrgsil.us-east-2.rds.amazonaws.com:5432/dockerzon?encoding=utf8&pool=40&timeout=5000" },
            { "name": "CACHE_URL", "value": "redis://dockerzon-production.scz2ms.0001.use2.cache.amazonaws.com:6379" },
            { "name": "JOB_WORKER_URL", "value": "redis://dockerzon-production.scz2ms.0001.use2.cache.amazonaws.com:6379" },
            { "name": "SECRET_TOKEN", "value": "43d2aca242bf88ddb1ea4ef8be8be38b754d6cb6314931cb9b648723e82e9a203232f377ae43538a55059b09c419108f0312e1b0704a8cf5eb1ef4018a6ab924" }
          ]
        }
      ],
      "family": "web"
    }
    """;
ValidationReport webReport = TaskDefinitions.validate(seed003Web);
System.out.println(webReport);

System.out.println();
System.out.println("== The fix for seed 003: the secrets move to \"secrets\" (the diff never prints a secret) ==");
TaskDefinition web = TaskDefinitions.read(seed003Web).taskDefinition().orElseThrow();
TaskDefinition fixed = web.with(b -> b.executionRoleArn("arn:aws:iam::514778609496:role/ecsTaskExecutionRole")
    .containerDefinitions(web.containers().stream().map(c -> !c.name().equals("dockerzon") ? c : c.toBuilder()
        .environment(c.environment().stream()
            .filter(e -> !e.name().equals("DATABASE_URL") && !e.name().equals("SECRET_TOKEN")).toList())
        .secrets(
            software.amazon.awssdk.services.ecs.model.Secret.builder().name("DATABASE_URL")
                .valueFrom("arn:aws:ssm:us-east-2:514778609496:parameter/dockerzon/database-url").build(),
            software.amazon.awssdk.services.ecs.model.Secret.builder().name("SECRET_TOKEN")
                .valueFrom("arn:aws:secretsmanager:us-east-2:514778609496:secret:dockerzon-AbCdEf:SECRET_TOKEN::").build())
        .build()).toList()));
System.out.println(TaskDefinitions.diff(web, fixed));
System.out.println(TaskDefinitions.validate(fixed).byRule("security.plain-secret").isEmpty()
    ? "no secret left in plain environment variables" : "secrets still in plain text!");

System.out.println();
System.out.println("== 40 ECS on the control-plane server: the cloud kit (moto, or AWSKIT_IT_ENDPOINT) ==");
System.out.println("Note: moto runs no containers. It records task definitions, clusters, services and tasks as ECS"
    + " would, but nothing starts: a service shows 0 running (moto takes that number from"
    + " MOTO_ECS_SERVICE_RUNNING), a task is 'RUNNING' at once, and a Fargate RunTask crashes moto (HTTP 500),"
    + " so the task below runs on an EC2 container instance.");
Ecs ecs = Ecs.of(cloud);
String ecsTourId = Long.toString(System.nanoTime(), 36);
String chatFamily = "tour-chat-" + ecsTourId;
EcsCluster deepdive = ecs.cluster("tour-deepdive-" + ecsTourId);
TaskDefinition chatOnCloud = chat.with(b -> b.family(chatFamily));
RegisteredTaskDefinition chat1 = null;
RegisteredTaskDefinition chat2 = null;

step("Register seed 002's chat task definition (aws ecs register-task-definition), validated first", () -> {
    chat1 = ecs.register(chatOnCloud);
    System.out.println("registered " + chat1.familyRevision() + "  " + chat1.arn());
    System.out.println("validation before sending: " + (chat1.report().isValid() ? "no errors" : chat1.report()));
});

step("Describe it back (aws ecs describe-task-definition) and diff it with what was sent", () -> {
    RegisteredTaskDefinition described = ecs.describe(chat1.arn());
    // the server answers with empty lists and defaults ("environment": [], "cpu": 0 ...): no change
    System.out.println("diff against the model: " + TaskDefinitions.diff(chatOnCloud, described.taskDefinition()));
});

step("Register from a file, as aws ecs register-task-definition --cli-input-json file://chat.json does", () -> {
    try {
        Path dir = Files.createTempDirectory("tour-ecs");
        Path file = Files.writeString(dir.resolve("chat.json"), chatOnCloud.with(b -> b.family(chatFamily + "-file")).toJson());
        RegisteredTaskDefinition fromFile = ecs.register(file);
        System.out.println("registered " + fromFile.familyRevision() + " from " + file.getFileName());
        cloud.client(EcsClient.class).deregisterTaskDefinition(b -> b.taskDefinition(fromFile.arn()));
        // the same file with seed 002's typo: refused before anything is sent, with the line and column
        Path bad = Files.writeString(dir.resolve("bad.json"),
            Files.readString(file).replace("\"logDriver\"", "\"logDiver\""));
        try {
            ecs.register(bad);
            throw new IllegalStateException("a file with a typo was registered");
        } catch (TaskDefinitionInvalidException e) {
            System.out.println(e.getMessage());
        }
        for (Path f : List.of(file, bad, dir)) Files.delete(f);
    } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
    }
});

step("Create a cluster and a Fargate service with 2 tasks (aws ecs create-cluster / create-service)", () -> {
    System.out.println("cluster " + deepdive.create());
    String arn = deepdive.service("chat").create(chat1, 2, b -> {});
    var s = deepdive.service("chat").describe();
    System.out.println("service " + arn);
    System.out.println("  " + s.runningCount() + " of " + s.desiredCount() + " running, deployment "
        + s.deployments().get(0).rolloutStateAsString()
        + (s.runningCount() == 0 ? "  (moto runs no containers: nothing will start)" : ""));
    System.out.println(s);   // aws ecs describe-services, in a few lines
});

step("Deploy a new image: a new revision, and the service points at it (aws ecs update-service)", () -> {
    chat2 = ecs.register(chatOnCloud.withImage("chat", "123456789012.dkr.ecr.us-east-1.amazonaws.com/chat-app:1.1"));
    System.out.println(ecs.diff(chat1.arn(), chat2.arn()));
    DeployStep deploying = deepdive.service("chat").deploy(chat2.arn());
    System.out.println("service now on " + deepdive.service("chat").describe().taskDefinition());
    System.out.println("On AWS: deploying.awaitSteady(Duration.ofMinutes(10)) waits for the rollout and, if it"
        + " fails, names the service events and the stopped tasks' reasons. moto neither starts tasks nor"
        + " rolls out, so the tour does not wait here.");
});

step("Run a one-off task (aws ecs run-task) on an EC2 container instance", () -> {
    // moto registers any EC2 instance it knows as a container instance; on AWS that is the ECS agent's job
    Ec2Client ec2 = cloud.client(Ec2Client.class);
    String ami = ec2.describeImages(r -> r.owners("amazon")
        .filters(software.amazon.awssdk.services.ec2.model.Filter.builder().name("name")
            .values("amzn2-ami-ecs-hvm-2.0.2025*-x86_64-ebs").build())).images().get(0).imageId();
    String instance = ec2.runInstances(r -> r.imageId(ami).minCount(1).maxCount(1).instanceType("t3.micro"))
        .instances().get(0).instanceId();
    String doc = "{\"instanceId\": \"" + instance + "\", \"region\": \"" + cloud.region().id()
        + "\", \"accountId\": \"123456789012\"}";
    EcsClient ecsClient = cloud.client(EcsClient.class);
    String containerInstance = ecsClient.registerContainerInstance(r -> r.cluster(deepdive.name())
        .instanceIdentityDocument(doc)).containerInstance().containerInstanceArn();
    RegisteredTaskDefinition migrate = ecs.register(TaskDefinition.builder("tour-migrate-" + ecsTourId)
        .container(c -> c.name("migrate").image("busybox:1.36").memory(128).command("sleep", "5")
            .awslogs("chat-app", "us-east-1", "migrate").readonlyRootFilesystem(true))
        .build());
    RunTaskReport run = deepdive.runTask(migrate.familyRevision(), r -> r.count(1).launchType(LaunchType.EC2));
    System.out.println(run);
    System.out.println("(moto runs no containers: the task is recorded as RUNNING, busybox never starts)");
    System.out.println("stopped: " + deepdive.stopTask(run.taskArns().get(0), "tour done").desiredStatus());
    ecsClient.deregisterContainerInstance(r -> r.cluster(deepdive.name()).containerInstance(containerInstance).force(true));
    ec2.terminateInstances(r -> r.instanceIds(instance));
    ecsClient.deregisterTaskDefinition(r -> r.taskDefinition(migrate.arn()));
});

step("Clean up: delete the service and the cluster, deregister the revisions", () -> {
    deepdive.service("chat").delete();
    deepdive.delete();
    for (RegisteredTaskDefinition r : new RegisteredTaskDefinition[] {chat1, chat2}) {
        if (r != null) cloud.client(EcsClient.class).deregisterTaskDefinition(b -> b.taskDefinition(r.arn()));
    }
    System.out.println("deleted cluster " + deepdive.name());
});
