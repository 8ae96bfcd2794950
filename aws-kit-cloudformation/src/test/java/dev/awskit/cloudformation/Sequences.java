package dev.awskit.cloudformation;

/**
 * Real-looking event sequences of the failures people meet, written oldest first. Reasons follow the
 * texts CloudFormation writes (resource-handler messages with RequestToken and HandlerErrorCode, "Resource
 * creation cancelled", "The following resource(s) failed to create: [...]. Rollback requested by user.",
 * "Embedded stack ... was not successfully created: ...").
 */
public final class Sequences {
    public static final String SG = "AWS::EC2::SecurityGroup";
    public static final String ROLE = "AWS::IAM::Role";
    public static final String NODEGROUP = "AWS::EKS::Nodegroup";
    public static final String LAUNCH_TEMPLATE = "AWS::EC2::LaunchTemplate";
    public static final String NESTED = "AWS::CloudFormation::Stack";

    public static final String NODEGROUP_REASON =
            "Resource handler returned message: \"[Issue(Code=Ec2SubnetInvalidConfiguration,"
                    + " Message=One or more Amazon EC2 Subnets of [subnet-0bb1c79de3EXAMPLE] for node group ng-general does not"
                    + " automatically assign public IP addresses to instances launched into it., ResourceIds=[subnet-0bb1c79de3EXAMPLE])]\""
                    + " (RequestToken: 6e1b7d0c-1c0a-4a53-a1c4-6d4b8f0e2a91, HandlerErrorCode: InvalidRequest)";

    public static final String SERVICE_REASON = "Resource handler returned message: \"Invalid request provided:"
            + " UpdateService error: The container web does not exist in the task definition. (Service: Ecs, Status"
            + " Code: 400, Request ID: 0f3c2b1a-9d8e-4c7b-a6f5-e4d3c2b1a098)\" (RequestToken:"
            + " 2c9d7e1f-5a4b-4c3d-9e8f-7a6b5c4d3e2f, HandlerErrorCode: InvalidRequest)";

    public static final String SUBNET_REASON = "Resource handler returned message: \"Value (us-east-1f) for parameter"
            + " availabilityZone is invalid. Subnets can currently only be created in the following availability zones:"
            + " us-east-1a, us-east-1b, us-east-1c, us-east-1d, us-east-1e. (Service: Ec2, Status Code: 400, Request ID:"
            + " 7a1c3e5f-2b4d-4f6a-8c0e-1a3c5e7f9b2d)\" (RequestToken: 9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d,"
            + " HandlerErrorCode: InvalidRequest)";

    public static final String BUCKET_REASON = "Resource handler returned message: \"The bucket you tried to delete is"
            + " not empty (Service: S3, Status Code: 409, Request ID: 4GJ6TT2Z9V3WQ0A7)\" (RequestToken:"
            + " 1d2e3f4a-5b6c-4d7e-8f9a-0b1c2d3e4f5a, HandlerErrorCode: GeneralServiceException)";

    private Sequences() {}

