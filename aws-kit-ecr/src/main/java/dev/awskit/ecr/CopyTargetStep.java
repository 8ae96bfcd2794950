package dev.awskit.ecr;

import dev.awskit.core.ProgressListener;

/**
 * The target of an ECR copy, refined further (region, account, repository, tag, KMS key), then the
 * copy options and {@link #run()}.
 */
public interface CopyTargetStep extends CopyOptionsStep {
    /** The target region; default the source's. */
    CopyTargetStep toRegion(String region);

    /** The target account (its registry); default the source's. */
    CopyTargetStep toAccount(String accountId);

    /** The target repository; default the source's name. */
    CopyTargetStep toRepository(String repository);

    /** The target tag; default the source's tag (none when the source is given by digest only). */
    CopyTargetStep tag(String tag);

    /**
     * The KMS key (in the target region) for a target repository created from a KMS-encrypted
     * source. Without it such a repository is created with AES256, and the report says so.
     */
    CopyTargetStep kmsKey(String kmsKey);

    @Override
    CopyTargetStep platforms(String... platforms);

    @Override
    CopyTargetStep allPlatforms();

    @Override
    CopyTargetStep parallelism(int blobsAtOnce);

    @Override
    CopyTargetStep progress(ProgressListener listener);
}
