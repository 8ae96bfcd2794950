package dev.awskit.ecr.internal;

import dev.awskit.core.ProgressListener;
import dev.awskit.ecr.CopyReport;
import dev.awskit.ecr.CopyReportBuilder;
import dev.awskit.ecr.CopyRequest;
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

/**
 * An ECR copy being configured, then run. The fluent steps fill a {@link CopyRequest.Builder};
 * {@link #run()} builds the request and runs it as {@code Ecr.copy(CopyRequest)} does.
 */
final class EcrCopy implements CopyStep, CopyTargetStep {
    private static final Logger LOG = LoggerFactory.getLogger(EcrCopy.class);

    private final EcrService service;
    private final CopyRequest.Builder request;
    private final java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();

    EcrCopy(EcrService service, ImageRef source) {
        this.service = service;
        this.request = CopyRequest.builder().source(source);
    }

    @Override
    public CopyTargetStep toRegion(String r) {
        request.toRegion(r);
        return this;
    }

    @Override
    public CopyTargetStep toAccount(String accountId) {
        request.toAccount(accountId);
        return this;
    }

    @Override
    public CopyTargetStep toRepository(String repo) {
        request.toRepository(repo);
        return this;
    }

    @Override
    public CopyTargetStep tag(String t) {
        request.tag(t);
        return this;
    }

    @Override
    public CopyTargetStep to(String image) {
        request.to(image);
        return this;
    }

    @Override
    public CopyTargetStep kmsKey(String key) {
        request.kmsKey(key);
        return this;
    }

    @Override
    public CopyTargetStep platforms(String... platforms) {
        request.platforms(platforms);
        return this;
    }

    @Override
    public CopyTargetStep allPlatforms() {
        request.allPlatforms();
        return this;
    }

    @Override
    public CopyTargetStep parallelism(int blobsAtOnce) {
        request.parallelism(blobsAtOnce);
        return this;
    }

    @Override
    public CopyTargetStep progress(ProgressListener listener) {
        request.progress(listener);
        return this;
    }

    @Override
    public CopyReport run() {
        CopyRequest built = request.build();
        runs.incrementAndGet();
        return run(service, built);
    }

    /** Runs {@code request}: the one code path of the fluent and the request-value copy. */
    static CopyReport run(EcrService service, CopyRequest request) {
        ImageRef source = request.source();
        String srcRegion = source.region().orElseGet(service::kitRegion);
        String srcAccount = source.accountId()
                .orElseGet(() -> service.authorization(srcRegion, null).registryId());
        String dstRegion = request.targetRegion().orElse(srcRegion);
        String dstAccount = request.targetAccount().orElse(srcAccount);
        String dstRepo = request.targetRepository().orElse(source.repository());
        Optional<String> dstTag = request.tag().or(source::tag);
        String srcDisplay = ImageRef.ecrHost(srcAccount, srcRegion) + "/" + source.path();
        String dstDisplay = ImageRef.ecrHost(dstAccount, dstRegion) + "/" + dstRepo
                + dstTag.map(t -> ":" + t).orElse("");
        if (srcRegion.equals(dstRegion)
                && srcAccount.equals(dstAccount)
                && source.repository().equals(dstRepo)
                && dstTag.equals(source.tag())) {
            throw new IllegalStateException("copy of " + srcDisplay + " to itself: give another region, account,"
                    + " repository or tag (toRegion/toAccount/toRepository/tag)");
        }

        // the source first: a missing tag or image must not leave a new target repository behind
        ImageCopier copier = new ImageCopier(service.kit().retryPolicy());
        RegistryClient from = service.registryClient(srcAccount, srcRegion);
        ImageCopier.Side s =
                new ImageCopier.Side(from, source.repository(), Optional.of(source.reference()), srcDisplay);
        if (!srcRegion.equals(dstRegion) || !srcAccount.equals(dstAccount)) {
            // another registry: blobs may stream (within one they are mounted or already there)
            DigestingInputStream.startWarmUp();
        }
        // The target's lookups run beside the source's resolution: its repository (DescribeRepositories),
        // its login and what its tag points at. All are reads of another region's servers; creating
        // the repository still waits for the source, so a missing source leaves nothing behind.
        DefaultEcrRepositories dstRepos = new DefaultEcrRepositories(service, dstRegion);
        Beside<Optional<EcrRepository>> existingLookup = Beside.start(
                "target-repository",
                "DescribeRepositories " + dstRepo + " in " + dstRegion,
                () -> dstRepos.describe(dstRepo, dstAccount));
        Beside<TargetState> targetLookup = Beside.start("target-tag", "HEAD manifest " + dstDisplay, () -> {
            ImageCopier.Side d =
                    new ImageCopier.Side(service.registryClient(dstAccount, dstRegion), dstRepo, dstTag, dstDisplay);
            return new TargetState(d, copier.currentTag(d));
        });
        List<String> notes = new ArrayList<>();
        boolean created = false;
        EcrRepository target;
        ImageCopier.Resolved resolved;
        TargetState to;
        try {
            resolved = copier.resolve(s, request.platforms());
            Optional<EcrRepository> existing = existingLookup.join();
            if (existing.isPresent()) {
                target = existing.get();
            } else {
                target = createLike(
                        service,
                        source,
                        request.kmsKey().orElse(null),
                        dstRepos,
                        dstRepo,
                        dstAccount,
                        srcRegion,
                        srcAccount,
                        dstRegion,
                        notes);
                created = true;
            }
            to = targetLookup.join();
        } catch (RuntimeException | Error e) {
            existingLookup.cancel();
            targetLookup.cancel();
            throw e;
        }

        CopyReportBuilder report = copier.copy(
                resolved,
                to.side(),
                new ImageCopier.Options(
                        request.platforms(),
                        request.parallelism(),
                        request.progress(),
                        target.tagMutability() == TagMutability.IMMUTABLE,
                        created),
                // read before a repository was created here: a new repository has no tags
                to.tagDigest());
        CopyReport r = report.source(srcDisplay)
                .target(dstDisplay)
                .repositoryCreated(created)
                .addAllNotes(notes)
                .build();
        LOG.info("{}", r.summary());
        return r;
    }

    /** The target side and the digest its tag pointed at when looked up. */
    private record TargetState(ImageCopier.Side side, Optional<String> tagDigest) {}

    private static EcrRepository createLike(
            EcrService service,
            ImageRef source,
            String kmsKey,
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
        return dev.awskit.core.internal.Texts.operation("EcrCopy", request.toString(), runs.get());
    }
}
