package dev.awskit.ecs;

import dev.awskit.core.Finding;
import dev.awskit.core.internal.Setting;
import dev.awskit.ecs.internal.Json;
import dev.awskit.ecs.internal.SdkJson;
import dev.awskit.ecs.internal.Sizes;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ecs.model.CPUArchitecture;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.EFSVolumeConfiguration;
import software.amazon.awssdk.services.ecs.model.EphemeralStorage;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.OSFamily;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.RuntimePlatform;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.Volume;

/**
 * A task definition as {@code aws ecs register-task-definition} takes it: an immutable value over
 * the SDK's {@link RegisterTaskDefinitionRequest}, so every field AWS knows is there, with a fluent
 * builder, JSON in and out, and validation.
 *
 * <pre>{@code
 * TaskDefinition td = TaskDefinition.fargate("web").cpu("1 vCPU").memory("2 GB")
 *     .executionRole("arn:aws:iam::123456789012:role/ecsTaskExecutionRole")
 *     .container(c -> c.name("web").image("nginx:1.27").port(80).awslogs("web", "us-east-1"))
 *     .build();
 * System.out.println(td.toJson());
 * TaskDefinitions.validate(td);
 * }</pre>
 */
public final class TaskDefinition {
    private final RegisterTaskDefinitionRequest request;

    private TaskDefinition(RegisterTaskDefinitionRequest request) {
        this.request = request;
    }

    /** A Fargate task definition: requires FARGATE, network mode awsvpc, cpu 256 / memory 512 unless set. */
    public static Builder fargate(String family) {
        return new Builder(family, true);
    }

    /** A task definition for EC2 (or external) container instances: no preset. */
    public static Builder builder(String family) {
        return new Builder(family, false);
    }

    /** Wraps an SDK request (no copy needed: SDK models are immutable). */
    public static TaskDefinition of(RegisterTaskDefinitionRequest request) {
        return new TaskDefinition(Objects.requireNonNull(request, "request"));
    }

    /**
     * Reads the JSON of {@code register-task-definition --cli-input-json}.
     *
     * @throws IllegalArgumentException listing the problems when the JSON cannot be read as one
     *     (syntax, unknown fields, wrong types); use {@link TaskDefinitions#read(String)} to get them
     *     as values instead
     */
    public static TaskDefinition fromJson(String json) {
        TaskDefinitionDocument doc = TaskDefinitions.read(json);
        List<Finding> errors = doc.findings().stream().filter(Finding::isError).collect(Collectors.toList());
        if (!errors.isEmpty() || doc.taskDefinition().isEmpty()) {
            throw new IllegalArgumentException("Not a task definition this kit can read without loss:"
                    + errors.stream().map(f -> "\n  " + f.describe()).collect(Collectors.joining()));
        }
        return doc.taskDefinition().get();
    }

    /** The SDK request to send with {@code EcsClient.registerTaskDefinition}. */
    public RegisterTaskDefinitionRequest toRequest() {
        return request;
    }

    public String family() {
        return request.family();
    }

    /** Task cpu as written ({@code "1024"} or {@code "1 vCPU"}), if set. */
    public Optional<String> cpu() {
        return Optional.ofNullable(request.cpu());
    }

    /** Task memory as written ({@code "2048"} or {@code "2 GB"}), if set. */
    public Optional<String> memory() {
        return Optional.ofNullable(request.memory());
    }

    public List<ContainerDefinition> containers() {
        return request.hasContainerDefinitions() ? request.containerDefinitions() : List.of();
    }

    public Optional<ContainerDefinition> container(String name) {
        return containers().stream().filter(c -> name.equals(c.name())).findFirst();
    }

    /** Whether it requires FARGATE compatibility. */
    public boolean isFargate() {
        return request.hasRequiresCompatibilities()
                && request.requiresCompatibilitiesAsStrings().contains("FARGATE");
    }

    /** Pretty-printed JSON in the AWS format, fields in AWS's documented order. */
    public String toJson() {
        return Json.pretty(SdkJson.write(request));
    }

    /**
     * The same task definition with {@code container}'s image replaced, as the ECS "render task
     * definition" deploy action does.
     *
     * @throws IllegalArgumentException when there is no such container
     */
    public TaskDefinition withImage(String container, String image) {
        Objects.requireNonNull(image, "image");
        if (container(container).isEmpty()) {
            throw new IllegalArgumentException("No container named '" + container + "' in task definition "
                    + family() + "; containers: "
                    + containers().stream().map(ContainerDefinition::name).collect(Collectors.toList()));
        }
        List<ContainerDefinition> cs = new ArrayList<>();
        for (ContainerDefinition c : containers()) {
            cs.add(container.equals(c.name()) ? c.toBuilder().image(image).build() : c);
        }
        return new TaskDefinition(request.toBuilder().containerDefinitions(cs).build());
    }

