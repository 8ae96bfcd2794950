package dev.awskit.ecr.internal;

import dev.awskit.core.AwsKitException;
import dev.awskit.core.Pages;
import dev.awskit.ecr.CreateRepository;
import dev.awskit.ecr.CreateRepositoryBuilder;
import dev.awskit.ecr.EcrImage;
import dev.awskit.ecr.EcrImageBuilder;
import dev.awskit.ecr.EcrRepositories;
import dev.awskit.ecr.EcrRepository;
import dev.awskit.ecr.EcrRepositoryBuilder;
import dev.awskit.ecr.Encryption;
import dev.awskit.ecr.TagMutability;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.CreateRepositoryResponse;
import software.amazon.awssdk.services.ecr.model.DescribeRepositoriesResponse;
import software.amazon.awssdk.services.ecr.model.EncryptionType;
import software.amazon.awssdk.services.ecr.model.ImageDetail;
import software.amazon.awssdk.services.ecr.model.ImageTagMutability;
import software.amazon.awssdk.services.ecr.model.Repository;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;

/** Repositories of one region over the ECR API. */
final class DefaultEcrRepositories implements EcrRepositories {
    private final EcrService service;
    private final String region;

    DefaultEcrRepositories(EcrService service, String region) {
        this.service = service;
        this.region = region;
    }

    private EcrClient ecr() {
        return service.kit().client(EcrClient.class, region);
    }

    @Override
    public EcrRepository create(CreateRepository r) {
        String what = "ecr:CreateRepository " + r.name() + " in " + region;
        CreateRepositoryResponse resp = EcrService.call(what, () -> ecr().createRepository(b -> {
            b.repositoryName(r.name())
                    .imageTagMutability(
                            r.tagMutability() == TagMutability.IMMUTABLE
                                    ? ImageTagMutability.IMMUTABLE
                                    : ImageTagMutability.MUTABLE)
                    .imageScanningConfiguration(s -> s.scanOnPush(r.scanOnPush()))
                    .encryptionConfiguration(e -> {
                        e.encryptionType(EncryptionType.fromValue(r.encryption().name()));
                        r.kmsKey().ifPresent(e::kmsKey);
                    });
            r.registryId().ifPresent(b::registryId);
            if (!r.tags().isEmpty()) {
                b.tags(r.tags().entrySet().stream()
                        .map(t -> software.amazon.awssdk.services.ecr.model.Tag.builder()
                                .key(t.getKey())
                                .value(t.getValue())
                                .build())
                        .toList());
            }
        }));
        r.lifecyclePolicy()
                .ifPresent(policy -> EcrService.call(
                        "ecr:PutLifecyclePolicy " + r.name() + " in " + region, () -> ecr().putLifecyclePolicy(b -> {
                            b.repositoryName(r.name()).lifecyclePolicyText(policy);
                            r.registryId().ifPresent(b::registryId);
                        })));
        return toRepository(resp.repository(), region);
    }

    @Override
    public EcrRepository create(Consumer<CreateRepositoryBuilder> request) {
        CreateRepositoryBuilder b = CreateRepository.builder();
        request.accept(b);
        return create(b.build());
    }

    @Override
    public Optional<EcrRepository> describe(String name) {
        return describe(name, null);
    }

    Optional<EcrRepository> describe(String name, String registryId) {
        String what = "ecr:DescribeRepositories " + name + " in " + region
                + (registryId == null ? "" : " (registry " + registryId + ")");
        try {
            DescribeRepositoriesResponse r = ecr().describeRepositories(b -> {
                b.repositoryNames(name);
                if (registryId != null) {
                    b.registryId(registryId);
                }
            });
            return r.repositories().stream().findFirst().map(x -> toRepository(x, region));
        } catch (RepositoryNotFoundException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw new AwsKitException(what + " failed: " + dev.awskit.core.AwsErrors.describe(e), e);
        }
    }

    @Override
    public boolean exists(String name) {
        return describe(name).isPresent();
    }

    @Override
    public Stream<EcrRepository> list() {
        return Pages.stream(ecr().describeRepositoriesPaginator(b -> {}).repositories())
                .map(r -> toRepository(r, region));
    }

    @Override
    public Stream<EcrImage> images(String name) {
        return Pages.stream(ecr().describeImagesPaginator(b -> b.repositoryName(name))
                        .imageDetails())
                .map(d -> toImage(name, d));
    }

    static EcrImage toImage(String repo, ImageDetail d) {
        EcrImageBuilder b = EcrImage.builder().repository(repo).digest(d.imageDigest());
        if (d.hasImageTags()) {
            b.addAllTags(d.imageTags());
        }
        if (d.imageSizeInBytes() != null) {
            b.sizeBytes(d.imageSizeInBytes());
        }
        if (d.imagePushedAt() != null) {
            b.pushedAt(d.imagePushedAt());
        }
        if (d.imageManifestMediaType() != null) {
            b.mediaType(d.imageManifestMediaType());
        }
        return b.build();
    }

    static EcrRepository toRepository(Repository r, String region) {
        String mut = r.imageTagMutabilityAsString();
        Encryption enc = Encryption.AES256;
        String kms = null;
        if (r.encryptionConfiguration() != null && r.encryptionConfiguration().encryptionTypeAsString() != null) {
            String t = r.encryptionConfiguration().encryptionTypeAsString();
            enc = t.equals("KMS") ? Encryption.KMS : t.equals("KMS_DSSE") ? Encryption.KMS_DSSE : Encryption.AES256;
            kms = r.encryptionConfiguration().kmsKey();
        }
        EcrRepositoryBuilder b = EcrRepository.builder()
                .name(r.repositoryName())
                .registryId(r.registryId() != null ? r.registryId() : "")
                .region(region)
                .arn(r.repositoryArn() != null ? r.repositoryArn() : "")
                .uri(r.repositoryUri() != null ? r.repositoryUri() : "")
                .tagMutability(
                        mut != null && mut.startsWith("IMMUTABLE") ? TagMutability.IMMUTABLE : TagMutability.MUTABLE)
                .scanOnPush(r.imageScanningConfiguration() != null
                        && Boolean.TRUE.equals(r.imageScanningConfiguration().scanOnPush()))
                .encryption(enc);
        if (kms != null) {
            b.kmsKey(kms);
        }
        if (r.createdAt() != null) {
            b.createdAt(r.createdAt());
        }
        return b.build();
    }
}
