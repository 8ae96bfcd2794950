package dev.awskit.ecr.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awskit.core.AwsKitException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerConfigTest {
    @TempDir
    Path dir;

    @Test
    void merge_keepsOtherEntriesAndWritesMode0600() throws Exception {
        Path config = dir.resolve("config.json");
        Files.writeString(
                config,
                "{\"auths\":{\"ghcr.io\":{\"auth\":\"b3RoZXI=\"}},\"psFormat\":\"table {{.ID}}\"}",
                StandardCharsets.UTF_8);

        DockerConfig.merge(config, "123456789012.dkr.ecr.us-east-1.amazonaws.com", "AWS", "pw");

        String json = Files.readString(config);
        assertThat(json).contains("\"ghcr.io\"").contains("b3RoZXI=").contains("psFormat");
        assertThat(json)
                .contains("123456789012.dkr.ecr.us-east-1.amazonaws.com")
                .contains(Base64.getEncoder().encodeToString("AWS:pw".getBytes(StandardCharsets.UTF_8)));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config)))
                .isEqualTo("rw-------");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(config); // no temp file left behind
        }
    }

    @Test
    void merge_whenNoFile_createsDirectoryAndFile() throws Exception {
        Path config = dir.resolve("new/.docker/config.json");

        DockerConfig.merge(config, "host:5000", "u", "p");

        assertThat(Files.readString(config)).contains("\"host:5000\"").contains("dTpw");
    }

    @Test
    void merge_whenFileIsNotAnObject_saysSo() throws Exception {
        Path config = dir.resolve("config.json");
        Files.writeString(config, "[1,2]");

        assertThatThrownBy(() -> DockerConfig.merge(config, "h", "u", "p"))
                .isInstanceOf(AwsKitException.class)
                .hasMessageContaining("is not a JSON object");
        assertThat(Files.readString(config)).isEqualTo("[1,2]");
    }
}
