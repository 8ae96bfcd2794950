package dev.awskit.cloudformation;

import dev.awskit.cloudformation.internal.DefaultStack;
import dev.awskit.cloudformation.internal.StackNames;
import dev.awskit.core.AwsKit;
import java.util.Objects;

/**
 * CloudFormation stacks: why a stack failed, its events, waiting for it, deleting it when it failed.
 *
 * <pre>{@code
 * CloudFormationStack stack = Stacks.of(aws).stack("my-cluster-stack");
 * stack.firstFailure().ifPresent(f -> System.out.println(f.summary()));   // describe-stack-events, read for you
 * stack.deleteFailed();                                                    // delete-stack + wait stack-delete-complete
 * }</pre>
 *
 * <p>CloudFormation is its own SDK client ({@code software.amazon.awssdk:cloudformation}), which no other
 * aws-kit module needs: hence a module of its own.
 */
public final class Stacks {
    private final AwsKit kit;

    private Stacks(AwsKit kit) {
        this.kit = kit;
    }

    /** The facade over {@code kit}'s CloudFormation client, in the kit's region. */
    public static Stacks of(AwsKit kit) {
        return new Stacks(Objects.requireNonNull(kit, "kit"));
    }

    /**
     * The stack named {@code nameOrId}: a stack name ({@code my-cluster-stack}) or a stack id ({@code
     * arn:aws:cloudformation:us-east-1:123456789012:stack/my-cluster-stack/0a1b2c3d-...}), which also
     * reaches a deleted stack. Nothing is called yet.
     *
     * @throws IllegalArgumentException when {@code nameOrId} is neither
     */
    public CloudFormationStack stack(String nameOrId) {
        return new DefaultStack(kit, StackNames.check(nameOrId));
    }

    @Override
    public String toString() {
        return "Stacks[" + kit.summary("cloudformation") + "]";
    }
}
