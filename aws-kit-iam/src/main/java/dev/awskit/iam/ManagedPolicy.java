package dev.awskit.iam;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A managed policy to attach: an AWS managed one by name (its ARN follows the kit's partition:
 * {@code aws}, {@code aws-cn} or {@code aws-us-gov}) or any policy by ARN.
 *
 * <pre>{@code
 * ManagedPolicy.ECS_TASK_EXECUTION.arn("aws")   // arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy
 * ManagedPolicy.aws("AmazonS3ReadOnlyAccess")
 * ManagedPolicy.of("arn:aws:iam::123456789012:policy/my-app")
 * }</pre>
 */
public final class ManagedPolicy {
    // before the constants below, which use them
    private static final Pattern PATH_NAME = Pattern.compile("([\\w+=,.@-]+/)*[\\w+=,.@-]{1,128}");
    private static final Pattern ARN =
            Pattern.compile("arn:(aws|aws-cn|aws-us-gov|aws-iso[a-z-]*):iam::(aws|\\d{12}):policy/\\S+");

    /** What ECS needs to pull images from ECR and write awslogs: {@code service-role/AmazonECSTaskExecutionRolePolicy}. */
    public static final ManagedPolicy ECS_TASK_EXECUTION = aws("service-role/AmazonECSTaskExecutionRolePolicy");

    /** For EC2 container instances ({@code ecsInstanceRole}): {@code service-role/AmazonEC2ContainerServiceforEC2Role}. */
    public static final ManagedPolicy EC2_CONTAINER_SERVICE_FOR_EC2_ROLE =
            aws("service-role/AmazonEC2ContainerServiceforEC2Role");

    /** For the ECS service role ({@code ecsServiceRole}): {@code service-role/AmazonEC2ContainerServiceRole}. */
    public static final ManagedPolicy EC2_CONTAINER_SERVICE_ROLE = aws("service-role/AmazonEC2ContainerServiceRole");

    /** CloudWatch Logs for a Lambda function: {@code service-role/AWSLambdaBasicExecutionRole}. */
    public static final ManagedPolicy LAMBDA_BASIC_EXECUTION = aws("service-role/AWSLambdaBasicExecutionRole");

    /** {@code ReadOnlyAccess}. */
    public static final ManagedPolicy READ_ONLY_ACCESS = aws("ReadOnlyAccess");

    /** {@code AdministratorAccess}. */
    public static final ManagedPolicy ADMINISTRATOR_ACCESS = aws("AdministratorAccess");

    /** {@code AmazonS3ReadOnlyAccess} (seed 003 adds it to {@code ecsInstanceRole}). */
    public static final ManagedPolicy S3_READ_ONLY = aws("AmazonS3ReadOnlyAccess");

    /** {@code AmazonEC2ContainerRegistryReadOnly}: pull from ECR. */
    public static final ManagedPolicy ECR_READ_ONLY = aws("AmazonEC2ContainerRegistryReadOnly");

    /** {@code AmazonSSMManagedInstanceCore}: Session Manager on an instance. */
    public static final ManagedPolicy SSM_MANAGED_INSTANCE_CORE = aws("AmazonSSMManagedInstanceCore");

    private final String awsPathAndName; // for AWS managed policies
    private final String arn; // for any other

    private ManagedPolicy(String awsPathAndName, String arn) {
        this.awsPathAndName = awsPathAndName;
        this.arn = arn;
    }

    /** An AWS managed policy by path and name: {@code aws("service-role/AmazonECSTaskExecutionRolePolicy")}. */
    public static ManagedPolicy aws(String pathAndName) {
        if (pathAndName == null || !PATH_NAME.matcher(pathAndName).matches()) {
            throw new IllegalArgumentException("'" + pathAndName + "' is not an AWS managed policy name; expected"
                    + " e.g. ReadOnlyAccess or service-role/AmazonECSTaskExecutionRolePolicy");
        }
        return new ManagedPolicy(pathAndName, null);
    }

    /** Any managed policy by ARN: {@code arn:aws:iam::123456789012:policy/my-app}. */
    public static ManagedPolicy of(String policyArn) {
        if (policyArn == null || !ARN.matcher(policyArn).matches()) {
            throw new IllegalArgumentException(
                    "'" + policyArn + "' is not a policy ARN; expected e.g. arn:aws:iam::123456789012:policy/my-app");
        }
        String awsPrefix = policyArn.substring(0, policyArn.indexOf(":iam::")) + ":iam::aws:policy/";
        return policyArn.startsWith(awsPrefix)
                ? new ManagedPolicy(policyArn.substring(awsPrefix.length()), null)
                : new ManagedPolicy(null, policyArn);
    }

    /** The policy's name (the last part of its path). */
    public String name() {
        String s = awsPathAndName != null ? awsPathAndName : arn.substring(arn.indexOf(":policy/") + 8);
        return s.substring(s.lastIndexOf('/') + 1);
    }

    /** Whether AWS manages this policy (its ARN's account is {@code aws}). */
    public boolean awsManaged() {
        return awsPathAndName != null;
    }

    /** The ARN in {@code partition} ({@code aws}, {@code aws-cn}, {@code aws-us-gov}); a policy given by ARN keeps its own. */
    public String arn(String partition) {
        Objects.requireNonNull(partition, "partition");
        return awsPathAndName != null ? "arn:" + partition + ":iam::aws:policy/" + awsPathAndName : arn;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ManagedPolicy m
                && Objects.equals(awsPathAndName, m.awsPathAndName)
                && Objects.equals(arn, m.arn);
    }

    @Override
    public int hashCode() {
        return Objects.hash(awsPathAndName, arn);
    }

    @Override
    public String toString() {
        return awsPathAndName != null ? "ManagedPolicy{aws " + awsPathAndName + "}" : "ManagedPolicy{" + arn + "}";
    }
}