    /** Shorthand for {@link TaskDefinitions#validate(TaskDefinition)}. */
    public ValidationReport validate() {
        return TaskDefinitions.validate(this);
    }

    /** Anything else: a copy with {@code change} applied to the SDK request builder. */
    public TaskDefinition with(Consumer<RegisterTaskDefinitionRequest.Builder> change) {
        RegisterTaskDefinitionRequest.Builder b = request.toBuilder();
        change.accept(b);
        return new TaskDefinition(b.build());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TaskDefinition && ((TaskDefinition) o).request.equals(request);
    }

    @Override
    public int hashCode() {
        return request.hashCode();
    }

    @Override
    public String toString() {
        return "TaskDefinition{family=" + family() + ", cpu=" + request.cpu() + ", memory=" + request.memory()
                + ", containers="
                + containers().stream().map(ContainerDefinition::name).collect(Collectors.toList()) + "}";
    }

    /**
     * Builds a {@link TaskDefinition}; setters reject malformed values at once, and each scalar
     * setting may be written once (a second write is an {@link IllegalStateException} naming both
     * values); {@code container}, {@code volume}, {@code requiresCompatibilities} and {@code tag}
     * accumulate, and {@link #raw} writes the SDK builder directly. {@link #build()} checks that
     * there is a container. Rules across fields (Fargate sizes, memory limits) are {@link
     * TaskDefinitions#validate}'s: a report, not an exception.
     */
    public static final class Builder {
        private final RegisterTaskDefinitionRequest.Builder b = RegisterTaskDefinitionRequest.builder();
        private final boolean fargate;
        private final List<ContainerBuilder> containers = new ArrayList<>();
        private final List<Volume> volumes = new ArrayList<>();
        private final Set<String> compat = new LinkedHashSet<>();
        private final List<Tag> tags = new ArrayList<>();
        // written once each (core's Setting); the values themselves live in the SDK builder b
        private final Setting<Integer> cpu = Setting.of("cpu", null, u -> u + " CPU units");
        private final Setting<Integer> memory = Setting.of("memory", null, m -> m + " MiB");
        private final Setting<NetworkMode> networkMode = Setting.of("networkMode");
        private final Setting<String> executionRole = Setting.of("executionRole");
        private final Setting<String> taskRole = Setting.of("taskRole");
        private final Setting<String> logRegion = Setting.of("logRegion");
        private final Setting<String> runtimePlatform = Setting.of("runtimePlatform");
        private final Setting<Integer> ephemeralStorage = Setting.of("ephemeralStorage", null, g -> g + " GiB");

        private Builder(String family, boolean fargate) {
            if (family == null || !family.matches("[A-Za-z0-9_-]{1,255}")) {
                throw new IllegalArgumentException(
                        "family '" + family + "' is invalid: up to 255 letters, numbers, hyphens and underscores");
            }
            b.family(family);
            this.fargate = fargate;
            if (fargate) {
                compat.add("FARGATE");
                b.networkMode(NetworkMode.AWSVPC); // a default: networkMode(...) may still be set once
            }
        }

        /** Task cpu in CPU units (256, 512, 1024, ...). */
        public Builder cpu(int units) {
            if (units <= 0) {
                throw new IllegalArgumentException("cpu must be positive CPU units, was " + units);
            }
            b.cpu(Integer.toString(cpu.set(units)));
            return this;
        }

        /** Task cpu: {@code "1 vCPU"}, {@code "0.5 vCPU"}, {@code "1024"}; stored as CPU units. */
        public Builder cpu(String cpu) {
            int units = Sizes.cpuUnits(cpu);
            if (units <= 0) {
                throw new IllegalArgumentException(
                        "cpu '" + cpu + "' is not a cpu value; write CPU units (\"1024\") or vCPUs (\"1 vCPU\")");
            }
            return cpu(units);
        }

        /** Task memory in MiB. */
        public Builder memory(int mib) {
            if (mib <= 0) {
                throw new IllegalArgumentException("memory must be positive MiB, was " + mib);
            }
            b.memory(Integer.toString(memory.set(mib)));
            return this;
        }

