package dev.awskit.core;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.immutables.value.Value;

/**
 * The one Immutables style shared by every aws-kit value type.
 *
 * <p>Generated {@code Immutable*} classes stay package-private; a value exposes its builder as a
 * nested {@code Builder extends ImmutableX.Builder} and static factories, so no generated type
 * ever appears in a public signature. Fields marked {@code @Value.Redacted} print as {@code ****}.
 */
@Target({ElementType.PACKAGE, ElementType.TYPE})
@Retention(RetentionPolicy.CLASS)
@Value.Style(
        visibility = Value.Style.ImplementationVisibility.PACKAGE,
        builderVisibility = Value.Style.BuilderVisibility.PACKAGE,
        overshadowImplementation = true,
        defaults = @Value.Immutable(copy = false),
        redactedMask = "****",
        jdkOnly = true,
        get = {"is*", "get*"})
public @interface AwsKitStyle {}