    /** Seed 000's EKS node group stack: the node group fails, its launch template is cancelled, all rolls back. */
    public static Timeline createFailureWithRollback() {
        Timeline t = Timeline.of("my-cluster-stack", "5f4a3e20-6b1c-11ef-8a4f-0e5b3c7d9a11", "2026-11-30T09:00:00Z");
        t.stack("CREATE_IN_PROGRESS", "User Initiated").later(3);
        t.resource("ControlPlaneSecurityGroup", "", SG, "CREATE_IN_PROGRESS", null);
        t.resource("NodeInstanceRole", "", ROLE, "CREATE_IN_PROGRESS", null).later(2);
        t.resource(
                "ControlPlaneSecurityGroup",
                "sg-0a1b2c3d4e5f67890",
                SG,
                "CREATE_IN_PROGRESS",
                "Resource creation Initiated");
        t.resource(
                        "NodeInstanceRole",
                        "my-cluster-stack-NodeInstanceRole-1R4OCEXAMPLE",
                        ROLE,
                        "CREATE_IN_PROGRESS",
                        "Resource creation Initiated")
                .later(6);
        t.resource("ControlPlaneSecurityGroup", "sg-0a1b2c3d4e5f67890", SG, "CREATE_COMPLETE", null)
                .later(14);
        t.resource("NodeInstanceRole", "my-cluster-stack-NodeInstanceRole-1R4OCEXAMPLE", ROLE, "CREATE_COMPLETE", null)
                .later(1);
        t.resource("LaunchTemplate", "", LAUNCH_TEMPLATE, "CREATE_IN_PROGRESS", null);
        t.resource("NodeGroup", "", NODEGROUP, "CREATE_IN_PROGRESS", null).later(2);
        // same second: CloudFormation lists the cancellation of the sibling before the failure that caused it
        t.resource("LaunchTemplate", "", LAUNCH_TEMPLATE, "CREATE_FAILED", "Resource creation cancelled");
        t.resource("NodeGroup", "", NODEGROUP, "CREATE_FAILED", NODEGROUP_REASON)
                .later(1);
        t.stack(
                        "ROLLBACK_IN_PROGRESS",
                        "The following resource(s) failed to create: [LaunchTemplate, NodeGroup]. Rollback requested by user.")
                .later(2);
        t.resource(
                "NodeInstanceRole", "my-cluster-stack-NodeInstanceRole-1R4OCEXAMPLE", ROLE, "DELETE_IN_PROGRESS", null);
        t.resource("ControlPlaneSecurityGroup", "sg-0a1b2c3d4e5f67890", SG, "DELETE_IN_PROGRESS", null)
                .later(1);
        t.resource("NodeGroup", "", NODEGROUP, "DELETE_COMPLETE", null);
        t.resource("LaunchTemplate", "", LAUNCH_TEMPLATE, "DELETE_COMPLETE", null)
                .later(2);
        t.resource("ControlPlaneSecurityGroup", "sg-0a1b2c3d4e5f67890", SG, "DELETE_COMPLETE", null)
                .later(1);
        t.resource("NodeInstanceRole", "my-cluster-stack-NodeInstanceRole-1R4OCEXAMPLE", ROLE, "DELETE_COMPLETE", null)
                .later(1);
        t.stack("ROLLBACK_COMPLETE", null);
        return t;
    }

