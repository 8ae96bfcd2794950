package dev.awskit.ecs.internal;

import dev.awskit.ecs.ExecutionRoleCheck;
import dev.awskit.ecs.ExecutionRoleReport;
import dev.awskit.ecs.ExecutionRoleReportBuilder;
import dev.awskit.iam.PolicyDocument;
import dev.awskit.iam.RoleDescription;
import dev.awskit.iam.ServicePrincipal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.Secret;

/**
 * The decisions of the execution-role check, with no network: what the containers need (the "Amazon
 * ECS task execution IAM role" page of the ECS Developer Guide lists the permissions per feature),
 * and whether a role as IAM describes it provides that.
 */
public final class ExecutionRoleRules {
    static final List<String> ECR_PULL = List.of(
            "ecr:GetAuthorizationToken",
            "ecr:BatchCheckLayerAvailability",
            "ecr:GetDownloadUrlForLayer",
            "ecr:BatchGetImage");
    static final List<String> AWSLOGS = List.of("logs:CreateLogStream", "logs:PutLogEvents");
    private static final Pattern ECR_IMAGE =
            Pattern.compile("\\d{12}\\.dkr\\.ecr(-fips)?\\.[a-z0-9-]+\\.amazonaws\\.com(\\.cn)?/.*");
    private static final String EXECUTION_POLICY = "service-role/AmazonECSTaskExecutionRolePolicy";

    private ExecutionRoleRules() {}

    /** The actions the containers of {@code td} need the execution role to allow, in a stable order. */
    public static List<String> requiredActions(RegisterTaskDefinitionRequest td) {
        Set<String> out = new LinkedHashSet<>();
        for (ContainerDefinition c : td.containerDefinitions()) {
            if (c.image() != null && ECR_IMAGE.matcher(c.image()).matches()) {
                out.addAll(ECR_PULL);
            }
        }
        for (ContainerDefinition c : td.containerDefinitions()) {
            if (c.logConfiguration() != null
                    && "awslogs".equals(c.logConfiguration().logDriverAsString())) {
                out.addAll(AWSLOGS);
            }
        }
        for (ContainerDefinition c : td.containerDefinitions()) {
            if (c.repositoryCredentials() != null && c.repositoryCredentials().credentialsParameter() != null) {
                out.add("secretsmanager:GetSecretValue");
            }
            List<Secret> secrets = new ArrayList<>(c.secrets());
            if (c.logConfiguration() != null) {
                secrets.addAll(c.logConfiguration().secretOptions());
            }
            for (Secret s : secrets) {
                String from = s.valueFrom() == null ? "" : s.valueFrom();
                out.add(from.contains(":secretsmanager:") ? "secretsmanager:GetSecretValue" : "ssm:GetParameters");
            }
        }
        return List.copyOf(out);
    }

