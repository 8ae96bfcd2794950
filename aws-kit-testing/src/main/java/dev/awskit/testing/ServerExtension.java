package dev.awskit.testing;

import dev.awskit.core.AwsKit;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The extension behind {@link UsesServer}: finds the server once per class (see {@link Targets}),
 * and hands tests a kit, the target and their {@link TestResources}.
 *
 * <p>Without a server every test method of the class is <em>disabled</em> with the reason, so
 * that Maven's summary counts each one as skipped (an aborted class shows as "Tests run: 0");
 * under {@code CI=true} the class fails instead.
 */
public final class ServerExtension
        implements ExecutionCondition, BeforeAllCallback, AfterEachCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(ServerExtension.class);

    private static Targets.Resolution resolution(ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        ExtensionContext classContext = context;
        while (classContext.getTestMethod().isPresent()
                && classContext.getParent().isPresent()) {
            classContext = classContext.getParent().get();
        }
        return classContext
                .getStore(NS)
                .getOrComputeIfAbsent("resolution", k -> Targets.find(service(testClass)), Targets.Resolution.class);
    }

    private static Service service(Class<?> testClass) {
        for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
            UsesServer u = c.getAnnotation(UsesServer.class);
            if (u != null) {
                return u.value();
            }
        }
        throw new IllegalStateException(testClass.getName() + " is not annotated with @UsesServer");
    }

    private static String skipMessage(ExtensionContext context, Targets.Resolution r) {
        return service(context.getRequiredTestClass()) + " server not available: " + r.reason();
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (context.getTestClass().isEmpty()) {
            return ConditionEvaluationResult.enabled("no test class");
        }
        Targets.Resolution r = resolution(context);
        if (r.target().isPresent() || Targets.inCi() || context.getTestMethod().isEmpty()) {
            return ConditionEvaluationResult.enabled("server found, or CI=true (which fails without one)");
        }
        return ConditionEvaluationResult.disabled(skipMessage(context, r));
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        Targets.Resolution r = resolution(context);
        if (r.target().isEmpty()) {
            String message = skipMessage(context, r) + " (" + context.getDisplayName() + ")";
            if (Targets.inCi()) {
                throw new IllegalStateException(message + "; CI=true: a missing server is a failure");
            }
            System.err.println("[aws-kit-testing] SKIPPED " + message);
            return;
        }
        context.getStore(NS).put("target", r.target().get());
        System.out.println("[aws-kit-testing] " + context.getRequiredTestClass().getSimpleName() + " runs against "
                + r.target().get());
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
