package dev.awskit.ecr.internal;

import dev.awskit.core.ProgressListener;
import dev.awskit.ecr.CopyReport;
import dev.awskit.ecr.CopyReportBuilder;
import dev.awskit.ecr.CopyStep;
import dev.awskit.ecr.CopyTargetStep;
import dev.awskit.ecr.CreateRepository;
import dev.awskit.ecr.CreateRepositoryBuilder;
import dev.awskit.ecr.EcrRepository;
import dev.awskit.ecr.Encryption;
import dev.awskit.ecr.ImageRef;
import dev.awskit.ecr.TagMutability;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ecr.model.RepositoryAlreadyExistsException;

/** An ECR copy being configured, then run. */
final class EcrCopy implements CopyStep, CopyTargetStep {
    private static final Logger LOG = LoggerFactory.getLogger(EcrCopy.class);

    private final EcrService service;
    private final ImageRef source;
    private final CopyOptionsState options = new CopyOptionsState();
    private String region;
    private String account;
    private String repository;
    private String tag;
    private String kmsKey;
    private final java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();

    EcrCopy(EcrService service, ImageRef source) {
        if (source.host().isPresent() && !source.isEcr()) {
            throw new IllegalArgumentException("source '" + source + "' is not an ECR image"
                    + " (<account>.dkr.ecr.<region>.amazonaws.com/repository:tag); for other registries use"
                    + " Registry.at(url, user, password).copy(...)");
        }
        this.service = service;
        this.source = source;
    }

    private static String once(String name, String current, String value) {
        if (current != null) {
            throw new IllegalStateException(name + " was already set to " + current);
        }
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
        return value.trim();
    }

    @Override
    public CopyTargetStep toRegion(String r) {
        region = once("target region", region, r);
        if (!region.matches("[a-z]{2}(-[a-z]+)+-\\d+")) {
            throw new IllegalArgumentException("region '" + r + "' must look like us-west-2");
        }
        return this;
    }

    @Override
    public CopyTargetStep toAccount(String accountId) {
        account = once("target account", account, accountId);
        if (!account.matches("\\d{12}")) {
            throw new IllegalArgumentException("account id '" + accountId + "' must be 12 digits");
        }
        return this;
    }

    @Override
    public CopyTargetStep toRepository(String repo) {
        repository = once("target repository", repository, repo);
        ImageRef.parse(repository + ":x"); // validates the name
        return this;
    }

    @Override
    public CopyTargetStep tag(String t) {
        tag = once("target tag", tag, t);
        ImageRef.parse("x:" + tag); // validates the tag
        return this;
    }

    @Override
    public CopyTargetStep to(String image) {
        ImageRef t = ImageRef.parse(image);
        if (!t.isEcr()) {
            throw new IllegalArgumentException("target '" + image + "' is not an ECR image"
                    + " (<account>.dkr.ecr.<region>.amazonaws.com/repository:tag)");
        }
        if (t.digest().isPresent()) {
            throw new IllegalArgumentException(
                    "target '" + image + "' has a digest; a target takes a tag (the" + " digest is the source's)");
        }
        toAccount(t.accountId().orElseThrow());
        toRegion(t.region().orElseThrow());
        toRepository(t.repository());
        return tag(t.tag().orElseThrow());
    }

    @Override
    public CopyTargetStep kmsKey(String key) {
        kmsKey = once("kmsKey", kmsKey, key);
        return this;
    }

    @Override
    public CopyTargetStep platforms(String... platforms) {
        options.platforms(platforms);
        return this;
    }

    @Override
    public CopyTargetStep allPlatforms() {
        options.allPlatforms();
        return this;
    }

    @Override
    public CopyTargetStep parallelism(int blobsAtOnce) {
        options.parallelism(blobsAtOnce);
        return this;
    }

    @Override
    public CopyTargetStep progress(ProgressListener listener) {
        options.progress(listener);
        return this;
    }

