package dev.awskit.ecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.awskit.core.Finding;
import dev.awskit.core.Severity;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Regression tests for the validator defects of issue 11 §3 ("Task-definition validator") and the
 * ECS line of "Errors at the facade". Each failed on the code before its fix.
 */
class ValidatorDefectsTest {
    static final Duration HANG_GUARD = Duration.ofSeconds(10); // a hang guard, not a speed claim

    /** A valid Fargate definition; {@code %s} is spliced into the container. */
    static String web(String containerExtra) {
        return "{\"family\": \"web\", \"networkMode\": \"awsvpc\", \"requiresCompatibilities\": [\"FARGATE\"],"
                + " \"cpu\": \"256\", \"memory\": \"512\","
                + " \"executionRoleArn\": \"arn:aws:iam::123456789012:role/ecsTaskExecutionRole\","
                + " \"containerDefinitions\": [{\"name\": \"web\", \"image\": \"nginx:1.27\","
                + " \"readonlyRootFilesystem\": true,"
                + " \"logConfiguration\": {\"logDriver\": \"awslogs\", \"options\": {\"awslogs-group\": \"web\","
                + " \"awslogs-region\": \"us-east-1\", \"awslogs-stream-prefix\": \"web\"}}"
                + containerExtra + "}]}";
    }

    static String env(String name, String value) {
        return ", \"environment\": [{\"name\": \"" + name + "\", \"value\": \"" + value + "\"}]";
    }

    // --- NullPointerException in DidYouMean

