package dev.awskit.core;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.immutables.value.Value;

/**
 * The one Immutables style shared by every aws-kit value type.
 *
 * <p>For a value {@code X} it generates one public, top-level, final builder {@code XBuilder},
 * which a value exposes as {@code static XBuilder builder()}. The implementation is a
 * package-private class nested in that builder, so no {@code Immutable*} type appears in a public
 * signature, and a public builder never extends a package-private class (its setters work through
 * reflection too). Builders are strict: a second write of one attribute throws {@link
 * IllegalStateException} naming it (collections only add, no setter replaces them). Fields marked
 * {@code @Value.Redacted} print as {@code ****}.
 *
 * <p>A value whose builder adds shortcuts (e.g. {@code deleteOld()} for {@code deleteOld(true)})
 * declares a nested {@code public static final class Builder extends XBuilder} with them, and
 * {@code builder()} returns that {@code Builder}: the generated base is public too, and its setters
 * return the nested type.
 *
 * <pre>{@code
 * @Value.Immutable
 * @AwsKitStyle
 * public interface CallerIdentity {
 *     String accountId();
 *
 *     static CallerIdentityBuilder builder() {
 *         return new CallerIdentityBuilder();
 *     }
 * }
 * }</pre>
 */
@Target({ElementType.PACKAGE, ElementType.TYPE})
@Retention(RetentionPolicy.CLASS)
@Value.Style(
        visibility = Value.Style.ImplementationVisibility.PACKAGE,
        builderVisibility = Value.Style.BuilderVisibility.PUBLIC,
        implementationNestedInBuilder = true,
        typeBuilder = "*Builder",
        overshadowImplementation = true,
        strictBuilder = true,
        defaults = @Value.Immutable(copy = false),
        redactedMask = "****",
        jdkOnly = true,
        get = {"is*", "get*"})
public @interface AwsKitStyle {}
