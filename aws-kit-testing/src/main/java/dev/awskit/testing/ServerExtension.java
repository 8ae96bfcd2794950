package dev.awskit.testing;

import dev.awskit.core.AwsKit;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The extension behind {@link UsesServer}: finds a server for each named service once per class
 * (see {@link Targets}), and hands tests a kit, the targets and their {@link TestResources}.
 *
 * <p>Without a server for every service each test method of the class is <em>disabled</em> with
 * the reason, so that Maven's summary counts each one as skipped (an aborted class shows as "Tests
 * run: 0"); under {@code CI=true} the class fails instead.
 */
public final class ServerExtension
        implements ExecutionCondition, BeforeAllCallback, AfterEachCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(ServerExtension.class);

    /** What one test class found: every service's target, or why not. */
    private record Found(Servers servers, String skipMessage) {}

    private static Found found(ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        ExtensionContext classContext = context;
        while (classContext.getTestMethod().isPresent()
                && classContext.getParent().isPresent()) {
            classContext = classContext.getParent().get();
        }
        ExtensionContext c = classContext;
        return c.getStore(NS).getOrComputeIfAbsent("found", k -> find(testClass, c), Found.class);
    }

    private static Found find(Class<?> testClass, ExtensionContext context) {
        UsesServer u = annotation(testClass);
        List<Service> services = services(u, testClass);
        // JUnit configuration parameters: junit-platform.properties, -D system properties, the launcher
        Map<String, String> properties = new HashMap<>();
        for (String key : List.of(
                LocalStackOptions.IMAGE_PROPERTY, LocalStackOptions.REUSE_PROPERTY, Targets.EMULATORS_FILE_PROPERTY)) {
            context.getConfigurationParameter(key).ifPresent(v -> properties.put(key, v));
        }
        LocalStackOptions options = LocalStackOptions.resolve(u.localStackImage(), properties, System.getenv());
        Map<String, String> env = new HashMap<>(System.getenv());
        if (properties.containsKey(Targets.EMULATORS_FILE_PROPERTY)) {
            env.put("AWSKIT_EMULATORS_FILE", properties.get(Targets.EMULATORS_FILE_PROPERTY));
        }
        Map<Service, Target> targets = new LinkedHashMap<>();
        Map<Service, String> missing = new LinkedHashMap<>();
        for (Service s : services) {
            Targets.Resolution r = Targets.find(s, env, options);
            r.target().ifPresentOrElse(t -> targets.put(s, t), () -> missing.put(s, r.reason()));
        }
        if (!missing.isEmpty()) {
            return new Found(null, skipMessage(missing, options.image(), Targets.repository(Path.of(""))));
        }
        return new Found(new Servers(targets), null);
    }

    private static UsesServer annotation(Class<?> testClass) {
        for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
            UsesServer u = c.getAnnotation(UsesServer.class);
            if (u != null) {
                return u;
            }
        }
        throw new IllegalStateException(testClass.getName() + " is not annotated with @UsesServer");
    }

    private static List<Service> services(UsesServer u, Class<?> testClass) {
        if (u.value().length == 0) {
            throw new IllegalStateException("@UsesServer({}) on " + testClass.getName()
                    + " names no service; name one, e.g. @UsesServer(Service.S3)");
        }
        Set<Service> seen = new LinkedHashSet<>();
        for (Service s : u.value()) {
            if (!seen.add(s)) {
                throw new IllegalStateException("@UsesServer on " + testClass.getName() + " names " + s + " twice");
            }
        }
        return List.copyOf(seen);
    }

    /**
     * Why the tests are skipped: every service without a server and why, then how to start one
     * (the repository's script when the tests run inside the aws-kit repository, else moto or
     * LocalStack with {@code AWSKIT_IT_ENDPOINT}).
     */
    static String skipMessage(Map<Service, String> missing, String localStackImage, Optional<Path> repository) {
        List<Service> services = new ArrayList<>(missing.keySet());
        StringBuilder m = new StringBuilder();
        if (services.size() == 1) {
            m.append(services.get(0)).append(" server not available: ").append(missing.get(services.get(0)));
        } else {
            m.append(and(services.stream().map(Service::name).toList()))
                    .append(" servers not available: ")
                    .append(missing.entrySet().stream()
                            .map(e -> e.getKey() + ": " + e.getValue())
                            .collect(Collectors.joining("; ")));
        }
        List<Service> aws = services.stream().filter(s -> s != Service.REGISTRY).toList();
        boolean local = services.stream().anyMatch(s -> s != Service.OTHER);
        m.append(". To start ").append(services.size() == 1 ? "one" : "them").append(": ");
        List<String> ways = new ArrayList<>();
        if (repository.isPresent() && local) {
            ways.add("scripts/emulators start (in " + repository.get() + ")");
        }
        if (!aws.isEmpty()) {
            List<String> pro = aws.stream()
                    .filter(Service::localStackProOnly)
                    .map(Service::name)
                    .toList();
            ways.add("moto_server -p 5000 (pip install 'moto[server]') then AWSKIT_IT_ENDPOINT=http://localhost:5000");
            ways.add("docker run -p 4566:4566 " + localStackImage + " then AWSKIT_IT_ENDPOINT=http://localhost:4566"
                    + (pro.isEmpty() ? "" : " (LocalStack's community image has no " + and(pro) + ": use moto)"));
        }
        if (services.contains(Service.REGISTRY)) {
            ways.add(
                    repository.isPresent()
                            ? "for REGISTRY scripts/emulators start registry (AWSKIT_IT_ENDPOINT serves no registry)"
                            : "for REGISTRY docker run -p 5000:5000 registry:2 and a file named by AWSKIT_EMULATORS_FILE"
                                    + " with registry.1.endpoint=http://localhost:5000 (AWSKIT_IT_ENDPOINT serves no"
                                    + " registry)");
        }
        return m.append(String.join("; or ", ways)).toString();
    }

    private static String and(List<String> names) {
        if (names.size() == 1) {
            return names.get(0);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (context.getTestClass().isEmpty()) {
            return ConditionEvaluationResult.enabled("no test class");
        }
        Found f = found(context);
        if (f.servers() != null || Targets.inCi() || context.getTestMethod().isEmpty()) {
            return ConditionEvaluationResult.enabled("server found, or CI=true (which fails without one)");
        }
        return ConditionEvaluationResult.disabled(f.skipMessage());
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        Found f = found(context);
        if (f.servers() == null) {
            String message = f.skipMessage() + " (" + context.getDisplayName() + ")";
            if (Targets.inCi()) {
                throw new IllegalStateException(message + "; CI=true: a missing server is a failure");
            }
            System.err.println("[aws-kit-testing] SKIPPED " + message);
            return;
        }
        context.getStore(NS).put("servers", f.servers());
        System.out.println(
                "[aws-kit-testing] " + context.getRequiredTestClass().getSimpleName() + " runs against " + f.servers());
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        Class<?> type = p.getParameter().getType();
        return type == AwsKit.class || type == Target.class || type == Servers.class || type == TestResources.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        Servers servers = e.getStore(NS).get("servers", Servers.class);
        if (servers == null) {
            throw new ParameterResolutionException("No server target; is the class annotated with @UsesServer?");
        }
        Class<?> type = p.getParameter().getType();
        if (type == Target.class) {
            return servers.target(servers.services().get(0));
        }
        if (type == Servers.class) {
            return servers;
        }
        if (type == TestResources.class) {
            return e.getStore(NS)
                    .getOrComputeIfAbsent(
                            "resources",
                            k -> new TestResources(e.getRequiredTestMethod().getName()),
                            TestResources.class);
        }
        AwsKit kit = servers.kit();
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