    /**
     * A web service stack with history: created; an update whose queue failed and was rolled back; a good
     * update; then the latest update, whose ECS service fails and is rolled back.
     */
    public static Timeline updateFailureWithHistory() {
        Timeline t = Timeline.of("web-stack", "0c6e2a40-7d3b-11ef-9b2a-12f3c4d5e6f7", "2026-11-01T08:00:00Z");
        String td1 = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:1";
        String td2 = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:2";
        String svc = "arn:aws:ecs:us-east-1:123456789012:service/deepdive/web";
        t.stack("CREATE_IN_PROGRESS", "User Initiated").later(2);
        t.resource("TaskDefinition", "", "AWS::ECS::TaskDefinition", "CREATE_IN_PROGRESS", null)
                .later(1);
        t.resource("TaskDefinition", td1, "AWS::ECS::TaskDefinition", "CREATE_COMPLETE", null)
                .later(1);
        t.resource("Queue", "", "AWS::SQS::Queue", "CREATE_IN_PROGRESS", null).later(1);
        t.resource(
                        "Queue",
                        "https://sqs.us-east-1.amazonaws.com/123456789012/web-jobs",
                        "AWS::SQS::Queue",
                        "CREATE_COMPLETE",
                        null)
                .later(1);
        t.resource("WebService", "", "AWS::ECS::Service", "CREATE_IN_PROGRESS", null)
                .later(60);
        t.resource("WebService", svc, "AWS::ECS::Service", "CREATE_COMPLETE", null)
                .later(1);
        t.stack("CREATE_COMPLETE", null).later(3600);
        t.stack("UPDATE_IN_PROGRESS", "User Initiated").later(2);
        t.resource(
                        "Queue",
                        "https://sqs.us-east-1.amazonaws.com/123456789012/web-jobs",
                        "AWS::SQS::Queue",
                        "UPDATE_FAILED",
                        "Resource handler returned message: \"Invalid value for the parameter"
                                + " VisibilityTimeout.\" (HandlerErrorCode: InvalidRequest)")
                .later(1);
        t.stack("UPDATE_ROLLBACK_IN_PROGRESS", "The following resource(s) failed to update: [Queue].")
                .later(2);
        t.resource(
                        "Queue",
                        "https://sqs.us-east-1.amazonaws.com/123456789012/web-jobs",
                        "AWS::SQS::Queue",
                        "UPDATE_COMPLETE",
                        null)
                .later(1);
        t.stack("UPDATE_ROLLBACK_COMPLETE", null).later(3600);
        t.stack("UPDATE_IN_PROGRESS", "User Initiated").later(2);
        t.resource(
                        "Queue",
                        "https://sqs.us-east-1.amazonaws.com/123456789012/web-jobs",
                        "AWS::SQS::Queue",
                        "UPDATE_COMPLETE",
                        null)
                .later(1);
        t.stack("UPDATE_COMPLETE", null).later(7200);
        // the latest operation
        t.stack("UPDATE_IN_PROGRESS", "User Initiated").later(2);
        t.resource(
                        "TaskDefinition",
                        td1,
                        "AWS::ECS::TaskDefinition",
                        "UPDATE_IN_PROGRESS",
                        "Requested update requires the creation of a new physical resource; hence creating one.")
                .later(1);
        t.resource("TaskDefinition", td2, "AWS::ECS::TaskDefinition", "UPDATE_COMPLETE", null)
                .later(1);
        t.resource("WebService", svc, "AWS::ECS::Service", "UPDATE_IN_PROGRESS", null)
                .later(4);
        t.resource("WebService", svc, "AWS::ECS::Service", "UPDATE_FAILED", SERVICE_REASON)
                .later(1);
        t.stack("UPDATE_ROLLBACK_IN_PROGRESS", "The following resource(s) failed to update: [WebService].")
                .later(2);
        t.resource("TaskDefinition", td1, "AWS::ECS::TaskDefinition", "UPDATE_COMPLETE", null)
                .later(1);
        t.resource("WebService", svc, "AWS::ECS::Service", "UPDATE_COMPLETE", null)
                .later(1);
        t.stack("UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS", null).later(1);
        t.resource("TaskDefinition", td2, "AWS::ECS::TaskDefinition", "DELETE_IN_PROGRESS", null)
                .later(1);
        t.resource("TaskDefinition", td2, "AWS::ECS::TaskDefinition", "DELETE_COMPLETE", null)
                .later(1);
        t.stack("UPDATE_ROLLBACK_COMPLETE", null);
        return t;
    }

    /** The parent of {@link #nestedNetwork(Timeline)}: its Network nested stack fails, Database is cancelled. */
    public static Timeline nestedParent() {
        Timeline t = Timeline.of("platform", "a1b2c3d0-8e9f-11ef-b1c2-0a1b2c3d4e5f", "2026-11-30T10:00:00Z");
        String network = networkId();
        String database = Timeline.stackId("platform-Database-0PQ7R8S9T0U1", "c3d4e5f0-8e9f-11ef-b1c2-0a1b2c3d4e5f");
        t.stack("CREATE_IN_PROGRESS", "User Initiated").later(2);
        t.resource("Network", "", NESTED, "CREATE_IN_PROGRESS", null);
        t.resource("Database", "", NESTED, "CREATE_IN_PROGRESS", null).later(1);
        t.resource("Network", network, NESTED, "CREATE_IN_PROGRESS", "Resource creation Initiated");
        t.resource("Database", database, NESTED, "CREATE_IN_PROGRESS", "Resource creation Initiated")
                .later(40);
        t.resource("Database", database, NESTED, "CREATE_FAILED", "Resource creation cancelled");
        t.resource(
                        "Network",
                        network,
                        NESTED,
                        "CREATE_FAILED",
                        "Embedded stack " + network
                                + " was not successfully created: The following resource(s) failed to create: [PrivateSubnet2]. ")
                .later(1);
        t.stack(
                        "ROLLBACK_IN_PROGRESS",
                        "The following resource(s) failed to create: [Database, Network]. Rollback requested by user.")
                .later(2);
        t.resource("Database", database, NESTED, "DELETE_IN_PROGRESS", null);
        t.resource("Network", network, NESTED, "DELETE_IN_PROGRESS", null).later(30);
        t.resource("Database", database, NESTED, "DELETE_COMPLETE", null);
        t.resource("Network", network, NESTED, "DELETE_COMPLETE", null).later(1);
        t.stack("ROLLBACK_COMPLETE", null);
        return t;
    }

