package dev.awskit.ecr;

/**
 * The first step of {@link Ecr#copy(String)}: where to. Each returns the {@link CopyTargetStep},
 * where the other target parts and the options follow.
 *
 * <pre>{@code
 * ecr.copy("123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1.2").toRegion("us-west-2").run();
 * ecr.copy("123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1.2")
 *    .toAccount("210987654321").toRepository("mirror/app").tag("stable").run();
 * }</pre>
 */
public interface CopyStep {
    CopyTargetStep toRegion(String region);

    CopyTargetStep toAccount(String accountId);

    CopyTargetStep toRepository(String repository);

    /** A full ECR target, e.g. {@code 210987654321.dkr.ecr.eu-west-1.amazonaws.com/app:1.2}. */
    CopyTargetStep to(String image);
}
