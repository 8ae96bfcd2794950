package dev.awskit.ecs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awskit.core.Finding;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The task definitions written by hand in seeds 002 and 003 (copied into test resources; the
 * {@code ...} elisions of seed 002's logging example removed) give exactly these findings.
 */
class SeedsTest {
    static ValidationReport validate(String file) {
        return TaskDefinitions.validate(Path.of("src/test/resources/seeds", file));
    }

    static List<String> rulesAndPaths(ValidationReport r) {
        return r.findings().stream()
                .map(f -> f.severity() + " " + f.rule() + " " + f.path())
                .collect(Collectors.toList());
    }

    @Test
    void seed002Webserver_stringNumbersAndRoleName() {
        ValidationReport r = validate("seed-002-webserver.json");
        assertThat(rulesAndPaths(r))
                .containsExactly(
                        "ERROR json.type /containerDefinitions/0/memory",
                        "ERROR json.type /containerDefinitions/0/cpu",
                        "WARNING roles.arn /executionRoleArn",
                        "WARNING logging.missing /containerDefinitions/0",
                        "WARNING security.readonly-root /containerDefinitions/0/readonlyRootFilesystem");
        assertThat(r.findings().get(0).message())
                .isEqualTo("Invalid type for parameter containerDefinitions[0].memory, value: 100, type: string,"
                        + " valid types: integer");
        assertThat(r.isValid()).isFalse();
    }

    @Test
    void seed002ChatResources_commentsAreASyntaxError_andTheRestIsStillChecked() {
        ValidationReport r = validate("seed-002-chat-resources.json");
        assertThat(rulesAndPaths(r))
                .containsExactly(
                        "ERROR json.syntax ",
                        "WARNING placeholder /containerDefinitions/0/image",
                        "WARNING logging.missing /containerDefinitions/0",
                        "WARNING security.readonly-root /containerDefinitions/0/readonlyRootFilesystem",
                        "WARNING placeholder /containerDefinitions/1/image",
                        "WARNING logging.missing /containerDefinitions/1",
                        "WARNING security.readonly-root /containerDefinitions/1/readonlyRootFilesystem");
        Finding syntax = r.findings().get(0);
        assertThat(syntax.line()).contains(4);
        assertThat(syntax.column()).contains(3);
        assertThat(syntax.message())
                .isEqualTo("Error parsing parameter 'cli-input-json': Invalid JSON: comments are not allowed in JSON");
    }

    @Test
    void seed002ChatLoadBalancing_trailingComma() {
        ValidationReport r = validate("seed-002-chat-load-balancing.json");
        assertThat(rulesAndPaths(r))
                .containsExactly(
                        "ERROR json.syntax ",
                        "WARNING placeholder /containerDefinitions/0/image",
                        "WARNING logging.missing /containerDefinitions/0",
                        "WARNING security.readonly-root /containerDefinitions/0/readonlyRootFilesystem");
        assertThat(r.findings().get(0).line()).contains(17);
        assertThat(r.findings().get(0).message()).contains("trailing comma");
    }

    @Test
    void seed002ChatLogs_logDiverSuggestsLogDriver() {
        ValidationReport r = validate("seed-002-chat-logs.json");
        assertThat(rulesAndPaths(r))
                .containsExactly(
                        "ERROR json.syntax ",
                        "ERROR json.unknown-field /containerDefinitions/0/logConfiguration/logDiver",
                        "ERROR container.image /containerDefinitions/0/image",
                        "ERROR memory.container-required /containerDefinitions/0",
                        "ERROR logging.driver /containerDefinitions/0/logConfiguration",
                        "WARNING security.readonly-root /containerDefinitions/0/readonlyRootFilesystem");
        Finding typo = r.byRule("json.unknown-field").get(0);
        assertThat(typo.message())
                .isEqualTo(
                        "Unknown parameter in containerDefinitions[0].logConfiguration: \"logDiver\", must be one of:"
                                + " logDriver, options, secretOptions");
        assertThat(typo.fix()).isEqualTo("Did you mean \"logDriver\"? Rename \"logDiver\" to \"logDriver\".");
        assertThat(typo.line()).contains(7);
        assertThat(typo.column()).contains(9);
        assertThat(typo.describe())
                .startsWith("ERROR json.unknown-field at /containerDefinitions/0/logConfiguration/logDiver (line 7,"
                        + " column 9): Unknown parameter");
        assertThat(r.byRule("logging.driver").get(0).message())
                .isEqualTo("Missing required parameter in containerDefinitions[0].logConfiguration: \"logDriver\"");
    }

    @Test
    void seed003Web_plainTextSecretsAreFlagged() {
        ValidationReport r = validate("seed-003-web-task-definition.json");
        assertThat(rulesAndPaths(r))
                .containsExactly(
                        "WARNING logging.missing /containerDefinitions/0",
                        "WARNING security.readonly-root /containerDefinitions/0/readonlyRootFilesystem",
                        "WARNING logging.missing /containerDefinitions/1",
                        "WARNING security.plain-secret /containerDefinitions/1/environment/1/value",
                        "WARNING security.plain-secret /containerDefinitions/1/environment/4/value",
                        "WARNING security.readonly-root /containerDefinitions/1/readonlyRootFilesystem");
        assertThat(r.isValid()).isTrue();
        assertThat(r.byRule("security.plain-secret").get(0).message())
                .isEqualTo("Environment variable 'DATABASE_URL' of container 'dockerzon' holds a URL with a password"
                        + " in plain text: anyone who may describe the task definition can read it.");
        assertThat(r.byRule("security.plain-secret").get(1).message()).contains("'SECRET_TOKEN'");
        // the secret itself never appears in a finding
        assertThat(r.toString()).doesNotContain("intergalacticzebramoldfactory").doesNotContain("43d2aca242bf");
    }
}
