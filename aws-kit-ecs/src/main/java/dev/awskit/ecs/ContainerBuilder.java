package dev.awskit.ecs;

import dev.awskit.core.internal.Setting;
import dev.awskit.ecs.internal.Sizes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import software.amazon.awssdk.services.ecs.model.ContainerCondition;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.ContainerDependency;
import software.amazon.awssdk.services.ecs.model.HealthCheck;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.LogConfiguration;
import software.amazon.awssdk.services.ecs.model.LogDriver;
import software.amazon.awssdk.services.ecs.model.MountPoint;
import software.amazon.awssdk.services.ecs.model.PortMapping;
import software.amazon.awssdk.services.ecs.model.Secret;
import software.amazon.awssdk.services.ecs.model.TransportProtocol;
import software.amazon.awssdk.services.ecs.model.Ulimit;
import software.amazon.awssdk.services.ecs.model.UlimitName;

/**
 * One container of a {@link TaskDefinition}, built inside {@link TaskDefinition.Builder#container}.
 *
 * <pre>{@code
 * c -> c.name("web").image("nginx:1.27").port(80).awslogs("web")
 *       .env("MODE", "production").secret("DB_PASSWORD", "/prod/db/password")
 *       .healthCheckShell("curl -f http://localhost/ || exit 1")
 * }</pre>
 *
 * Setters reject values AWS would never accept (a negative port, an empty name) at once; each
 * scalar setting may be written once (a second write is an {@link IllegalStateException} naming both
 * values; the log configuration, by {@code awslogs(...)} or {@code logConfiguration(...)}, is one
 * setting), an environment variable once per name; ports, secrets, mounts, dependencies and ulimits
 * accumulate. Rules that involve the whole task definition are checked by {@link
 * TaskDefinitions#validate(TaskDefinition)}.
 * Every other field of the SDK's {@link ContainerDefinition} is reachable through {@link #raw}.
 */
public final class ContainerBuilder {
    private final ContainerDefinition.Builder b = ContainerDefinition.builder();
    private String name;
    private final List<PortMapping> ports = new ArrayList<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private final List<Secret> secrets = new ArrayList<>();
    private final List<MountPoint> mounts = new ArrayList<>();
    private final List<ContainerDependency> dependsOn = new ArrayList<>();
    private final List<Ulimit> ulimits = new ArrayList<>();
    private String awslogsGroup;
    private String awslogsRegion;
    private String awslogsPrefix;
    private LogConfiguration logConfiguration;
    // written once each (core's Setting); the values themselves live in the SDK builder b
    private final Setting<String> nameSet = Setting.of("name");
    private final Setting<String> imageSet = Setting.of("image");
    private final Setting<Boolean> essentialSet = Setting.of("essential");
    private final Setting<Integer> cpuSet = Setting.of("cpu");
    private final Setting<Integer> memorySet = Setting.of("memory", null, m -> m + " MiB");
    private final Setting<Integer> memoryReservationSet = Setting.of("memoryReservation", null, m -> m + " MiB");
    private final Setting<String> logging = Setting.of("logging");
    private final Setting<HealthCheck> healthCheckSet = Setting.of("healthCheck");
    private final Setting<List<String>> commandSet = Setting.of("command");
    private final Setting<List<String>> entryPointSet = Setting.of("entryPoint");
    private final Setting<String> workingDirectorySet = Setting.of("workingDirectory");
    private final Setting<String> userSet = Setting.of("user");
    private final Setting<Boolean> readonlyRootFilesystemSet = Setting.of("readonlyRootFilesystem");
    private final Setting<Boolean> privilegedSet = Setting.of("privileged");

    ContainerBuilder() {}

