package dev.awskit.iam.internal;

import java.util.regex.Pattern;

final class IamNames {
    private static final Pattern NAME = Pattern.compile("[\\w+=,.@-]{1,128}");

    private IamNames() {}

    static String require(String what, String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("IAM " + what + " name '" + name
                    + "' is not valid; expected 1-128 of letters, digits and + = , . @ _ -");
        }
        return name;
    }
}