    public static String networkId() {
        return Timeline.stackId("platform-Network-1A2B3C4D5E6F", "b2c3d4e0-8e9f-11ef-b1c2-0a1b2c3d4e5f");
    }

    /**
     * The Network nested stack of {@link #nestedParent()}: PrivateSubnet2 fails, the nested stack rolls back
     * before the parent marks it failed, and is deleted later by the parent's rollback.
     */
    public static Timeline nestedNetwork() {
        Timeline t = Timeline.of(
                "platform-Network-1A2B3C4D5E6F", "b2c3d4e0-8e9f-11ef-b1c2-0a1b2c3d4e5f", "2026-11-30T10:00:03Z");
        t.stack("CREATE_IN_PROGRESS", "User Initiated").later(1);
        t.resource("Vpc", "", "AWS::EC2::VPC", "CREATE_IN_PROGRESS", null).later(12);
        t.resource("Vpc", "vpc-0e1d2c3b4a5968778", "AWS::EC2::VPC", "CREATE_COMPLETE", null)
                .later(1);
        t.resource("PrivateSubnet1", "", "AWS::EC2::Subnet", "CREATE_IN_PROGRESS", null);
        t.resource("PrivateSubnet2", "", "AWS::EC2::Subnet", "CREATE_IN_PROGRESS", null)
                .later(2);
        t.resource("PrivateSubnet2", "", "AWS::EC2::Subnet", "CREATE_FAILED", SUBNET_REASON);
        t.resource("PrivateSubnet1", "", "AWS::EC2::Subnet", "CREATE_FAILED", "Resource creation cancelled")
                .later(1);
        t.stack(
                        "ROLLBACK_IN_PROGRESS",
                        "The following resource(s) failed to create: [PrivateSubnet1, PrivateSubnet2]."
                                + " Rollback requested by user.")
                .later(3);
        t.resource("Vpc", "vpc-0e1d2c3b4a5968778", "AWS::EC2::VPC", "DELETE_COMPLETE", null)
                .later(1);
        t.stack("ROLLBACK_COMPLETE", null).later(24);
        // the parent's rollback deletes the nested stack: a later operation, after the parent's failure
        t.stack("DELETE_IN_PROGRESS", "User Initiated").later(1);
        t.stack("DELETE_COMPLETE", null);
        return t;
    }

    /** A stack that timed out: only the stack itself says why; its resource was cancelled. */
    public static Timeline createTimeout() {
        Timeline t = Timeline.of("batch-stack", "d4e5f6a0-9a0b-11ef-8c1d-0e1f2a3b4c5d", "2026-11-30T11:00:00Z");
        t.stack("CREATE_IN_PROGRESS", "User Initiated").later(1);
        t.resource("ComputeEnvironment", "", "AWS::Batch::ComputeEnvironment", "CREATE_IN_PROGRESS", null)
                .later(600);
        t.stack(
                        "ROLLBACK_IN_PROGRESS",
                        "Stack creation time exceeded the specified timeout. Rollback requested by user.")
                .later(1);
        t.resource(
                        "ComputeEnvironment",
                        "",
                        "AWS::Batch::ComputeEnvironment",
                        "CREATE_FAILED",
                        "Resource creation cancelled")
                .later(5);
        t.resource("ComputeEnvironment", "", "AWS::Batch::ComputeEnvironment", "DELETE_COMPLETE", null)
                .later(1);
        t.stack("ROLLBACK_COMPLETE", null);
        return t;
    }