        /** Task memory: {@code "2 GB"}, {@code "512 MB"}, {@code "2048"}; stored as MiB. */
        public Builder memory(String memory) {
            int mib = Sizes.memoryMiB(memory);
            if (mib <= 0) {
                throw new IllegalArgumentException(
                        "memory '" + memory + "' is not a memory size; write MiB (\"2048\") or GB (\"2 GB\")");
            }
            return memory(mib);
        }

        public Builder networkMode(NetworkMode mode) {
            b.networkMode(networkMode.set(Objects.requireNonNull(mode, "mode")));
            return this;
        }

        public Builder requiresCompatibilities(Compatibility... compatibilities) {
            for (Compatibility c : compatibilities) {
                compat.add(c.toString());
            }
            return this;
        }

        /** The role ECS uses to pull images, read secrets and write logs. */
        public Builder executionRole(String roleArn) {
            b.executionRoleArn(executionRole.set(Objects.requireNonNull(roleArn, "roleArn")));
            return this;
        }

        /** The role the application's AWS calls use. */
        public Builder taskRole(String roleArn) {
            b.taskRoleArn(taskRole.set(Objects.requireNonNull(roleArn, "roleArn")));
            return this;
        }

        /** The region {@link ContainerBuilder#awslogs(String)} writes to when none is given. */
        public Builder logRegion(String region) {
            this.logRegion.set(Objects.requireNonNull(region, "region"));
            return this;
        }

        public Builder container(Consumer<ContainerBuilder> container) {
            ContainerBuilder cb = new ContainerBuilder();
            container.accept(cb);
            containers.add(cb);
            return this;
        }

        /** A task-scoped volume (bind mount), to be mounted with {@link ContainerBuilder#mount}. */
        public Builder volume(String name) {
            volumes.add(Volume.builder().name(name).build());
            return this;
        }

        /** An EFS volume. */
        public Builder efsVolume(String name, String fileSystemId) {
            volumes.add(Volume.builder()
                    .name(name)
                    .efsVolumeConfiguration(EFSVolumeConfiguration.builder()
                            .fileSystemId(fileSystemId)
                            .transitEncryption("ENABLED")
                            .build())
                    .build());
            return this;
        }

        /** Any volume. */
        public Builder volume(Consumer<Volume.Builder> volume) {
            Volume.Builder vb = Volume.builder();
            volume.accept(vb);
            volumes.add(vb.build());
            return this;
        }

        public Builder runtimePlatform(OSFamily os, CPUArchitecture architecture) {
            runtimePlatform.set(os + "/" + architecture);
            b.runtimePlatform(RuntimePlatform.builder()
                    .operatingSystemFamily(os)
                    .cpuArchitecture(architecture)
                    .build());
            return this;
        }

        /** Linux on Graviton. */
        public Builder arm64() {
            return runtimePlatform(OSFamily.LINUX, CPUArchitecture.ARM64);
        }

        /** Fargate ephemeral storage, 21–200 GiB (default 20). */
        public Builder ephemeralStorage(int gib) {
            if (gib < 21 || gib > 200) {
                throw new IllegalArgumentException("ephemeralStorage must be 21-200 GiB, was " + gib);
            }
            b.ephemeralStorage(EphemeralStorage.builder()
                    .sizeInGiB(ephemeralStorage.set(gib))
                    .build());
            return this;
        }

        public Builder tag(String key, String value) {
            tags.add(Tag.builder().key(key).value(value).build());
            return this;
        }

        /** Any other field of the SDK's request builder. */
        public Builder raw(Consumer<RegisterTaskDefinitionRequest.Builder> raw) {
            raw.accept(b);
            return this;
        }

        public TaskDefinition build() {
            if (containers.isEmpty()) {
                throw new IllegalStateException("task definition " + b.build().family()
                        + " needs a container: .container(c -> c.name(..).image(..))");
            }
            if (fargate && !cpu.isSet() && b.build().cpu() == null) {
                b.cpu("256");
            }
            if (fargate && !memory.isSet() && b.build().memory() == null) {
                b.memory("512");
            }
            List<ContainerDefinition> defs = new ArrayList<>();
            for (ContainerBuilder cb : containers) {
                defs.add(cb.build(logRegion.get()));
            }
            b.containerDefinitions(defs);
            if (!volumes.isEmpty()) {
                b.volumes(volumes);
            }
            if (!compat.isEmpty()) {
                b.requiresCompatibilitiesWithStrings(compat);
            }
            if (!tags.isEmpty()) {
                b.tags(tags);
            }
            return new TaskDefinition(b.build());
        }
    }
}