    @Override
    public CopyReport run() {
        runs.incrementAndGet();
        String srcRegion = source.region().orElseGet(service::kitRegion);
        String srcAccount = source.accountId()
                .orElseGet(() -> service.authorization(srcRegion, null).registryId());
        String dstRegion = region != null ? region : srcRegion;
        String dstAccount = account != null ? account : srcAccount;
        String dstRepo = repository != null ? repository : source.repository();
        Optional<String> dstTag =
                Optional.ofNullable(tag != null ? tag : source.tag().orElse(null));
        String srcDisplay = ImageRef.ecrHost(srcAccount, srcRegion) + "/" + source.path();
        String dstDisplay = ImageRef.ecrHost(dstAccount, dstRegion) + "/" + dstRepo
                + dstTag.map(t -> ":" + t).orElse("");
        if (srcRegion.equals(dstRegion)
                && srcAccount.equals(dstAccount)
                && source.repository().equals(dstRepo)
                && dstTag.equals(source.tag())) {
            throw new IllegalArgumentException("copy of " + srcDisplay + " to itself: give another region, account,"
                    + " repository or tag (toRegion/toAccount/toRepository/tag)");
        }

        // the source first: a missing tag or image must not leave a new target repository behind
        ImageCopier copier = new ImageCopier(service.kit().retryPolicy());
        RegistryClient from = service.registryClient(srcAccount, srcRegion);
        ImageCopier.Side s =
                new ImageCopier.Side(from, source.repository(), Optional.of(source.reference()), srcDisplay);
        ImageCopier.Resolved resolved =
                copier.resolve(s, options.toOptions(false).platforms());

        List<String> notes = new ArrayList<>();
        DefaultEcrRepositories dstRepos = new DefaultEcrRepositories(service, dstRegion);
        Optional<EcrRepository> existing = dstRepos.describe(dstRepo, dstAccount);
        boolean created = false;
        EcrRepository target;
        if (existing.isPresent()) {
            target = existing.get();
        } else {
            target = createLike(dstRepos, dstRepo, dstAccount, srcRegion, srcAccount, dstRegion, notes);
            created = true;
        }

        RegistryClient to = service.registryClient(dstAccount, dstRegion);
        ImageCopier.Side d = new ImageCopier.Side(to, dstRepo, dstTag, dstDisplay);
        CopyReportBuilder report =
                copier.copy(resolved, d, options.toOptions(target.tagMutability() == TagMutability.IMMUTABLE));
        CopyReport r = report.source(srcDisplay)
                .target(dstDisplay)
                .repositoryCreated(created)
                .addAllNotes(notes)
                .build();
        LOG.info("{}", r.summary());
        return r;
    }

    private EcrRepository createLike(
            DefaultEcrRepositories dstRepos,
            String dstRepo,
            String dstAccount,
            String srcRegion,
            String srcAccount,
            String dstRegion,
            List<String> notes) {
        Optional<EcrRepository> src =
                new DefaultEcrRepositories(service, srcRegion).describe(source.repository(), srcAccount);
        CreateRepositoryBuilder b = CreateRepository.builder().name(dstRepo).registryId(dstAccount);
        if (src.isEmpty()) {
            throw new dev.awskit.ecr.ImageCopyException("Source repository " + source.repository() + " does not exist"
                    + " in registry " + srcAccount + " in " + srcRegion);
        }
        EcrRepository sr = src.get();
        b.tagMutability(sr.tagMutability()).scanOnPush(sr.scanOnPush());
        if (sr.encryption() != Encryption.AES256) {
            if (kmsKey != null) {
                b.encryption(sr.encryption()).kmsKey(kmsKey);
                notes.add("created " + dstRepo + " in " + dstRegion + " with " + sr.encryption() + " key " + kmsKey);
            } else if (srcRegion.equals(dstRegion) && sr.kmsKey().isPresent()) {
                b.encryption(sr.encryption()).kmsKey(sr.kmsKey().get());
                notes.add("created " + dstRepo + " with the source's KMS key "
                        + sr.kmsKey().get());
            } else {
                b.encryption(Encryption.AES256);
                notes.add("source repository uses " + sr.encryption()
                        + sr.kmsKey().map(k -> " key " + k).orElse("")
                        + " in " + srcRegion + "; KMS keys are per region and no kmsKey(...) was given, so "
                        + dstRepo + " in " + dstRegion + " was created with AES256 encryption");
            }
        } else if (kmsKey != null) {
            b.encryption(Encryption.KMS).kmsKey(kmsKey);
        }
        CreateRepository request = b.build();
        notes.add("created repository " + dstRepo + " in " + dstRegion + " (tag mutability " + request.tagMutability()
                + ", scan on push " + request.scanOnPush() + ", encryption " + request.encryption() + ")");
        try {
            return dstRepos.create(request);
        } catch (dev.awskit.core.AwsKitException e) {
            if (e.getCause() instanceof RepositoryAlreadyExistsException) {
                // created meanwhile by someone else: use it as it is
                return dstRepos.describe(dstRepo, dstAccount).orElseThrow(() -> e);
            }
            throw e;
        }
    }

    /**
     * What the copy would do: {@code EcrCopy{123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1.2 ->
     * region us-west-2, all platforms, not run: call run()}}.
     */
    @Override
    public String toString() {
        StringBuilder target = new StringBuilder();
        if (account != null) {
            target.append(", account ").append(account);
        }
        if (region != null) {
            target.append(", region ").append(region);
        }
        if (repository != null) {
            target.append(", repository ").append(repository);
        }
        if (tag != null) {
            target.append(", tag ").append(tag);
        }
        String to = target.length() == 0
                ? "(no target yet: toRegion, toAccount, toRepository, tag or to)"
                : target.substring(2);
        return dev.awskit.core.internal.Texts.operation(
                "EcrCopy",
                source + " -> " + to + (kmsKey != null ? ", kms key " + kmsKey : "") + options.describe(),
                runs.get());
    }
}
