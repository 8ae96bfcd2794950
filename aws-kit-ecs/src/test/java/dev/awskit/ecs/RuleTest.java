package dev.awskit.ecs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awskit.core.Finding;
import dev.awskit.testing.TestKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One failing and one passing example per validation rule, each a small change to a task definition
 * that has no findings at all.
 */
class RuleTest {
    static final ObjectMapper M = new ObjectMapper();

    static final String BASE = "{\n"
            + "  \"family\": \"web\",\n"
            + "  \"executionRoleArn\": \"arn:aws:iam::123456789012:role/ecsTaskExecutionRole\",\n"
            + "  \"taskRoleArn\": \"arn:aws:iam::123456789012:role/web-task\",\n"
            + "  \"networkMode\": \"awsvpc\",\n"
            + "  \"requiresCompatibilities\": [\"FARGATE\"],\n"
            + "  \"cpu\": \"1024\",\n"
            + "  \"memory\": \"2048\",\n"
            + "  \"containerDefinitions\": [\n"
            + "    {\n"
            + "      \"name\": \"web\",\n"
            + "      \"image\": \"123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.2\",\n"
            + "      \"essential\": true,\n"
            + "      \"readonlyRootFilesystem\": true,\n"
            + "      \"portMappings\": [{\"containerPort\": 80, \"protocol\": \"tcp\"}],\n"
            + "      \"logConfiguration\": {\"logDriver\": \"awslogs\", \"options\": {\n"
            + "        \"awslogs-group\": \"web\", \"awslogs-region\": \"us-east-1\", \"awslogs-stream-prefix\": \"web\"}}\n"
            + "    }\n"
            + "  ]\n"
            + "}";

    /** A rule, the pointer its failing example is reported at, and the two examples. */
    record Case(String rule, String name, String path, Consumer<ObjectNode> fail, Consumer<ObjectNode> pass) {
        @Override
        public String toString() {
            return rule + ": " + name;
        }
    }

