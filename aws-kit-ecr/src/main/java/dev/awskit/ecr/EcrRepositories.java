package dev.awskit.ecr;

import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** The repositories of one region's registry: create, describe, exists, list, images. */
public interface EcrRepositories {
    /**
     * Creates a repository (create-repository, then put-lifecycle-policy when one is given).
     *
     * @throws dev.awskit.core.AwsKitException when ECR refuses, e.g. the repository exists
     */
    EcrRepository create(CreateRepository request);

    EcrRepository create(Consumer<CreateRepositoryBuilder> request);

    /** The repository (describe-repositories), or empty when it does not exist. */
    Optional<EcrRepository> describe(String name);

    boolean exists(String name);

    /** Every repository, pages fetched as the stream reaches them. */
    Stream<EcrRepository> list();

    /** Every image of a repository (describe-images), pages fetched as the stream reaches them. */
    Stream<EcrImage> images(String name);
}
