package dev.awskit.ecr.internal;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The data-binding mapper, built on first use: only a filtered index ({@link IndexFilter}) and the
 * Docker config file ({@link DockerConfig}) need it. A copy reads its manifests with {@link Json};
 * classes every copy uses name no Jackson type, since verifying a class loads the types it names
 * ({@code ManifestsFootprintTest}).
 */
final class Jackson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Jackson() {}

    static ObjectMapper mapper() {
        return MAPPER;
    }
}
