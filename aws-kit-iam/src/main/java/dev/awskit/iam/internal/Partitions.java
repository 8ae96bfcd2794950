package dev.awskit.iam.internal;

import dev.awskit.core.AwsKit;

/** The ARN partition of the kit's region: aws, aws-cn, aws-us-gov (or an isolated one). */
final class Partitions {
    private Partitions() {}

    static String of(AwsKit kit) {
        return kit.configuredRegion().map(r -> of(r.id())).orElse("aws");
    }

    static String of(String region) {
        if (region.startsWith("cn-")) {
            return "aws-cn";
        }
        if (region.startsWith("us-gov-")) {
            return "aws-us-gov";
        }
        if (region.startsWith("us-isob-")) {
            return "aws-iso-b";
        }
        if (region.startsWith("us-iso-")) {
            return "aws-iso";
        }
        return "aws";
    }
}