    /**
     * The report for {@code td} given the role as IAM has it ({@code role} empty when it does not
     * exist) and the documents of its attached managed policies by ARN.
     */
    public static ExecutionRoleReport evaluate(
            RegisterTaskDefinitionRequest td,
            String partition,
            Optional<RoleDescription> role,
            Map<String, PolicyDocument> managedDocuments) {
        List<String> required = requiredActions(td);
        String arn = td.executionRoleArn();
        ExecutionRoleReportBuilder b = ExecutionRoleReport.builder()
                .family(td.family())
                .addAllRequiredActions(required)
                .roleExists(role.isPresent())
                .trustsEcsTasks(role.map(r -> r.trustPolicy().trusts(ServicePrincipal.ECS_TASKS))
                        .orElse(false));
        String policyArn = "arn:" + partition + ":iam::aws:policy/" + EXECUTION_POLICY;
        if (arn == null || arn.isBlank()) {
            if (!required.isEmpty()) {
                b.addAllMissingActions(required);
                b.addProblems("Task definition " + td.family() + " has no executionRoleArn, but its containers need "
                        + String.join(", ", required) + " (" + why(required) + "). Create the standard role with"
                        + " Ecs.of(aws).executionRole(td).ensureExecutionRole() and set"
                        + " .executionRole(\"arn:" + partition + ":iam::<account>:role/"
                        + ExecutionRoleCheck.STANDARD_NAME + "\") on the definition.");
            }
            return b.build();
        }
        b.roleArn(arn);
        String name = roleName(arn);
        if (role.isEmpty()) {
            b.addAllMissingActions(required);
            b.addProblems("Role " + name + " (" + arn + ") does not exist, so ECS cannot start the task. Create it with"
                    + " Ecs.of(aws).executionRole(td).ensureExecutionRole() (aws iam create-role --role-name " + name
                    + " --assume-role-policy-document file://trust.json, then aws iam attach-role-policy --role-name "
                    + name + " --policy-arn " + policyArn + ").");
            return b.build();
        }
        RoleDescription r = role.get();
        if (!r.trustPolicy().trusts(ServicePrincipal.ECS_TASKS)) {
            b.addProblems("Role " + name + " does not trust ecs-tasks.amazonaws.com, so ECS cannot assume it. Add"
                    + " {\"Effect\": \"Allow\", \"Principal\": {\"Service\": \"ecs-tasks.amazonaws.com\"}, \"Action\":"
                    + " \"sts:AssumeRole\"} to its trust policy (aws iam update-assume-role-policy --role-name " + name
                    + " --policy-document file://trust.json; Iam.of(aws).role(\"" + name
                    + "\").trustedBy(ServicePrincipal.ECS_TASKS)...update()).");
        }
        Map<String, PolicyDocument> sources = new LinkedHashMap<>();
        for (String a : r.attachedPolicyArns()) {
            PolicyDocument d = managedDocuments.get(a);
            if (d != null) {
                sources.put(a, d);
            }
        }
        r.inlinePolicies().forEach((n, d) -> sources.put("inline " + n, d));
        List<String> missing = new ArrayList<>();
        for (String action : required) {
            boolean denied = sources.values().stream().anyMatch(d -> d.denies(action));
            Optional<String> by = denied
                    ? Optional.empty()
                    : sources.entrySet().stream()
                            .filter(e -> e.getValue().allows(action))
                            .map(Map.Entry::getKey)
                            .findFirst();
            if (by.isPresent()) {
                b.putGrantedBy(action, by.get());
            } else {
                missing.add(action);
            }
        }
        b.addAllMissingActions(missing);
        List<String> pull = missing.stream()
                .filter(a -> a.startsWith("ecr:") || a.startsWith("logs:"))
                .toList();
        if (!pull.isEmpty()) {
            b.addProblems(
                    "Role " + name + " does not allow " + String.join(", ", pull) + " (" + why(pull) + "). Attach "
                            + "the managed policy: aws iam attach-role-policy --role-name " + name + " --policy-arn "
                            + policyArn
                            + " (ManagedPolicy.ECS_TASK_EXECUTION), or add an inline statement allowing them on \"*\".");
        }
        List<String> secrets = missing.stream()
                .filter(a -> !(a.startsWith("ecr:") || a.startsWith("logs:")))
                .toList();
        if (!secrets.isEmpty()) {
            b.addProblems("Role " + name + " does not allow " + String.join(", ", secrets) + ", which the containers'"
                    + " secrets or repository credentials need (ResourceInitializationError: unable to pull secrets)."
                    + " Add an inline policy allowing them on the secrets' ARNs: aws iam put-role-policy --role-name "
                    + name + " --policy-name secrets --policy-document file://secrets.json"
                    + " (Iam.of(aws).role(\"" + name + "\")...putInline(\"secrets\", doc)).");
        }
        if (!missing.isEmpty()
                && sources.values().stream().anyMatch(d -> missing.stream().anyMatch(d::denies))) {
            b.addProblems("A Deny statement of role " + name + " denies "
                    + String.join(
                            ", ",
                            missing.stream()
                                    .filter(a -> sources.values().stream().anyMatch(d -> d.denies(a)))
                                    .toList())
                    + "; a Deny wins over every Allow: remove it (aws iam get-role-policy /"
                    + " get-policy-version show where it is).");
        }
        return b.build();
    }

    private static String why(List<String> actions) {
        List<String> out = new ArrayList<>();
        if (actions.stream().anyMatch(a -> a.startsWith("ecr:"))) {
            out.add("pulling the image from ECR, else CannotPullContainerError");
        }
        if (actions.stream().anyMatch(a -> a.startsWith("logs:"))) {
            out.add("the awslogs log driver, else ResourceInitializationError");
        }
        if (actions.stream().anyMatch(a -> a.startsWith("ssm:") || a.startsWith("secretsmanager:"))) {
            out.add("secrets and registry credentials");
        }
        return String.join("; ", out);
    }

    /** The role name of a role ARN: the last part of its path. */
    public static String roleName(String roleArn) {
        int role = roleArn.indexOf(":role/");
        if (role < 0) {
            throw new IllegalArgumentException("'" + roleArn + "' is not a role ARN; expected e.g."
                    + " arn:aws:iam::123456789012:role/ecsTaskExecutionRole");
        }
        return roleArn.substring(roleArn.lastIndexOf('/') + 1);
    }
}
