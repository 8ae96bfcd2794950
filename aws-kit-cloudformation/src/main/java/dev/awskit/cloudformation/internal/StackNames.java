package dev.awskit.cloudformation.internal;

import dev.awskit.core.Arn;
import java.util.regex.Pattern;

/** Stack names and stack ids as CloudFormation accepts them. */
public final class StackNames {
    /**
     * "A stack name can contain only alphanumeric characters (case-sensitive) and hyphens. It must start
     * with an alphabetic character and can't be longer than 128 characters." (CreateStack, StackName)
     */
    private static final Pattern NAME = Pattern.compile("[A-Za-z][-A-Za-z0-9]{0,127}");

    private static final String FORM = "a stack name (a letter, then letters, digits and hyphens, at most 128"
            + " characters, e.g. my-cluster-stack) or a stack id"
            + " (arn:aws:cloudformation:<region>:<account>:stack/<name>/<uuid>)";

    private StackNames() {}

    /** {@code nameOrId} when it is a stack name or a stack id. */
    public static String check(String nameOrId) {
        if (nameOrId == null) {
            throw new IllegalArgumentException("stack must not be null; expected " + FORM);
        }
        if (NAME.matcher(nameOrId).matches()) {
            return nameOrId;
        }
        if (nameOrId.startsWith("arn:")) {
            Arn arn;
            try {
                arn = Arn.parse(nameOrId);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "stack " + e.getMessage().replaceFirst("^Invalid ARN", "id is not a valid ARN")
                                + "; for a stack," + " expected " + FORM,
                        e);
            }
            String[] parts = arn.resource().split("/", -1);
            if (!arn.service().equals("cloudformation")
                    || parts.length != 3
                    || !parts[0].equals("stack")
                    || !NAME.matcher(parts[1]).matches()
                    || parts[2].isEmpty()) {
                throw new IllegalArgumentException(
                        "stack id '" + clip(nameOrId) + "' is not a CloudFormation stack id; expected " + FORM);
            }
            return nameOrId;
        }
        throw new IllegalArgumentException("stack '" + clip(nameOrId) + "' is not valid: expected " + FORM);
    }

    /** The name in a stack id, or {@code nameOrId} itself when it is a name. */
    public static String nameOf(String nameOrId) {
        if (nameOrId != null && nameOrId.startsWith("arn:")) {
            String[] parts = nameOrId.split("/", -1);
            if (parts.length >= 3) {
                return parts[parts.length - 2];
            }
        }
        return nameOrId;
    }

    static String clip(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
