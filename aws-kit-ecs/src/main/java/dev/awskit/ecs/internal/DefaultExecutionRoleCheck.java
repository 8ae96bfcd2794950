package dev.awskit.ecs.internal;

import dev.awskit.core.Arn;
import dev.awskit.core.AwsKit;
import dev.awskit.ecs.ExecutionRoleCheck;
import dev.awskit.ecs.ExecutionRoleReport;
import dev.awskit.iam.Iam;
import dev.awskit.iam.ManagedPolicy;
import dev.awskit.iam.PolicyDocument;
import dev.awskit.iam.RoleDescription;
import dev.awskit.iam.RoleReport;
import dev.awskit.iam.ServicePrincipal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;

/** Reads the role through aws-kit-iam and lets {@link ExecutionRoleRules} decide. */
public final class DefaultExecutionRoleCheck implements ExecutionRoleCheck {
    private final AwsKit kit;
    private final RegisterTaskDefinitionRequest td;
    private final String roleName;

    public DefaultExecutionRoleCheck(AwsKit kit, RegisterTaskDefinitionRequest td) {
        this.kit = Objects.requireNonNull(kit, "kit");
        this.td = Objects.requireNonNull(td, "td");
        String arn = td.executionRoleArn();
        this.roleName = arn == null || arn.isBlank() ? STANDARD_NAME : ExecutionRoleRules.roleName(arn);
    }

    @Override
    public String roleName() {
        return roleName;
    }

    @Override
    public ExecutionRoleReport check() {
        Iam iam = Iam.of(kit);
        String arn = td.executionRoleArn();
        Optional<RoleDescription> role = arn == null || arn.isBlank()
                ? Optional.empty()
                : iam.role(roleName).describe();
        Map<String, PolicyDocument> managed = new LinkedHashMap<>();
        role.ifPresent(r ->
                r.attachedPolicyArns().forEach(a -> managed.put(a, iam.managedPolicyDocument(ManagedPolicy.of(a)))));
        return ExecutionRoleRules.evaluate(td, iam.partition(), role, managed);
    }

    @Override
    public RoleReport ensureExecutionRole() {
        String arn = td.executionRoleArn();
        if (arn != null && !arn.isBlank()) {
            Optional<Arn> parsed = Arn.tryParse(arn);
            String account = kit.identity().accountId();
            if (parsed.isPresent() && !parsed.get().accountId().equals(account)) {
                throw new IllegalStateException("The execution role " + arn + " of task definition " + td.family()
                        + " is in account " + parsed.get().accountId() + ", but the kit's credentials are of account "
                        + account + ": create the role with credentials of that account, or point executionRoleArn"
                        + " at a role of " + account + ".");
            }
        }
        return Iam.of(kit)
                .role(roleName)
                .trustedBy(ServicePrincipal.ECS_TASKS)
                .attach(ManagedPolicy.ECS_TASK_EXECUTION)
                .createIfAbsent();
    }

    @Override
    public String toString() {
        return "ExecutionRoleCheck{" + td.family() + ", role " + roleName + " (nothing called yet)}";
    }
}