    @Test
    void validate_volumeWithoutName_andMountOfUndeclaredVolume_reportsBoth() {
        String json = web(", \"mountPoints\": [{\"sourceVolume\": \"dta\", \"containerPath\": \"/data\"}]")
                .replace("\"containerDefinitions\"", "\"volumes\": [{\"host\": {}}], \"containerDefinitions\"");

        ValidationReport r = TaskDefinitions.validate(json);

        assertThat(r.byRule("volumes.name"))
                .extracting(Finding::path, Finding::message)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(
                        "/volumes/0/name",
                        "Invalid volume name null: up to 255 letters, numbers, hyphens, and underscores are"
                                + " allowed."));
        assertThat(r.byRule("volumes.mount-source"))
                .extracting(Finding::path)
                .containsExactly("/containerDefinitions/0/mountPoints/0/sourceVolume");
    }

    // --- quadratic placeholder expression

    @Test
    void placeholder_onAMegabyteOfUnclosedDollarBraces_finishes() {
        String value = "${".repeat(512 * 1024);
        ValidationReport r =
                assertTimeoutPreemptively(HANG_GUARD, () -> TaskDefinitions.validate(web(env("GREETING", value))));
        assertThat(r.byRule("placeholder")).isEmpty();
    }

    @Test
    void placeholder_onAMegabyteOfUnclosedDoubleBraces_finishes() {
        String value = "{{".repeat(512 * 1024);
        ValidationReport r =
                assertTimeoutPreemptively(HANG_GUARD, () -> TaskDefinitions.validate(web(env("GREETING", value))));
        assertThat(r.byRule("placeholder")).isEmpty();
    }

    @Test
    void placeholder_closedAfterAMegabyte_isStillFound() {
        String value = "${".repeat(512 * 1024) + "TAG}";
        ValidationReport r =
                assertTimeoutPreemptively(HANG_GUARD, () -> TaskDefinitions.validate(web(env("GREETING", value))));
        assertThat(r.byRule("placeholder"))
                .extracting(Finding::message)
                .singleElement()
                .asString()
                .startsWith("Unresolved placeholder '${${${")
                .endsWith("characters).");
    }

    // --- unbounded did-you-mean

    @Test
    void didYouMean_onFiveMegabyteValues_allocatesBoundedMemory() {
        String big = "x".repeat(5 * 1024 * 1024);
        String json = web(", \"mountPoints\": [{\"sourceVolume\": \"" + big + "\", \"containerPath\": \"/d\"}]")
                .replace("\"awslogs\"", "\"" + big + "\"")
                .replace("\"LINUX\"", "\"" + big + "\"")
                .replace("\"containerDefinitions\"", "\"volumes\": [{\"name\": \"data\"}], \"containerDefinitions\"");
        long[] allocated = new long[1];
        ValidationReport r = assertTimeoutPreemptively(HANG_GUARD, () -> {
            long before = allocatedBytes();
            ValidationReport report = TaskDefinitions.validate(json);
            allocated[0] = allocatedBytes() - before;
            return report;
        });

        assertThat(r.byRule("logging.driver")).hasSize(1);
        assertThat(r.byRule("volumes.mount-source")).hasSize(1);
        // the text is 10 MB; parsing, the model and the locator copy it a few times. The old edit
        // distance allocated (n+1) x (m+1) ints per candidate: gigabytes for these two values.
        assertThat(allocated[0]).as("bytes allocated").isLessThan(400L * 1024 * 1024);
        assertThat(r.toString().length()).isLessThan(10_000);
    }

    static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    // --- a file that is not UTF-8

    @Test
    void validate_fileThatIsNotUtf8_reportsTheByteOffset(@TempDir Path dir) throws Exception {
        byte[] text = web(env("GREETING", "caf?")).getBytes(StandardCharsets.UTF_8);
        int offset = new String(text, StandardCharsets.UTF_8).indexOf("caf?") + 3;
        text[offset] = (byte) 0xE9; // é in ISO-8859-1, not a UTF-8 sequence
        Path file = dir.resolve("web.json");
        Files.write(file, text);

        ValidationReport r = TaskDefinitions.validate(file);

        assertThat(r.byRule("json.encoding"))
                .extracting(Finding::severity, Finding::message)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(
                        Severity.ERROR,
                        "The file is not UTF-8: the byte at offset " + offset
                                + " (0xE9) does not start a valid UTF-8 sequence."));
        assertThat(r.byRule("family.required")).isEmpty(); // the rest was still read
    }

    // --- rules

    @Test
    void tags_emptyList_isAnError_asAwsAnswersTagsCanNotBeEmpty() {
        ValidationReport r = TaskDefinitions.validate(web("").replace("{\"family\"", "{\"tags\": [], \"family\""));
        assertThat(r.byRule("tags.value"))
                .extracting(Finding::severity, Finding::path, Finding::message)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Severity.ERROR, "/tags", "Tags can not be empty."));
    }

    @Test
    void describeOutputWithEmptyTagsBeside_isNoError() {
        String described = "{\"taskDefinition\": " + web("") + ", \"tags\": []}";
        ValidationReport r = TaskDefinitions.read(described)
                .stripReadOnly()
                .taskDefinition()
                .orElseThrow()
                .validate();
        assertThat(r.byRule("tags.value")).isEmpty();
    }

    @Test
    void links_emptyListInAwsvpc_isAccepted() {
        ValidationReport r = TaskDefinitions.validate(web(", \"links\": []"));
        assertThat(r.errors()).isEmpty();
    }

    @Test
    void repositoryCredentials_emptyParameter_isAnError() {
        ValidationReport r =
                TaskDefinitions.validate(web(", \"repositoryCredentials\": {\"credentialsParameter\": \"\"}"));
        assertThat(r.byRule("container.repository-credentials"))
                .extracting(Finding::severity, Finding::path)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(
                        Severity.ERROR, "/containerDefinitions/0/repositoryCredentials/credentialsParameter"));
    }

    @Test
    void image_withAStar_orLongerThan255_isAnError() {
        ValidationReport star = TaskDefinitions.validate(web("").replace("nginx:1.27", "nginx:*"));
        assertThat(star.byRule("container.image"))
                .extracting(Finding::severity, Finding::message)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(
                        Severity.ERROR, "Invalid image 'nginx:*': '*' is not allowed in an image reference."));

        String longImage = "registry.example.com/" + "a".repeat(240) + ":1";
        ValidationReport tooLong = TaskDefinitions.validate(web("").replace("nginx:1.27", longImage));
        assertThat(tooLong.byRule("container.image"))
                .extracting(Finding::severity, Finding::message)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(
                        Severity.ERROR,
                        "Invalid image '" + longImage.substring(0, 77) + "...' (263 characters): an image reference"
                                + " has at most 255 characters."));
        String exactly255 = "registry.example.com/" + "a".repeat(232) + ":1";
        assertThat(TaskDefinitions.validate(web("").replace("nginx:1.27", exactly255))
                        .byRule("container.image"))
                .isEmpty();
    }

    @Test
    void allCapsPlaceholders_areWarnedLikeDollarBracePlaceholders() {
        String image = "ACCOUNT_ID.dkr.ecr.YOUR_REGION.amazonaws.com/web:REPLACED_BY_CI";
        ValidationReport r = TaskDefinitions.validate(web("").replace("nginx:1.27", image));
        assertThat(r.byRule("placeholder"))
                .extracting(Finding::path, Finding::message)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(
                        "/containerDefinitions/0/image", "Unresolved placeholder 'ACCOUNT_ID'."));
        assertThat(TaskDefinitions.validate(web(env("REGION", "YOUR_REGION"))).byRule("placeholder"))
                .hasSize(1);
        assertThat(TaskDefinitions.validate(web(env("TAG", "REPLACED_BY_CI"))).byRule("placeholder"))
                .hasSize(1);
        // all caps that names no placeholder stays quiet
        assertThat(TaskDefinitions.validate(web(env("LOG_LEVEL", "DEBUG"))).byRule("placeholder"))
                .isEmpty();
        assertThat(TaskDefinitions.validate(web(env("MODE", "READ_ONLY"))).byRule("placeholder"))
                .isEmpty();
    }

    // --- secrets never echoed

    static final String SECRET = "hunter2Zq8vX3kPw9";

    static Stream<Arguments> secretEchoes() {
        return Stream.of(
                Arguments.of(
                        "a pasted secret where JSON expects a value (Jackson's Unrecognized token)",
                        "{\"family\": \"web\", \"cpu\": " + SECRET + "}"),
                Arguments.of("an unquoted secret as the task cpu", web("").replace("\"256\"", SECRET)),
                Arguments.of(
                        "a placeholder warning on DB_PASSWORD", web(env("DB_PASSWORD", SECRET + "${DB_PASSWORD}"))),
                Arguments.of(
                        "valueFrom holding a pasted secret",
                        web(", \"secrets\": [{\"name\": \"DB_PASSWORD\", \"valueFrom\": \"" + SECRET + "!#\"}]")),
                Arguments.of(
                        "a health-check command holding a password",
                        web(", \"healthCheck\": {\"command\": [\"curl -u admin:" + SECRET + " http://localhost/\"]}")),
                Arguments.of("a string document", "\"" + SECRET + "\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("secretEchoes")
    void noFindingOrReport_echoesASecretLookingValue(String what, String doc) {
        ValidationReport r = TaskDefinitions.validate(doc);
        assertThat(r.findings()).as("findings of %s", what).isNotEmpty();
        assertThat(r.toString()).as("report of %s", what).doesNotContain(SECRET);
        for (Finding f : r.findings()) {
            assertThat(f.message() + f.fix() + f).as("finding of %s", what).doesNotContain(SECRET);
        }
    }

    @Test
    void jsonSyntax_keepsTheKindOfError_withoutTheToken() {
        Finding f = TaskDefinitions.validate("{\"family\": \"web\", \"cpu\": " + SECRET + "}")
                .byRule("json.syntax")
                .get(0);
        assertThat(f.message())
                .isEqualTo("Error parsing parameter 'cli-input-json': Invalid JSON: Unrecognized token (17"
                        + " characters, not shown): was expecting (JSON String, Number, Array, Object or token"
                        + " 'null', 'true' or 'false')");
    }

    // --- diff

    @Test
    void diff_changedSecretValue_isReportedMasked() {
        TaskDefinition before = TaskDefinition.builder("web")
                .container(c -> c.name("web").image("nginx").memory(128).env("DB_PASSWORD", "old-" + SECRET))
                .build();
        TaskDefinition after = TaskDefinition.builder("web")
                .container(c -> c.name("web").image("nginx").memory(128).env("DB_PASSWORD", "new-" + SECRET))
                .build();

        TaskDefinitionDiff diff = TaskDefinitions.diff(before, after);

        assertThat(diff.isEmpty()).isFalse();
        assertThat(diff.toString()).isEqualTo("~ /containerDefinitions/0/environment/0/value: **** -> ****");
    }

    /**
     * The register-task-definition input and the DescribeTaskDefinition output of the RegisterTaskDefinition
     * / DescribeTaskDefinition examples of the ECS API reference (hello_world, wordpress + mysql): AWS
     * returns {@code "environment": []}, {@code "mountPoints": []}, {@code "volumesFrom": []},
     * {@code "volumes": []}, the read-only fields and, for an untagged definition, {@code "tags": []}.
     */
    static final String REGISTERED = "{\"family\": \"hello_world\", \"containerDefinitions\": ["
            + "{\"name\": \"wordpress\", \"links\": [\"mysql\"], \"image\": \"wordpress\", \"essential\": true,"
            + " \"portMappings\": [{\"containerPort\": 80, \"hostPort\": 80}], \"memory\": 500, \"cpu\": 10},"
            + "{\"name\": \"mysql\", \"image\": \"mysql\", \"cpu\": 10, \"memory\": 500, \"essential\": true,"
            + " \"environment\": [{\"name\": \"MYSQL_ROOT_PASSWORD\", \"value\": \"password\"}]}]}";

    static final String DESCRIBED = "{\"taskDefinition\": {\"volumes\": [],"
            + " \"taskDefinitionArn\": \"arn:aws:ecs:us-east-1:012345678910:task-definition/hello_world:8\","
            + " \"containerDefinitions\": ["
            + "{\"environment\": [], \"name\": \"wordpress\", \"links\": [\"mysql\"], \"mountPoints\": [],"
            + " \"image\": \"wordpress\", \"essential\": true, \"portMappings\": [{\"containerPort\": 80,"
            + " \"hostPort\": 80}], \"memory\": 500, \"cpu\": 10, \"volumesFrom\": []},"
            + "{\"environment\": [{\"name\": \"MYSQL_ROOT_PASSWORD\", \"value\": \"password\"}], \"name\": \"mysql\","
            + " \"mountPoints\": [], \"image\": \"mysql\", \"cpu\": 10, \"memory\": 500, \"essential\": true,"
            + " \"volumesFrom\": []}],"
            + " \"family\": \"hello_world\", \"revision\": 8, \"status\": \"ACTIVE\","
            + " \"placementConstraints\": [], \"compatibilities\": [\"EC2\"]},"
            + " \"tags\": []}";

    @Test
    void diff_ofAwsDocumentedDescribeOutput_againstWhatWasRegistered_hasNoChanges() {
        TaskDefinition registered = TaskDefinition.fromJson(REGISTERED);
        TaskDefinition described =
                TaskDefinitions.read(DESCRIBED).stripReadOnly().taskDefinition().orElseThrow();

        assertThat(TaskDefinitions.diff(registered, described).toString()).isEqualTo("no changes");
        assertThat(TaskDefinitions.diff(described, registered).toString()).isEqualTo("no changes");
    }

    @Test
    void diff_ofFargateDefaultsAwsFillsIn_hasNoChanges_butARealChangeStillShows() {
        TaskDefinition registered = TaskDefinition.fromJson(web(", \"portMappings\": [{\"containerPort\": 80}]"));
        // what DescribeTaskDefinition answers for it: cpu 0, protocol tcp, hostPort = containerPort under
        // awsvpc, empty lists (the task definition parameters page documents each default)
        TaskDefinition described = TaskDefinition.fromJson(web(", \"portMappings\": [{\"containerPort\": 80,"
                        + " \"hostPort\": 80, \"protocol\": \"tcp\"}], \"cpu\": 0, \"essential\": true,"
                        + " \"environment\": [], \"mountPoints\": [], \"volumesFrom\": [], \"systemControls\": []")
                .replace(
                        "\"containerDefinitions\"",
                        "\"volumes\": [], \"placementConstraints\": []," + " \"containerDefinitions\""));

        assertThat(TaskDefinitions.diff(registered, described).isEmpty()).isTrue();
        assertThat(TaskDefinitions.diff(registered, described.withImage("web", "nginx:1.28"))
                        .toString())
                .isEqualTo("~ /containerDefinitions/0/image: nginx:1.27 -> nginx:1.28");
    }
}
