package dev.awskit.testing;

import dev.awskit.core.AwsKit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The extension behind {@link UsesServer}: finds the server once per class (see {@link Targets}),
 * skips with the reason when there is none (fails under {@code CI=true}), and hands tests a kit,
 * the target and their {@link TestResources}.
 */
public final class ServerExtension implements BeforeAllCallback, AfterEachCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(ServerExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        Service service =
                context.getRequiredTestClass().getAnnotation(UsesServer.class).value();
        Targets.Resolution r = Targets.find(service);
        if (r.target().isEmpty()) {
            String message = service + " server not available for " + context.getDisplayName() + ": " + r.reason();
            if (Targets.inCi()) {
                throw new IllegalStateException(message + " (CI=true: a missing emulator is a failure)");
            }
            System.err.println("[aws-kit-testing] SKIPPED " + message);
            Assumptions.abort(message);
        }
        context.getStore(NS).put("target", r.target().get());
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        Class<?> type = p.getParameter().getType();
        return type == AwsKit.class || type == Target.class || type == TestResources.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        Target target = e.getStore(NS).get("target", Target.class);
        if (target == null) {
            throw new ParameterResolutionException("No server target; is the class annotated with @UsesServer?");
        }
        Class<?> type = p.getParameter().getType();
        if (type == Target.class) {
            return target;
        }
        if (type == TestResources.class) {
            return e.getStore(NS)
                    .getOrComputeIfAbsent(
                            "resources",
                            k -> new TestResources(e.getRequiredTestMethod().getName()),
                            TestResources.class);
        }
        AwsKit kit = target.kit();
        e.getStore(NS).put(new Object(), kit); // AutoCloseable values are closed with the test
        return kit;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        TestResources res = context.getStore(NS).remove("resources", TestResources.class);
        if (res != null) {
            res.cleanUp();
        }
    }
}
