package dev.awskit.ecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awskit.core.Finding;
import dev.awskit.core.Severity;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ReaderTest {
    static final String DESCRIBED = "{\n"
            + "  \"taskDefinition\": {\n"
            + "    \"taskDefinitionArn\": \"arn:aws:ecs:us-east-1:123456789012:task-definition/web:3\",\n"
            + "    \"family\": \"web\",\n"
            + "    \"revision\": 3,\n"
            + "    \"status\": \"ACTIVE\",\n"
            + "    \"compatibilities\": [\"EC2\", \"FARGATE\"],\n"
            + "    \"requiresAttributes\": [{\"name\": \"com.amazonaws.ecs.capability.docker-remote-api.1.18\"}],\n"
            + "    \"registeredAt\": 1700000000.123,\n"
            + "    \"registeredBy\": \"arn:aws:iam::123456789012:user/dev\",\n"
            + "    \"containerDefinitions\": [{\"name\": \"web\", \"image\": \"nginx:1.27\", \"memory\": 128,\n"
            + "       \"readonlyRootFilesystem\": true,\n"
            + "       \"logConfiguration\": {\"logDriver\": \"json-file\"}}]\n"
            + "  },\n"
            + "  \"tags\": [{\"key\": \"team\", \"value\": \"web\"}]\n"
            + "}";

    @Test
    void read_whenMalformed_givesLineColumnAndMessage() {
        ValidationReport r = TaskDefinitions.validate("{\n  \"family\": \"web\"\n  \"cpu\": \"256\"\n}");
        assertThat(r.findings()).hasSize(1);
        Finding f = r.findings().get(0);
        assertThat(f.rule()).isEqualTo("json.syntax");
        assertThat(f.line()).contains(3);
        assertThat(f.column()).contains(3);
        assertThat(f.message())
                .startsWith("Error parsing parameter 'cli-input-json': Invalid JSON: Unexpected character");
        assertThat(f.describe()).contains("at line 3, column 3");
    }

    @Test
    void read_whenDuplicateKey_isASyntaxErrorButStillChecked() {
        ValidationReport r =
                TaskDefinitions.validate("{\"family\": \"a\", \"family\": \"b c\", \"containerDefinitions\": []}");
        assertThat(r.byRule("json.syntax").get(0).message()).contains("Duplicate field 'family'");
        assertThat(r.has("family.pattern")).isTrue();
        assertThat(r.has("containers.required")).isTrue();
    }

    @Test
    void read_whenNotAnObject_saysSo() {
        ValidationReport r = TaskDefinitions.validate("[1, 2]");
        assertThat(r.findings()).extracting(Finding::rule).containsExactly("json.not-object");
        assertThat(r.findings().get(0).message())
                .isEqualTo("Invalid type for parameter input, value: [1,2], type: array, valid types: object");
    }

    @Test
    void read_whenEmpty_saysSo() {
        assertThat(TaskDefinitions.validate("  ").findings())
                .extracting(Finding::rule)
                .containsExactly("json.syntax");
    }

    @Test
    void read_whenTopLevelTypo_suggestsTheField() {
        ValidationReport r = TaskDefinitions.validate("{\"famly\": \"web\"}");
        Finding f = r.byRule("json.unknown-field").get(0);
        assertThat(f.path()).isEqualTo("/famly");
        assertThat(f.message())
                .startsWith("Unknown parameter in input: \"famly\", must be one of: family, taskRoleArn");
        assertThat(f.fix()).isEqualTo("Did you mean \"family\"? Rename \"famly\" to \"family\".");
    }

    @Test
    void read_describeOutput_flagsWrapperAndReadOnlyFields_andStripReadOnlyFixesIt() {
        TaskDefinitionDocument doc = TaskDefinitions.read(DESCRIBED);
        assertThat(doc.wrapped()).isTrue();
        assertThat(doc.readOnlyFields())
                .containsExactly(
                        "taskDefinitionArn",
                        "revision",
                        "status",
                        "compatibilities",
                        "requiresAttributes",
                        "registeredAt",
                        "registeredBy");
        ValidationReport r = TaskDefinitions.validate(doc);
        assertThat(r.byRule("json.wrapper")).extracting(Finding::severity).containsExactly(Severity.WARNING);
        assertThat(r.byRule("json.read-only-field"))
                .extracting(Finding::path)
                .contains("/taskDefinition/revision", "/taskDefinition/taskDefinitionArn");
        assertThat(r.byRule("json.read-only-field").get(0).message())
                .isEqualTo("Unknown parameter in input: \"taskDefinitionArn\": it is a read-only field of"
                        + " DescribeTaskDefinition output, which RegisterTaskDefinition does not accept.");
        assertThat(r.byRule("logging.missing")).isEmpty();
        assertThat(r.byRule("security.readonly-root")).isEmpty();

        TaskDefinitionDocument stripped = doc.stripReadOnly();
        assertThat(stripped.findings()).isEmpty();
        assertThat(TaskDefinitions.validate(stripped).errors()).isEmpty();
        TaskDefinition td = stripped.taskDefinition().orElseThrow();
        assertThat(td.family()).isEqualTo("web");
        assertThat(td.toRequest().tags()).hasSize(1);
        assertThat(stripped.toJson().orElseThrow()).doesNotContain("revision").doesNotContain("taskDefinitionArn");
    }

    @Test
    void json_roundTrips() {
        String json = "{\n  \"family\": \"web\",\n  \"containerDefinitions\": [\n    {\n      \"name\": \"web\",\n"
                + "      \"image\": \"nginx\",\n      \"memory\": 128\n    }\n  ]\n}";
        TaskDefinition td = TaskDefinition.fromJson(json);
        assertThat(td.toJson()).isEqualTo(json);
        assertThat(TaskDefinition.fromJson(td.toJson())).isEqualTo(td);
    }

    @Test
    void fromJson_whenUnreadable_throwsWithTheFindings() {
        assertThatThrownBy(() ->
                        TaskDefinition.fromJson("{\"family\": \"web\", \"containerDefinitions\": [{\"nme\": \"x\"}]}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ERROR json.unknown-field at /containerDefinitions/0/nme")
                .hasMessageContaining("Did you mean \"name\"?");
    }

    @Test
    void validatePath_whenMissing_throwsNamingTheFile() {
        assertThatThrownBy(() -> TaskDefinitions.validate(Path.of("no-such-file.json")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("No such task definition file: ")
                .hasMessageEndingWith("no-such-file.json");
    }

    @Test
    void typeErrors_neverRepeatAnEnvironmentValue() {
        ValidationReport r = TaskDefinitions.validate(
                "{\"family\": \"web\", \"containerDefinitions\": [{\"name\": \"web\","
                        + " \"image\": \"nginx\", \"memory\": 64, \"environment\": [{\"name\": \"PIN\", \"value\": 987654}]}]}");
        Finding f = r.byRule("json.type").get(0);
        assertThat(f.path()).isEqualTo("/containerDefinitions/0/environment/0/value");
        assertThat(f.message())
                .isEqualTo("Invalid type for parameter containerDefinitions[0].environment[0].value, value: ****, type:"
                        + " integer, valid types: string");
        assertThat(r.toString()).doesNotContain("987654");
    }
}