    static ObjectNode base() {
        try {
            return (ObjectNode) M.readTree(BASE);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static ObjectNode c0(ObjectNode d) {
        return (ObjectNode) d.get("containerDefinitions").get(0);
    }

    static ObjectNode addContainer(ObjectNode d, String name) {
        ObjectNode c = c0(d).deepCopy();
        c.put("name", name);
        c.remove("portMappings");
        ((ObjectNode) c.get("logConfiguration").get("options")).put("awslogs-stream-prefix", name);
        ((ArrayNode) d.get("containerDefinitions")).add(c);
        return c;
    }

    static void ec2(ObjectNode d) {
        d.putArray("requiresCompatibilities").add("EC2");
    }

    static ObjectNode json(String s) {
        try {
            return (ObjectNode) M.readTree(s);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static ObjectNode healthCheck(ObjectNode c) {
        ObjectNode hc = c.putObject("healthCheck");
        hc.putArray("command").add("CMD-SHELL").add("curl -f http://localhost/ || exit 1");
        hc.put("interval", 30).put("timeout", 5).put("retries", 3).put("startPeriod", 10);
        return hc;
    }

    static Consumer<ObjectNode> none() {
        return d -> {};
    }

    static Stream<Case> cases() {
        List<Case> l = new ArrayList<>();
        // --- family, containers
        l.add(new Case("family.required", "missing family", "/family", d -> d.remove("family"), none()));
        l.add(new Case(
                "family.pattern",
                "space in family",
                "/family",
                d -> d.put("family", "my web"),
                d -> d.put("family", "my_web-2")));
        l.add(new Case(
                "containers.required",
                "no containers",
                "/containerDefinitions",
                d -> d.putArray("containerDefinitions"),
                none()));
        l.add(new Case(
                "containers.max",
                "eleven containers",
                "/containerDefinitions",
                d -> {
                    for (int i = 1; i <= 10; i++) {
                        addContainer(d, "side" + i).put("cpu", 0);
                    }
                },
                d -> {
                    for (int i = 1; i <= 9; i++) {
                        addContainer(d, "side" + i).put("cpu", 0);
                    }
                }));
        l.add(new Case(
                "containers.essential",
                "no essential container",
                "/containerDefinitions",
                d -> c0(d).put("essential", false),
                d -> c0(d).remove("essential")));
        l.add(new Case(
                "container.name", "missing name", "/containerDefinitions/0/name", d -> c0(d).remove("name"), none()));
        l.add(new Case(
                "container.name",
                "invalid characters",
                "/containerDefinitions/0/name",
                d -> c0(d).put("name", "web.app"),
                d -> c0(d).put("name", "web_app")));
        l.add(new Case(
                "container.name",
                "duplicate name",
                "/containerDefinitions/1/name",
                d -> addContainer(d, "web"),
                d -> addContainer(d, "web2")));
        l.add(new Case(
                "container.image",
                "no image",
                "/containerDefinitions/0/image",
                d -> c0(d).remove("image"),
                d -> c0(d).put("image", "nginx:1.27")));
        l.add(new Case(
                "placeholder",
                "${TAG} in the image",
                "/containerDefinitions/0/image",
                d -> c0(d).put("image", "nginx:${TAG}"),
                d -> c0(d).put("image", "nginx:1.27")));
        l.add(new Case(
                "placeholder", "<IMAGE>", "/containerDefinitions/0/image", d -> c0(d).put("image", "<IMAGE>"), none()));
        l.add(new Case(
                "placeholder",
                "all-caps ACCOUNT_ID in the image",
                "/containerDefinitions/0/image",
                d -> c0(d).put("image", "ACCOUNT_ID.dkr.ecr.us-east-1.amazonaws.com/web:1.2"),
                d -> c0(d).put("image", "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.2")));
        l.add(new Case(
                "container.image",
                "a star in the image",
                "/containerDefinitions/0/image",
                d -> c0(d).put("image", "nginx:1.*"),
                d -> c0(d).put("image", "nginx:1.27")));
        l.add(new Case(
                "container.image",
                "an image of 256 characters",
                "/containerDefinitions/0/image",
                d -> c0(d).put("image", "r.example.com/" + "a".repeat(240) + ":1"),
                d -> c0(d).put("image", "r.example.com/" + "a".repeat(239) + ":1")));
        l.add(new Case(
                "container.repository-credentials",
                "empty credentialsParameter",
                "/containerDefinitions/0/repositoryCredentials/credentialsParameter",
                d -> c0(d).putObject("repositoryCredentials").put("credentialsParameter", ""),
                d -> c0(d).putObject("repositoryCredentials")
                        .put(
                                "credentialsParameter",
                                "arn:aws:secretsmanager:us-east-1:123456789012:secret:registry-AbCdEf")));
        l.add(new Case("tags.value", "empty tags", "/tags", d -> d.putArray("tags"), d -> d.putArray("tags")
                .addObject()
                .put("key", "team")
                .put("value", "web")));
        l.add(new Case(
                "placeholder",
                "ECR host without account id",
                "/containerDefinitions/0/image",
                d -> c0(d).put("image", "xxx.dkr.ecr.us-east-1.amazonaws.com/chat-app"),
                none()));
        // --- Fargate cpu / memory
        l.add(new Case(
                "fargate.cpu-memory",
                "1 vCPU with 1 GB",
                "/memory",
                d -> d.put("memory", "1 GB"),
                d -> d.put("memory", "8 GB")));
        l.add(new Case(
                "fargate.cpu-memory",
                "256 with 3 GB",
                "/memory",
                d -> d.put("cpu", "256").put("memory", "3072"),
                d -> d.put("cpu", ".25 vCPU").put("memory", "2 GB")));
        l.add(new Case(
                "fargate.cpu-memory",
                "4096 above 30 GB",
                "/memory",
                d -> d.put("cpu", "4 vCPU").put("memory", "31 GB"),
                d -> d.put("cpu", "4 vCPU").put("memory", "30 GB")));
        l.add(new Case(
                "fargate.cpu-memory",
                "8192 not in 4 GB steps",
                "/memory",
                d -> d.put("cpu", "8192").put("memory", "18432"),
                d -> d.put("cpu", "8192").put("memory", "24 GB")));
        l.add(new Case(
                "fargate.cpu-memory",
                "16384 not in 8 GB steps",
                "/memory",
                d -> d.put("cpu", "16 vCPU").put("memory", "36 GB"),
                d -> d.put("cpu", "16 vCPU").put("memory", "120 GB")));
        l.add(new Case("fargate.cpu-memory", "cpu 768 does not exist", "/cpu", d -> d.put("cpu", "768"), none()));
        l.add(new Case("fargate.cpu-required", "no task cpu", "/cpu", d -> d.remove("cpu"), none()));
        l.add(new Case("fargate.memory-required", "no task memory", "/memory", d -> d.remove("memory"), none()));
        l.add(new Case(
                "fargate.windows-cpu",
                "Windows at 512",
                "/cpu",
                d -> {
                    d.put("cpu", "512").put("memory", "1024");
                    d.putObject("runtimePlatform").put("operatingSystemFamily", "WINDOWS_SERVER_2022_CORE");
                },
                d -> d.putObject("runtimePlatform").put("operatingSystemFamily", "WINDOWS_SERVER_2022_CORE")));
        l.add(new Case(
                "task.cpu-format", "cpu in GHz", "/cpu", d -> d.put("cpu", "2 GHz"), d -> d.put("cpu", "1 vcpu")));
        l.add(new Case(
                "task.memory-format",
                "memory in TB",
                "/memory",
                d -> d.put("memory", "2 TB"),
                d -> d.put("memory", "2 gb")));
        l.add(new Case(
                "compatibility.value",
                "lowercase fargate",
                "/requiresCompatibilities/0",
                d -> d.putArray("requiresCompatibilities").add("fargate"),
                none()));
        // --- network
        l.add(new Case(
                "network.fargate-awsvpc",
                "bridge on Fargate",
                "/networkMode",
                d -> d.put("networkMode", "bridge"),
                none()));
        l.add(new Case(
                "network.mode",
                "unknown mode",
                "/networkMode",
                d -> {
                    ec2(d);
                    d.put("networkMode", "nat");
                },
                d -> {
                    ec2(d);
                    d.put("networkMode", "host");
                }));
        l.add(new Case(
                "network.host-port",
                "awsvpc host port differs",
                "/containerDefinitions/0/portMappings/0/hostPort",
                d -> ((ObjectNode) c0(d).get("portMappings").get(0)).put("hostPort", 8080),
                d -> ((ObjectNode) c0(d).get("portMappings").get(0)).put("hostPort", 80)));
        l.add(new Case(
                "network.duplicate-host-port",
                "two containers on port 80 under awsvpc",
                "/containerDefinitions/1/portMappings/0/containerPort",
                d -> addContainer(d, "api").putArray("portMappings").addObject().put("containerPort", 80),
                d -> addContainer(d, "api").putArray("portMappings").addObject().put("containerPort", 8080)));
        l.add(new Case(
                "network.duplicate-host-port",
                "same host port in bridge mode",
                "/containerDefinitions/1/portMappings/0/hostPort",
                d -> {
                    ec2(d);
                    d.put("networkMode", "bridge");
                    ((ObjectNode) c0(d).get("portMappings").get(0)).put("hostPort", 8000);
                    addContainer(d, "api")
                            .putArray("portMappings")
                            .addObject()
                            .put("containerPort", 81)
                            .put("hostPort", 8000);
                },
                d -> {
                    ec2(d);
                    d.put("networkMode", "bridge");
                    ((ObjectNode) c0(d).get("portMappings").get(0)).put("hostPort", 8000);
                    addContainer(d, "api")
                            .putArray("portMappings")
                            .addObject()
                            .put("containerPort", 81)
                            .put("hostPort", 0);
                }));
        l.add(new Case(
                "network.links",
                "links under awsvpc",
                "/containerDefinitions/0/links",
                d -> {
                    addContainer(d, "db");
                    c0(d).putArray("links").add("db:db");
                },
                d -> {
                    ec2(d);
                    d.put("networkMode", "bridge");
                    addContainer(d, "db");
                    c0(d).putArray("links").add("db:db");
                }));
        l.add(new Case(
                "network.links",
                "empty links under awsvpc",
                "/containerDefinitions/0/links",
                d -> c0(d).putArray("links").add("web"),
                d -> c0(d).putArray("links")));
        l.add(new Case(
                "links.container",
                "link to a missing container",
                "/containerDefinitions/0/links/0",
                d -> {
                    ec2(d);
                    d.put("networkMode", "bridge");
                    c0(d).putArray("links").add("dbx:db");
                },
                d -> {
                    ec2(d);
                    d.put("networkMode", "bridge");
                    addContainer(d, "dbx");
                    c0(d).putArray("links").add("dbx:db");
                }));
        // --- ports
        l.add(new Case(
                "port.range",
                "container port 70000",
                "/containerDefinitions/0/portMappings/0/containerPort",
                d -> ((ObjectNode) c0(d).get("portMappings").get(0)).put("containerPort", 70000),
                d -> ((ObjectNode) c0(d).get("portMappings").get(0)).put("containerPort", 65535)));
        l.add(new Case(
                "port.range",
                "bad containerPortRange",
                "/containerDefinitions/0/portMappings/0/containerPortRange",
                d -> c0(d).putArray("portMappings").addObject().put("containerPortRange", "9000-8000"),
                d -> c0(d).putArray("portMappings").addObject().put("containerPortRange", "8000-9000")));
        l.add(new Case(
                "port.protocol",
                "uppercase TCP",
                "/containerDefinitions/0/portMappings/0/protocol",
                d -> ((ObjectNode) c0(d).get("portMappings").get(0)).put("protocol", "TCP"),
                d -> ((ObjectNode) c0(d).get("portMappings").get(0)).put("protocol", "udp")));
        l.add(new Case(
                "port.name",
                "uppercase port name",
                "/containerDefinitions/0/portMappings/0/name",
                d -> ((ObjectNode) c0(d).get("portMappings").get(0)).put("name", "Web-HTTP"),
                d -> ((ObjectNode) c0(d).get("portMappings").get(0)).put("name", "web-http")));
        l.add(new Case(
                "port.name",
                "appProtocol without name",
                "/containerDefinitions/0/portMappings/0/appProtocol",
                d -> ((ObjectNode) c0(d).get("portMappings").get(0)).put("appProtocol", "http"),
                d -> ((ObjectNode) c0(d).get("portMappings").get(0))
                        .put("appProtocol", "http")
                        .put("name", "web")));
        // --- memory / cpu
        l.add(new Case(
                "memory.container-required",
                "EC2 without any memory",
                "/containerDefinitions/0",
                d -> {
                    ec2(d);
                    d.remove("memory");
                    d.remove("cpu");
                },
                d -> {
                    ec2(d);
                    d.remove("memory");
                    d.remove("cpu");
                    c0(d).put("memoryReservation", 256);
                }));
        l.add(new Case(
                "memory.minimum",
                "4 MiB",
                "/containerDefinitions/0/memory",
                d -> c0(d).put("memory", 4),
                d -> c0(d).put("memory", 6)));
        l.add(new Case(
                "memory.reservation",
                "memory below reservation",
                "/containerDefinitions/0/memoryReservation",
                d -> c0(d).put("memory", 256).put("memoryReservation", 512),
                d -> c0(d).put("memory", 512).put("memoryReservation", 256)));
        l.add(new Case(
                "memory.task-limit",
                "container memory above task memory",
                "/containerDefinitions/0/memory",
                d -> c0(d).put("memory", 4096),
                d -> c0(d).put("memory", 2048)));
        l.add(new Case(
                "memory.task-limit",
                "reservations add up above task memory",
                "/memory",
                d -> {
                    c0(d).put("memoryReservation", 1536);
                    addContainer(d, "side").put("memoryReservation", 1024);
                },
                d -> {
                    c0(d).put("memoryReservation", 1024);
                    addContainer(d, "side").put("memoryReservation", 1024);
                }));
        l.add(new Case(
                "cpu.task-limit",
                "container cpu sum above task cpu",
                "/cpu",
                d -> {
                    c0(d).put("cpu", 768);
                    addContainer(d, "side").put("cpu", 512);
                },
                d -> {
                    c0(d).put("cpu", 512);
                    addContainer(d, "side").put("cpu", 512);
                }));
        l.add(new Case(
                "cpu.container",
                "negative container cpu",
                "/containerDefinitions/0/cpu",
                d -> c0(d).put("cpu", -1),
                d -> c0(d).put("cpu", 0)));
        // --- health checks
        l.add(new Case(
                "healthcheck.command",
                "command without CMD",
                "/containerDefinitions/0/healthCheck/command",
                d -> healthCheck(c0(d)).putArray("command").add("curl -f http://localhost/"),
                d -> healthCheck(c0(d)).putArray("command").add("CMD").add("/bin/check")));
        l.add(new Case(
                "healthcheck.interval",
                "interval 4",
                "/containerDefinitions/0/healthCheck/interval",
                d -> healthCheck(c0(d)).put("interval", 4),
                d -> healthCheck(c0(d)).put("interval", 300)));
        l.add(new Case(
                "healthcheck.timeout",
                "timeout 61",
                "/containerDefinitions/0/healthCheck/timeout",
                d -> healthCheck(c0(d)).put("timeout", 61),
                d -> healthCheck(c0(d)).put("timeout", 2)));
        l.add(new Case(
                "healthcheck.retries",
                "retries 0",
                "/containerDefinitions/0/healthCheck/retries",
                d -> healthCheck(c0(d)).put("retries", 0),
                d -> healthCheck(c0(d)).put("retries", 10)));
        l.add(new Case(
                "healthcheck.start-period",
                "startPeriod 301",
                "/containerDefinitions/0/healthCheck/startPeriod",
                d -> healthCheck(c0(d)).put("startPeriod", 301),
                d -> healthCheck(c0(d)).put("startPeriod", 0)));
        // --- logging
        l.add(new Case(
                "logging.missing",
                "no log configuration",
                "/containerDefinitions/0",
                d -> c0(d).remove("logConfiguration"),
                none()));
        l.add(new Case(
                "logging.driver",
                "logDriver missing",
                "/containerDefinitions/0/logConfiguration",
                d -> ((ObjectNode) c0(d).get("logConfiguration")).remove("logDriver"),
                none()));
        l.add(new Case(
                "logging.driver",
                "unknown driver",
                "/containerDefinitions/0/logConfiguration/logDriver",
                d -> ((ObjectNode) c0(d).get("logConfiguration")).put("logDriver", "awslog"),
                none()));
        l.add(new Case(
                "logging.fargate-driver",
                "json-file on Fargate",
                "/containerDefinitions/0/logConfiguration/logDriver",
                d -> ((ObjectNode) c0(d).get("logConfiguration")).put("logDriver", "json-file"),
                d -> {
                    ec2(d);
                    ((ObjectNode) c0(d).get("logConfiguration")).put("logDriver", "json-file");
                }));
        l.add(new Case(
                "logging.awslogs-options",
                "no awslogs-group",
                "/containerDefinitions/0/logConfiguration/options",
                d -> ((ObjectNode) c0(d).get("logConfiguration").get("options")).remove("awslogs-group"),
                none()));
        l.add(new Case(
                "logging.awslogs-options",
                "no awslogs-region",
                "/containerDefinitions/0/logConfiguration/options",
                d -> ((ObjectNode) c0(d).get("logConfiguration").get("options")).remove("awslogs-region"),
                none()));
        l.add(new Case(
                "logging.awslogs-options",
                "misspelled option",
                "/containerDefinitions/0/logConfiguration/options/awslogs-stream-prefx",
                d -> ((ObjectNode) c0(d).get("logConfiguration").get("options")).put("awslogs-stream-prefx", "x"),
                d -> ((ObjectNode) c0(d).get("logConfiguration").get("options")).put("awslogs-create-group", "true")));
        l.add(new Case(
                "logging.awslogs-stream-prefix",
                "no stream prefix on Fargate",
                "/containerDefinitions/0/logConfiguration/options",
                d -> ((ObjectNode) c0(d).get("logConfiguration").get("options")).remove("awslogs-stream-prefix"),
                d -> {
                    ec2(d);
                    ((ObjectNode) c0(d).get("logConfiguration").get("options")).remove("awslogs-stream-prefix");
                }));
        // --- roles
        l.add(new Case(
                "roles.execution-required",
                "ECR image and awslogs on Fargate without execution role",
                "/containerDefinitions/0/image",
                d -> d.remove("executionRoleArn"),
                d -> {
                    d.remove("executionRoleArn");
                    c0(d).put("image", "nginx:1.27").put("essential", true);
                    c0(d).putObject("logConfiguration").put("logDriver", "splunk");
                }));
        l.add(new Case(
                "roles.execution-required",
                "secrets without execution role (EC2 too)",
                "/containerDefinitions/0/secrets",
                d -> {
                    ec2(d);
                    d.remove("executionRoleArn");
                    c0(d).putArray("secrets")
                            .addObject()
                            .put("name", "DB_PASSWORD")
                            .put("valueFrom", "/prod/db/password");
                },
                d -> {
                    ec2(d);
                    c0(d).putArray("secrets")
                            .addObject()
                            .put("name", "DB_PASSWORD")
                            .put("valueFrom", "/prod/db/password");
                }));
        l.add(new Case(
                "roles.arn",
                "policy ARN",
                "/executionRoleArn",
                d -> d.put("executionRoleArn", "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"),
                d -> d.put("executionRoleArn", "arn:aws:iam::123456789012:role/path/ecsTaskExecutionRole")));
        l.add(new Case("roles.arn", "empty task role", "/taskRoleArn", d -> d.put("taskRoleArn", ""), none()));
        l.add(new Case(
                "roles.arn",
                "role name instead of ARN",
                "/executionRoleArn",
                d -> d.put("executionRoleArn", "ecsTaskExecutionRole"),
                none()));
        l.add(new Case(
                "roles.same",
                "task role is the execution role",
                "/taskRoleArn",
                d -> d.put("taskRoleArn", d.get("executionRoleArn").asText()),
                none()));
        // --- secrets
        l.add(new Case(
                "secrets.value-from",
                "Secrets Manager ARN with too many parts",
                "/containerDefinitions/0/secrets/0/valueFrom",
                d -> c0(d).putArray("secrets")
                        .addObject()
                        .put("name", "DB")
                        .put(
                                "valueFrom",
                                "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf:password:AWSCURRENT:id:extra"),
                d -> c0(d).putArray("secrets")
                        .addObject()
                        .put("name", "DB")
                        .put(
                                "valueFrom",
                                "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf:password::")));
        l.add(new Case(
                "secrets.value-from",
                "an S3 ARN",
                "/containerDefinitions/0/secrets/0/valueFrom",
                d -> c0(d).putArray("secrets")
                        .addObject()
                        .put("name", "DB")
                        .put("valueFrom", "arn:aws:s3:::bucket/key"),
                d -> c0(d).putArray("secrets")
                        .addObject()
                        .put("name", "DB")
                        .put("valueFrom", "arn:aws:ssm:us-east-1:123456789012:parameter/prod/db")));
        l.add(new Case(
                "secrets.value-from",
                "SSM name with spaces",
                "/containerDefinitions/0/secrets/0/valueFrom",
                d -> c0(d).putArray("secrets").addObject().put("name", "DB").put("valueFrom", "prod db password"),
                d -> c0(d).putArray("secrets").addObject().put("name", "DB").put("valueFrom", "prod.db-password")));
        // --- security
        l.add(new Case(
                "security.plain-secret",
                "password by name",
                "/containerDefinitions/0/environment/0/value",
                d -> c0(d).putArray("environment")
                        .addObject()
                        .put("name", "DB_PASSWORD")
                        .put("value", "hunter2"),
                d -> c0(d).putArray("environment")
                        .addObject()
                        .put("name", "DB_HOST")
                        .put("value", "db.internal")));
        l.add(new Case(
                "security.plain-secret",
                "API key by name",
                "/containerDefinitions/0/environment/0/value",
                d -> c0(d).putArray("environment")
                        .addObject()
                        .put("name", "STRIPE_API_KEY")
                        .put("value", "sk_live_x"),
                d -> c0(d).putArray("environment")
                        .addObject()
                        .put("name", "KEYBOARD")
                        .put("value", "us")));
        l.add(new Case(
                "security.plain-secret",
                "credentials in a URL",
                "/containerDefinitions/0/environment/0/value",
                d -> c0(d).putArray("environment")
                        .addObject()
                        .put("name", "DATABASE_URL")
                        .put("value", "postgresql://app:s3cret@db:5432/app"),
                d -> c0(d).putArray("environment")
                        .addObject()
                        .put("name", "CACHE_URL")
                        .put("value", "redis://cache:6379")));
        l.add(new Case(
                "security.plain-secret",
                "an access key id",
                "/containerDefinitions/0/environment/0/value",
                d -> c0(d).putArray("environment")
                        .addObject()
                        .put("name", "AWS_ID")
                        .put("value", TestKeys.longTerm("rule")), // the shape is what the rule looks for
                none()));
        l.add(new Case(
                "security.privileged",
                "privileged on EC2",
                "/containerDefinitions/0/privileged",
                d -> {
                    ec2(d);
                    c0(d).put("privileged", true);
                },
                d -> {
                    ec2(d);
                    c0(d).put("privileged", false);
                }));
        l.add(new Case(
                "security.readonly-root",
                "writable root filesystem",
                "/containerDefinitions/0/readonlyRootFilesystem",
                d -> c0(d).put("readonlyRootFilesystem", false),
                none()));
        // --- volumes
        l.add(new Case(
                "volumes.mount-source",
                "mount of an undeclared volume",
                "/containerDefinitions/0/mountPoints/0/sourceVolume",
                d -> c0(d).putArray("mountPoints")
                        .addObject()
                        .put("sourceVolume", "data")
                        .put("containerPath", "/data"),
                d -> {
                    d.putArray("volumes").addObject().put("name", "data");
                    c0(d).putArray("mountPoints")
                            .addObject()
                            .put("sourceVolume", "data")
                            .put("containerPath", "/data");
                }));
        l.add(new Case(
                "volumes.mount-source",
                "volumesFrom a missing container",
                "/containerDefinitions/0/volumesFrom/0/sourceContainer",
                d -> c0(d).putArray("volumesFrom").addObject().put("sourceContainer", "dockerzon"),
                d -> {
                    addContainer(d, "dockerzon");
                    c0(d).putArray("volumesFrom").addObject().put("sourceContainer", "dockerzon");
                }));
        l.add(new Case(
                "volumes.name",
                "duplicate volume",
                "/volumes/1/name",
                d -> d.putArray("volumes").add(json("{\"name\":\"a\"}")).add(json("{\"name\":\"a\"}")),
                d -> d.putArray("volumes").add(json("{\"name\":\"a\"}")).add(json("{\"name\":\"b\"}"))));
        l.add(new Case(
                "ephemeral-storage.range",
                "20 GiB",
                "/ephemeralStorage/sizeInGiB",
                d -> d.putObject("ephemeralStorage").put("sizeInGiB", 20),
                d -> d.putObject("ephemeralStorage").put("sizeInGiB", 21)));
        l.add(new Case(
                "ephemeral-storage.range",
                "201 GiB",
                "/ephemeralStorage/sizeInGiB",
                d -> d.putObject("ephemeralStorage").put("sizeInGiB", 201),
                d -> d.putObject("ephemeralStorage").put("sizeInGiB", 200)));
        l.add(new Case(
                "runtime-platform.value",
                "amd64 instead of X86_64",
                "/runtimePlatform/cpuArchitecture",
                d -> d.putObject("runtimePlatform").put("cpuArchitecture", "amd64"),
                d -> d.putObject("runtimePlatform").put("cpuArchitecture", "ARM64")));
        l.add(new Case("fargate.unsupported", "ipcMode on Fargate", "/ipcMode", d -> d.put("ipcMode", "host"), d -> {
            ec2(d);
            d.put("ipcMode", "host");
        }));
        // --- ulimits
        l.add(new Case(
                "ulimits",
                "soft above hard",
                "/containerDefinitions/0/ulimits/0/softLimit",
                d -> c0(d).putArray("ulimits").add(json("{\"name\":\"nofile\",\"softLimit\":2048,\"hardLimit\":1024}")),
                d -> c0(d).putArray("ulimits")
                        .add(json("{\"name\":\"nofile\",\"softLimit\":1024,\"hardLimit\":2048}"))));
        l.add(new Case(
                "ulimits",
                "unknown ulimit",
                "/containerDefinitions/0/ulimits/0/name",
                d -> c0(d).putArray("ulimits").add(json("{\"name\":\"files\",\"softLimit\":1,\"hardLimit\":2}")),
                none()));
        l.add(new Case(
                "ulimits",
                "nofile above the Fargate maximum",
                "/containerDefinitions/0/ulimits/0/hardLimit",
                d -> c0(d).putArray("ulimits")
                        .add(json("{\"name\":\"nofile\",\"softLimit\":1024,\"hardLimit\":2000000}")),
                d -> c0(d).putArray("ulimits")
                        .add(json("{\"name\":\"nofile\",\"softLimit\":1024,\"hardLimit\":1048576}"))));
        // --- dependsOn
        l.add(new Case(
                "depends-on.container",
                "depends on a missing container",
                "/containerDefinitions/0/dependsOn/0/containerName",
                d -> c0(d).putArray("dependsOn").add(json("{\"containerName\":\"db\",\"condition\":\"START\"}")),
                d -> {
                    addContainer(d, "db");
                    c0(d).putArray("dependsOn").add(json("{\"containerName\":\"db\",\"condition\":\"START\"}"));
                }));
        l.add(new Case(
                "depends-on.condition",
                "unknown condition",
                "/containerDefinitions/0/dependsOn/0/condition",
                d -> {
                    addContainer(d, "db");
                    c0(d).putArray("dependsOn").add(json("{\"containerName\":\"db\",\"condition\":\"RUNNING\"}"));
                },
                none()));
        l.add(new Case(
                "depends-on.healthy",
                "HEALTHY without a health check",
                "/containerDefinitions/0/dependsOn/0/condition",
                d -> {
                    addContainer(d, "db");
                    c0(d).putArray("dependsOn").add(json("{\"containerName\":\"db\",\"condition\":\"HEALTHY\"}"));
                },
                d -> {
                    healthCheck(addContainer(d, "db"));
                    c0(d).putArray("dependsOn").add(json("{\"containerName\":\"db\",\"condition\":\"HEALTHY\"}"));
                }));
        l.add(new Case(
                "depends-on.essential",
                "SUCCESS of an essential container",
                "/containerDefinitions/0/dependsOn/0/condition",
                d -> {
                    addContainer(d, "migrate");
                    c0(d).putArray("dependsOn").add(json("{\"containerName\":\"migrate\",\"condition\":\"SUCCESS\"}"));
                },
                d -> {
                    addContainer(d, "migrate").put("essential", false);
                    c0(d).putArray("dependsOn").add(json("{\"containerName\":\"migrate\",\"condition\":\"SUCCESS\"}"));
                }));
        l.add(new Case(
                "depends-on.cycle",
                "two containers wait for each other",
                "/containerDefinitions/0/dependsOn",
                d -> {
                    addContainer(d, "b")
                            .putArray("dependsOn")
                            .add(json("{\"containerName\":\"web\",\"condition\":\"START\"}"));
                    c0(d).putArray("dependsOn").add(json("{\"containerName\":\"b\",\"condition\":\"START\"}"));
                },
                d -> {
                    addContainer(d, "b");
                    c0(d).putArray("dependsOn").add(json("{\"containerName\":\"b\",\"condition\":\"START\"}"));
                }));
        // --- reading
        l.add(new Case(
                "json.unknown-field",
                "logDiver",
                "/containerDefinitions/0/logConfiguration/logDiver",
                d -> {
                    ObjectNode lc = (ObjectNode) c0(d).get("logConfiguration");
                    lc.put("logDiver", lc.remove("logDriver").asText());
                },
                none()));
        l.add(new Case(
                "json.type",
                "container memory as a string",
                "/containerDefinitions/0/memory",
                d -> c0(d).put("memory", "512"),
                d -> c0(d).put("memory", 512)));
        l.add(new Case(
                "json.read-only-field",
                "revision from describe output",
                "/revision",
                d -> d.put("revision", 3),
                none()));
        return l.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rule_failingExample_isReportedAtItsPath(Case c) {
        ObjectNode doc = base();
        c.fail().accept(doc);
        ValidationReport r = TaskDefinitions.validate(doc.toString());
        assertThat(r.byRule(c.rule()))
                .as("%s in%n%s", c, r)
                .extracting(Finding::path)
                .contains(c.path());
        Finding f = r.byRule(c.rule()).stream()
                .filter(x -> x.path().equals(c.path()))
                .findFirst()
                .orElseThrow();
        assertThat(f.message()).isNotBlank();
        assertThat(f.fix()).isNotBlank();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rule_passingExample_isNotReported(Case c) {
        ObjectNode doc = base();
        c.pass().accept(doc);
        ValidationReport r = TaskDefinitions.validate(doc.toString());
        assertThat(r.byRule(c.rule())).as("%s in%n%s", c, r).isEmpty();
    }

    @Test
    void base_hasNoFindings() {
        assertThat(TaskDefinitions.validate(BASE).findings()).isEmpty();
    }

    @Test
    void everyRuleInTheReadme_hasACase_andEveryCaseIsInTheReadme() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        Matcher m = Pattern.compile("(?m)^\\| `([a-z0-9.-]+)` \\|").matcher(readme);
        Set<String> documented = new TreeSet<>();
        while (m.find()) {
            if (!m.group(1).startsWith("webservice.")) { // the web service's table: WebServiceChecksTest
                documented.add(m.group(1));
            }
        }
        Set<String> tested = cases().map(Case::rule).collect(Collectors.toCollection(TreeSet::new));
        tested.add("json.syntax"); // ReaderTest
        tested.add("json.not-object"); // ReaderTest
        tested.add("json.wrapper"); // ReaderTest
        tested.add("json.encoding"); // ValidatorDefectsTest
        assertThat(documented).isEqualTo(tested);
    }
}