    /** A stack whose deletion failed on a bucket that is not empty. */
    public static Timeline deleteFailure() {
        Timeline t = Timeline.of("logs-stack", "e5f6a7b0-9b1c-11ef-9d2e-0f1a2b3c4d5e", "2026-11-20T12:00:00Z");
        t.stack("CREATE_IN_PROGRESS", "User Initiated").later(1);
        t.resource("LogBucket", "", "AWS::S3::Bucket", "CREATE_IN_PROGRESS", null)
                .later(20);
        t.resource("LogBucket", "logs-stack-logbucket-1x2y3z4w5v6u", "AWS::S3::Bucket", "CREATE_COMPLETE", null);
        t.resource("AppLogs", "", "AWS::Logs::LogGroup", "CREATE_IN_PROGRESS", null)
                .later(2);
        t.resource("AppLogs", "logs-stack-AppLogs-7t8s9r", "AWS::Logs::LogGroup", "CREATE_COMPLETE", null)
                .later(1);
        t.stack("CREATE_COMPLETE", null).later(86400);
        t.stack("DELETE_IN_PROGRESS", "User Initiated").later(1);
        t.resource("AppLogs", "logs-stack-AppLogs-7t8s9r", "AWS::Logs::LogGroup", "DELETE_COMPLETE", null)
                .later(1);
        t.resource("LogBucket", "logs-stack-logbucket-1x2y3z4w5v6u", "AWS::S3::Bucket", "DELETE_FAILED", BUCKET_REASON)
                .later(1);
        t.stack("DELETE_FAILED", "The following resource(s) failed to delete: [LogBucket]. ");
        return t;
    }

    /** A stack that was created, failed one update (rolled back) and then updated fine: nothing failed last. */
    public static Timeline updatedFineAfterAFailure() {
        Timeline t = Timeline.of("queue-stack", "f6a7b8c0-9c2d-11ef-8e3f-0a1b2c3d4e5f", "2026-11-10T12:00:00Z");
        String q = "https://sqs.us-east-1.amazonaws.com/123456789012/jobs";
        t.stack("CREATE_IN_PROGRESS", "User Initiated").later(1);
        t.resource("Queue", "", "AWS::SQS::Queue", "CREATE_IN_PROGRESS", null).later(1);
        t.resource("Queue", q, "AWS::SQS::Queue", "CREATE_COMPLETE", null).later(1);
        t.stack("CREATE_COMPLETE", null).later(600);
        t.stack("UPDATE_IN_PROGRESS", "User Initiated").later(1);
        t.resource(
                        "Queue",
                        q,
                        "AWS::SQS::Queue",
                        "UPDATE_FAILED",
                        "Resource handler returned message: \"Invalid value"
                                + " for the parameter MessageRetentionPeriod.\" (HandlerErrorCode: InvalidRequest)")
                .later(1);
        t.stack("UPDATE_ROLLBACK_IN_PROGRESS", "The following resource(s) failed to update: [Queue].")
                .later(1);
        t.resource("Queue", q, "AWS::SQS::Queue", "UPDATE_COMPLETE", null).later(1);
        t.stack("UPDATE_ROLLBACK_COMPLETE", null).later(600);
        t.stack("UPDATE_IN_PROGRESS", "User Initiated").later(1);
        t.resource("Queue", q, "AWS::SQS::Queue", "UPDATE_COMPLETE", null).later(1);
        t.stack("UPDATE_COMPLETE_CLEANUP_IN_PROGRESS", null).later(1);
        t.stack("UPDATE_COMPLETE", null);
        return t;
    }
}