    public ContainerBuilder name(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("container name must not be empty");
        }
        this.name = nameSet.set(name);
        b.name(name);
        return this;
    }

    public ContainerBuilder image(String image) {
        if (image == null || image.trim().isEmpty()) {
            throw new IllegalArgumentException("image must not be empty, e.g. \"nginx:1.27\"");
        }
        b.image(imageSet.set(image));
        return this;
    }

    public ContainerBuilder essential(boolean essential) {
        b.essential(essentialSet.set(essential));
        return this;
    }

    /** CPU units reserved for this container (1024 = 1 vCPU). */
    public ContainerBuilder cpu(int units) {
        if (units < 0) {
            throw new IllegalArgumentException("cpu must be >= 0 CPU units, was " + units);
        }
        b.cpu(cpuSet.set(units));
        return this;
    }

    /** Hard memory limit in MiB. */
    public ContainerBuilder memory(int mib) {
        b.memory(memorySet.set(positive("memory", mib)));
        return this;
    }

    /** Hard memory limit: {@code "512"}, {@code "512 MB"}, {@code "1 GB"}. */
    public ContainerBuilder memory(String memory) {
        return memory(mib("memory", memory));
    }

    /** Soft memory limit in MiB. */
    public ContainerBuilder memoryReservation(int mib) {
        b.memoryReservation(memoryReservationSet.set(positive("memoryReservation", mib)));
        return this;
    }

    public ContainerBuilder memoryReservation(String memory) {
        return memoryReservation(mib("memoryReservation", memory));
    }

    /** A TCP port mapping; under awsvpc the host port is the same. */
    public ContainerBuilder port(int containerPort) {
        ports.add(PortMapping.builder()
                .containerPort(checkPort(containerPort))
                .protocol(TransportProtocol.TCP)
                .build());
        return this;
    }

    /** A named TCP port mapping (names are used by Service Connect). */
    public ContainerBuilder port(String name, int containerPort) {
        ports.add(PortMapping.builder()
                .name(name)
                .containerPort(checkPort(containerPort))
                .protocol(TransportProtocol.TCP)
                .build());
        return this;
    }

    /** A port mapping with a fixed host port (bridge network mode). */
    public ContainerBuilder port(int containerPort, int hostPort) {
        ports.add(PortMapping.builder()
                .containerPort(checkPort(containerPort))
                .hostPort(hostPort)
                .protocol(TransportProtocol.TCP)
                .build());
        return this;
    }

    /** Any port mapping. */
    public ContainerBuilder portMapping(Consumer<PortMapping.Builder> mapping) {
        PortMapping.Builder pb = PortMapping.builder();
        mapping.accept(pb);
        ports.add(pb.build());
        return this;
    }

    public ContainerBuilder env(String name, String value) {
        Objects.requireNonNull(name, "name");
        if (env.containsKey(name)) {
            // names only: environment values are often credentials
            throw new IllegalStateException("environment variable " + name
                    + " was already set; cannot set it again (its values are not shown)");
        }
        env.put(name, Objects.requireNonNull(value, "value"));
        return this;
    }

    /**
     * A secret as an environment variable: {@code valueFrom} is an SSM parameter name or ARN, or a
     * Secrets Manager ARN (optionally {@code :json-key:version-stage:version-id}).
     */
    public ContainerBuilder secret(String name, String valueFrom) {
        secrets.add(Secret.builder()
                .name(Objects.requireNonNull(name, "name"))
                .valueFrom(Objects.requireNonNull(valueFrom, "valueFrom"))
                .build());
        return this;
    }

    /** Logs to CloudWatch Logs group {@code group}, stream prefix the container name, the task builder's region. */
    public ContainerBuilder awslogs(String group) {
        logging.set("awslogs(" + Objects.requireNonNull(group, "group") + ")");
        this.awslogsGroup = group;
        return this;
    }

    /** Logs to CloudWatch Logs group {@code group} in {@code region}, stream prefix the container name. */
    public ContainerBuilder awslogs(String group, String region) {
        logging.set("awslogs(" + Objects.requireNonNull(group, "group") + ", "
                + Objects.requireNonNull(region, "region") + ")");
        this.awslogsGroup = group;
        this.awslogsRegion = region;
        return this;
    }

    /** Logs to CloudWatch Logs with every option given. */
    public ContainerBuilder awslogs(String group, String region, String streamPrefix) {
        logging.set("awslogs(" + Objects.requireNonNull(group, "group") + ", "
                + Objects.requireNonNull(region, "region") + ", "
                + Objects.requireNonNull(streamPrefix, "streamPrefix") + ")");
        this.awslogsGroup = group;
        this.awslogsRegion = region;
        this.awslogsPrefix = streamPrefix;
        return this;
    }

    /** Any log configuration, instead of an awslogs shortcut (one of them, once). */
    public ContainerBuilder logConfiguration(Consumer<LogConfiguration.Builder> log) {
        LogConfiguration.Builder lb = LogConfiguration.builder();
        log.accept(lb);
        LogConfiguration built = lb.build();
        logging.set("logConfiguration(" + built.logDriverAsString() + ")");
        this.logConfiguration = built;
        return this;
    }

    /** A health check run through the shell ({@code CMD-SHELL}); interval 30 s, timeout 5 s, 3 retries. */
    public ContainerBuilder healthCheckShell(String command) {
        return healthCheck(
                h -> h.command("CMD-SHELL", command).interval(30).timeout(5).retries(3));
    }

    /** A health check run through the shell with the given timing. */
    public ContainerBuilder healthCheckShell(
            String command, Duration interval, Duration timeout, int retries, Duration startPeriod) {
        return healthCheck(h -> h.command("CMD-SHELL", command)
                .interval(seconds("interval", interval))
                .timeout(seconds("timeout", timeout))
                .retries(retries)
                .startPeriod(seconds("startPeriod", startPeriod)));
    }

    /** Any health check; {@code command} starts with {@code CMD} or {@code CMD-SHELL}. */
    public ContainerBuilder healthCheck(Consumer<HealthCheck.Builder> check) {
        HealthCheck.Builder hb = HealthCheck.builder();
        check.accept(hb);
        b.healthCheck(healthCheckSet.set(hb.build()));
        return this;
    }

    public ContainerBuilder mount(String sourceVolume, String containerPath) {
        return mount(sourceVolume, containerPath, false);
    }

    public ContainerBuilder mount(String sourceVolume, String containerPath, boolean readOnly) {
        mounts.add(MountPoint.builder()
                .sourceVolume(Objects.requireNonNull(sourceVolume, "sourceVolume"))
                .containerPath(Objects.requireNonNull(containerPath, "containerPath"))
                .readOnly(readOnly)
                .build());
        return this;
    }

    /** Starts after {@code container} reaches {@code condition} (START, COMPLETE, SUCCESS, HEALTHY). */
    public ContainerBuilder dependsOn(String container, ContainerCondition condition) {
        dependsOn.add(ContainerDependency.builder()
                .containerName(Objects.requireNonNull(container, "container"))
                .condition(Objects.requireNonNull(condition, "condition"))
                .build());
        return this;
    }

    public ContainerBuilder ulimit(UlimitName name, int softLimit, int hardLimit) {
        if (softLimit > hardLimit) {
            throw new IllegalArgumentException(
                    "ulimit " + name + ": softLimit " + softLimit + " > hardLimit " + hardLimit);
        }
        ulimits.add(Ulimit.builder()
                .name(name)
                .softLimit(softLimit)
                .hardLimit(hardLimit)
                .build());
        return this;
    }

    public ContainerBuilder command(String... command) {
        b.command(commandSet.set(List.of(command)));
        return this;
    }

    public ContainerBuilder entryPoint(String... entryPoint) {
        b.entryPoint(entryPointSet.set(List.of(entryPoint)));
        return this;
    }

    public ContainerBuilder workingDirectory(String dir) {
        b.workingDirectory(workingDirectorySet.set(dir));
        return this;
    }

    public ContainerBuilder user(String user) {
        b.user(userSet.set(user));
        return this;
    }

    public ContainerBuilder readonlyRootFilesystem(boolean readOnly) {
        b.readonlyRootFilesystem(readonlyRootFilesystemSet.set(readOnly));
        return this;
    }

    public ContainerBuilder privileged(boolean privileged) {
        b.privileged(privilegedSet.set(privileged));
        return this;
    }

    /** Any other field of the SDK's container definition. */
    public ContainerBuilder raw(Consumer<ContainerDefinition.Builder> raw) {
        raw.accept(b);
        return this;
    }

    ContainerDefinition build(String defaultLogRegion) {
        if (name == null && b.build().name() == null) {
            throw new IllegalStateException("a container needs a name: c.name(\"web\")");
        }
        ContainerDefinition current = b.build();
        String n = current.name();
        if (current.image() == null) {
            throw new IllegalStateException("container " + n + " needs an image: c.image(\"nginx:1.27\")");
        }
        if (!ports.isEmpty()) {
            List<PortMapping> all = new ArrayList<>(current.hasPortMappings() ? current.portMappings() : List.of());
            all.addAll(ports);
            b.portMappings(all);
        }
        if (!env.isEmpty()) {
            List<KeyValuePair> all = new ArrayList<>(current.hasEnvironment() ? current.environment() : List.of());
            env.forEach(
                    (k, v) -> all.add(KeyValuePair.builder().name(k).value(v).build()));
            b.environment(all);
        }
        if (!secrets.isEmpty()) {
            List<Secret> all = new ArrayList<>(current.hasSecrets() ? current.secrets() : List.of());
            all.addAll(secrets);
            b.secrets(all);
        }
        if (!mounts.isEmpty()) {
            List<MountPoint> all = new ArrayList<>(current.hasMountPoints() ? current.mountPoints() : List.of());
            all.addAll(mounts);
            b.mountPoints(all);
        }
        if (!dependsOn.isEmpty()) {
            List<ContainerDependency> all = new ArrayList<>(current.hasDependsOn() ? current.dependsOn() : List.of());
            all.addAll(dependsOn);
            b.dependsOn(all);
        }
        if (!ulimits.isEmpty()) {
            List<Ulimit> all = new ArrayList<>(current.hasUlimits() ? current.ulimits() : List.of());
            all.addAll(ulimits);
            b.ulimits(all);
        }
        if (awslogsGroup != null) {
            Map<String, String> opts = new LinkedHashMap<>();
            opts.put("awslogs-group", awslogsGroup);
            String region = awslogsRegion != null ? awslogsRegion : defaultLogRegion;
            if (region != null) {
                opts.put("awslogs-region", region);
            }
            opts.put("awslogs-stream-prefix", awslogsPrefix != null ? awslogsPrefix : n);
            b.logConfiguration(LogConfiguration.builder()
                    .logDriver(LogDriver.AWSLOGS)
                    .options(opts)
                    .build());
        } else if (logConfiguration != null) {
            b.logConfiguration(logConfiguration);
        }
        if (current.essential() == null) {
            b.essential(true);
        }
        return b.build();
    }

    private static int checkPort(int p) {
        if (p < 1 || p > 65535) {
            throw new IllegalArgumentException("port must be 1-65535, was " + p);
        }
        return p;
    }

    private static int positive(String what, int mib) {
        if (mib < 6) {
            throw new IllegalArgumentException(what + " must be at least 6 MiB, was " + mib);
        }
        return mib;
    }

    private static int mib(String what, String text) {
        int mib = Sizes.memoryMiB(text);
        if (mib < 0) {
            throw new IllegalArgumentException(
                    what + " '" + text + "' is not a memory size; write MiB (\"512\") or GB (\"2 GB\")");
        }
        return mib;
    }

    private static int seconds(String what, Duration d) {
        Objects.requireNonNull(d, what);
        if (d.isNegative()) {
            throw new IllegalArgumentException(what + " must not be negative, was " + d);
        }
        return Math.toIntExact(d.getSeconds());
    }
}
