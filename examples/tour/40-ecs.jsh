// Chapter 40 — task definitions that are right before AWS sees them. Seed 002 writes a Fargate task
// definition by hand (one of its examples says "logDiver"), seed 003 registers one that carries a
// database password and a secret token in plain `environment`. Here the DSL builds seed 002's
// Fargate "chat" task, and the validator reads both seeds' JSON and says what AWS would say, before
// anything is sent. No network is needed: validation is local.
// Runs after the setup chapter; on AWS the next step would be
//   Ecs.of(aws).cluster("deepdive").service("chat").deploy(chat).awaitSteady(Duration.ofMinutes(10));
import dev.awskit.ecs.*;
import java.time.Duration;

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
