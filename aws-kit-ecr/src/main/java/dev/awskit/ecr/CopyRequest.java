package dev.awskit.ecr;

import dev.awskit.core.ProgressListener;
import dev.awskit.core.internal.Setting;
import dev.awskit.ecr.internal.CopyOptionsState;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One ECR image copy as an immutable value: {@link Ecr#copy(CopyRequest)} runs it, {@link
 * Ecr#copy(java.util.function.Consumer)} builds and runs it in one call. The fluent {@code
 * ecr.copy(image).toRegion(..)...run()} builds the same value, so both paths copy alike.
 *
 * <pre>{@code
 * CopyReport r = ecr.copy(c -> c.source("123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1.2")
 *     .toRegion("us-west-2").allPlatforms());
 * }</pre>
 *
 * Target parts not given are the source's: a copy needs at least one that differs.
 */
public final class CopyRequest {
    private final ImageRef source;
    private final String region;
    private final String account;
    private final String repository;
    private final String tag;
    private final String kmsKey;
    private final Set<String> platforms;
    private final int parallelism;
    private final ProgressListener progress;

    private CopyRequest(Builder b) {
        this.source = b.source.get();
        this.region = b.region.get();
        this.account = b.account.get();
        this.repository = b.repository.get();
        this.tag = b.tag.get();
        this.kmsKey = b.kmsKey.get();
        this.platforms = b.options.platforms();
        this.parallelism = b.options.parallelism();
        this.progress = b.options.progress();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The image to copy. */
    public ImageRef source() {
        return source;
    }

    /** The target region; empty means the source's. */
    public Optional<String> targetRegion() {
        return Optional.ofNullable(region);
    }

    /** The target account; empty means the source's. */
    public Optional<String> targetAccount() {
        return Optional.ofNullable(account);
    }

    /** The target repository; empty means the source's name. */
    public Optional<String> targetRepository() {
        return Optional.ofNullable(repository);
    }

    /** The target tag; empty means the source's tag. */
    public Optional<String> tag() {
        return Optional.ofNullable(tag);
    }

    /** The KMS key for a target repository created from a KMS-encrypted source. */
    public Optional<String> kmsKey() {
        return Optional.ofNullable(kmsKey);
    }

    /** The platforms to copy; empty means every platform. */
    public Set<String> platforms() {
        return platforms;
    }

    public int parallelism() {
        return parallelism;
    }

    public ProgressListener progress() {
        return progress;
    }

    @Override
    public String toString() {
        return "CopyRequest{" + source + " -> "
                + (region != null ? "region " + region + " " : "")
                + (account != null ? "account " + account + " " : "")
                + (repository != null ? "repository " + repository + " " : "")
                + (tag != null ? "tag " + tag + " " : "")
                + (platforms.isEmpty() ? "all platforms" : "platforms " + platforms)
                + ", parallelism " + parallelism + "}";
    }

    /**
     * Builds a {@link CopyRequest}. Each setting may be set once (a second write is an {@link
     * IllegalStateException} naming both values); {@link #build()} checks them against each other.
     */
    public static final class Builder {
        private final Setting<ImageRef> source = Setting.of("source");
        private final Setting<String> region = Setting.of("target region");
        private final Setting<String> account = Setting.of("target account");
        private final Setting<String> repository = Setting.of("target repository");
        private final Setting<String> tag = Setting.of("target tag");
        private final Setting<String> kmsKey = Setting.of("kmsKey");
        private final CopyOptionsState options = new CopyOptionsState();

        private Builder() {}

        /**
         * The ECR image to copy: {@code <account>.dkr.ecr.<region>.amazonaws.com/repo:tag} or {@code
         * ...@sha256:...}; {@code repo:tag} alone means the caller's registry in the kit's region.
         *
         * @throws IllegalArgumentException for a malformed reference or a non-ECR host
         */
        public Builder source(String image) {
            return source(ImageRef.parse(image));
        }

        public Builder source(ImageRef image) {
            Objects.requireNonNull(image, "image");
            if (image.host().isPresent() && !image.isEcr()) {
                throw new IllegalArgumentException("source '" + image + "' is not an ECR image"
                        + " (<account>.dkr.ecr.<region>.amazonaws.com/repository:tag); for other registries use"
                        + " Registry.at(url, user, password).copy(...)");
            }
            source.set(image);
            return this;
        }

        /** The target region; default the source's. */
        public Builder toRegion(String r) {
            String v = text("target region", r);
            if (!v.matches("[a-z]{2}(-[a-z]+)+-\\d+")) {
                throw new IllegalArgumentException("region '" + r + "' must look like us-west-2");
            }
            region.set(v);
            return this;
        }

        /** The target account (its registry); default the source's. */
        public Builder toAccount(String accountId) {
            String v = text("target account", accountId);
            if (!v.matches("\\d{12}")) {
                throw new IllegalArgumentException("account id '" + accountId + "' must be 12 digits");
            }
            account.set(v);
            return this;
        }

        /** The target repository; default the source's name. */
        public Builder toRepository(String repo) {
            String v = text("target repository", repo);
            ImageRef.parse(v + ":x"); // validates the name
            repository.set(v);
            return this;
        }

        /** The target tag; default the source's tag (none when the source is given by digest only). */
        public Builder tag(String t) {
            String v = text("target tag", t);
            ImageRef.parse("x:" + v); // validates the tag
            tag.set(v);
            return this;
        }

        /** A full ECR target, e.g. {@code 210987654321.dkr.ecr.eu-west-1.amazonaws.com/app:1.2}. */
        public Builder to(String image) {
            ImageRef t = ImageRef.parse(image);
            if (!t.isEcr()) {
                throw new IllegalArgumentException("target '" + image + "' is not an ECR image"
                        + " (<account>.dkr.ecr.<region>.amazonaws.com/repository:tag)");
            }
            if (t.digest().isPresent()) {
                throw new IllegalArgumentException(
                        "target '" + image + "' has a digest; a target takes a tag (the digest is the source's)");
            }
            toAccount(t.accountId().orElseThrow());
            toRegion(t.region().orElseThrow());
            toRepository(t.repository());
            return tag(t.tag().orElseThrow());
        }

        /** See {@link CopyTargetStep#kmsKey(String)}. */
        public Builder kmsKey(String key) {
            kmsKey.set(text("kmsKey", key));
            return this;
        }

        /** See {@link CopyOptionsStep#platforms(String...)}. */
        public Builder platforms(String... platforms) {
            options.platforms(platforms);
            return this;
        }

        /** Every platform of an index, as is (the default). */
        public Builder allPlatforms() {
            options.allPlatforms();
            return this;
        }

        /** Blobs copied at once, 1..64; default 6. */
        public Builder parallelism(int blobsAtOnce) {
            options.parallelism(blobsAtOnce);
            return this;
        }

        public Builder progress(ProgressListener listener) {
            options.progress(listener);
            return this;
        }

        /**
         * What the copy would do, for printing: {@code 123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1.2
         * -> region us-west-2, tag 1.2-arm, platforms [linux/arm64]}.
         */
        @Override
        public String toString() {
            StringBuilder target = new StringBuilder();
            if (account.isSet()) {
                target.append(", account ").append(account.get());
            }
            if (region.isSet()) {
                target.append(", region ").append(region.get());
            }
            if (repository.isSet()) {
                target.append(", repository ").append(repository.get());
            }
            if (tag.isSet()) {
                target.append(", tag ").append(tag.get());
            }
            String to = target.length() == 0
                    ? "(no target yet: toRegion, toAccount, toRepository, tag or to)"
                    : target.substring(2);
            return (source.isSet() ? source.get().toString() : "(no source yet)") + " -> " + to
                    + (kmsKey.isSet() ? ", kms key " + kmsKey.get() : "") + options.describe();
        }

        /**
         * The request.
         *
         * @throws IllegalStateException without a source, or when every target part that is given
         *     equals the source's and none other is given (the copy would be the image itself)
         */
        public CopyRequest build() {
            if (!source.isSet()) {
                throw new IllegalStateException("a copy needs a source: .source(\"<account>.dkr.ecr.<region>"
                        + ".amazonaws.com/repository:tag\")");
            }
            ImageRef s = source.get();
            boolean differs = differs(region, s.region())
                    || differs(account, s.accountId())
                    || differs(repository, Optional.of(s.repository()))
                    || differs(tag, s.tag());
            if (!differs) {
                throw new IllegalStateException("copy of " + s + " to itself: give another region, account,"
                        + " repository or tag (toRegion/toAccount/toRepository/tag)");
            }
            return new CopyRequest(this);
        }

        /**
         * Whether the target part surely differs from the source's: given, and either different
         * from the source's or the source's is unknown until run time (the kit's region, the
         * caller's account) — {@code run()} checks those.
         */
        private static boolean differs(Setting<String> target, Optional<String> sourcePart) {
            return target.isSet() && !sourcePart.equals(Optional.of(target.get()));
        }

        private static String text(String name, String value) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(name + " must not be empty");
            }
            return value.trim();
        }
    }
}
