package dev.awskit.ecr;

import dev.awskit.core.AwsKit;
import dev.awskit.testing.Service;
import dev.awskit.testing.Target;
import dev.awskit.testing.Targets;
import dev.awskit.testing.TestResources;
import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;

/**
 * The ECR side of an IT: ECR's API on the server {@code @UsesServer(Service.ECR)} found (moto
 * locally, or {@code AWSKIT_IT_ENDPOINT}), and the registries behind it. moto serves ECR's API
 * only: its GetAuthorizationToken names {@code https://<account>.dkr.ecr.<region>.amazonaws.com},
 * which does not exist, and a token no registry accepts. Locally the two registries of {@code
 * scripts/emulators} stand in for us-east-1 (registry 1) and us-west-2 (registry 2) through
 * {@link Ecr.Builder#registryEndpoint}, with their own login. Against {@code AWSKIT_IT_ENDPOINT}
 * (real ECR) the real registries and the ECR token are used.
 */
final class EcrFixture {
    static final String SOURCE_REGION = "us-east-1";
    static final String TARGET_REGION = "us-west-2";

    final Target target;
    final AwsKit kit;
    final String account;
    final boolean local;
    final URI registry1;
    final URI registry2;
    final String registryUser;
    final String registryPassword;

    private EcrFixture(
            Target target, AwsKit kit, String account, boolean local, URI r1, URI r2, String user, String pw) {
        this.target = target;
        this.kit = kit;
        this.account = account;
        this.local = local;
        this.registry1 = r1;
        this.registry2 = r2;
        this.registryUser = user;
        this.registryPassword = pw;
    }

    static EcrFixture start(Target target, AwsKit kit) {
        String account = kit.identity().accountId();
        if (target.kind() != Target.Kind.LOCAL_EMULATOR) {
            return new EcrFixture(target, kit, account, false, null, null, null, null);
        }
        Optional<Target> registry = Targets.find(Service.REGISTRY).target();
        Optional<URI> second = Targets.registry(2);
        if (registry.isEmpty() || second.isEmpty()) {
            String why = "ECR copies on moto need the two local registries (registry.1/2 in the endpoints file): "
                    + Targets.find(Service.REGISTRY).reason();
            if (Targets.inCi()) {
                throw new IllegalStateException(why);
            }
            System.err.println("[aws-kit-ecr] SKIPPED " + why);
            Assumptions.abort(why);
        }
        Target r = registry.get();
        return new EcrFixture(target, kit, account, true, r.endpoint(), second.get(), r.accessKey(), r.secretKey());
    }

    /** The local registry standing in for {@code region}'s ECR registry, with its own login. */
    RegistryEndpoint localRegistry(String accountId, String region) {
        if (region.equals(SOURCE_REGION)) {
            return RegistryEndpoint.of(registry1, registryUser, registryPassword);
        }
        if (region.equals(TARGET_REGION)) {
            return RegistryEndpoint.of(registry2, registryUser, registryPassword);
        }
        return null;
    }

    /** The facade under test: locally with the registries mapped, else plain. */
    Ecr ecr() {
        return local ? Ecr.builder(kit).registryEndpoint(this::localRegistry).build() : Ecr.of(kit);
    }

    /**
     * The facade on {@code kit} with the source region's registry reached at {@code source} and every
     * other region's at {@code target}, with the local registries' login (proxies in front of them).
     */
    Ecr ecrWithRegistries(AwsKit kit, URI source, URI target) {
        return Ecr.builder(kit)
                .registryEndpoint((account, region) -> RegistryEndpoint.of(
                        region.equals(SOURCE_REGION) ? source : target, registryUser, registryPassword))
                .build();
    }

    /** A registry-level handle on the registry of a region (to push test images and look at results). */
    Registry registry(String region) {
        if (local) {
            RegistryEndpoint e = localRegistry(account, region);
            return Registry.at(e.url().toString(), registryUser, registryPassword);
        }
        EcrAuthorization a = Ecr.of(kit).authorization(region);
        return Registry.at(a.proxyEndpoint().toString(), a.user(), a.password());
    }

    String image(String region, String repoAndTag) {
        return ImageRef.ecrHost(account, region) + "/" + repoAndTag;
    }

    /** Deletes the repository (with its images) after the test, if it exists then. */
    void deleteLater(TestResources res, String region, String name) {
        res.afterwards(() -> {
            try {
                kit.client(EcrClient.class, region)
                        .deleteRepository(b -> b.repositoryName(name).force(true));
            } catch (RepositoryNotFoundException e) {
                // never created, or the test deleted it
            }
        });
    }

    /** An ECR repository name for the test: lower case, unique on the shared server. */
    static String name(TestResources res) {
        return res.name().replace("awskit-", "awskit/");
    }
}
