package dev.awskit.ecs.internal;

import dev.awskit.core.Finding;
import dev.awskit.core.Severity;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.ContainerDependency;
import software.amazon.awssdk.services.ecs.model.HealthCheck;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.LogConfiguration;
import software.amazon.awssdk.services.ecs.model.MountPoint;
import software.amazon.awssdk.services.ecs.model.PortMapping;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.Secret;
import software.amazon.awssdk.services.ecs.model.Ulimit;
import software.amazon.awssdk.services.ecs.model.Volume;
import software.amazon.awssdk.services.ecs.model.VolumeFrom;

/** The rules of the module README, applied to a RegisterTaskDefinition request. */
public final class Validator {
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,255}");
    static final Pattern PORT_NAME = Pattern.compile("[a-z0-9_][a-z0-9_-]{0,63}");
    static final Pattern PORT_RANGE = Pattern.compile("(\\d{1,5})-(\\d{1,5})");
    static final Pattern ECR_IMAGE =
            Pattern.compile("\\d{12}\\.dkr\\.ecr(-fips)?\\.[a-z0-9-]+\\.amazonaws\\.com(\\.cn)?/.*");
    static final Pattern ECR_HOST_NO_ACCOUNT =
            Pattern.compile("(?!\\d{12}\\.)[^/]*\\.dkr\\.ecr(-fips)?\\.[a-z0-9-]+\\.amazonaws\\.com(\\.cn)?/.*");
    static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]+");
    static final Pattern ROLE_NAME = Pattern.compile("[\\w+=,.@-]{1,64}");
    static final Pattern SSM_NAME = Pattern.compile("/?[A-Za-z0-9_.\\-/]{1,2048}");
    static final Pattern SSM_ARN =
            Pattern.compile("arn:aws[a-z-]*:ssm:[a-z0-9-]+:\\d{12}:parameter/[A-Za-z0-9_.\\-/]+");
    static final Pattern SECRETS_ARN = Pattern.compile(
            "arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\\d{12}:secret:[A-Za-z0-9/_+=.@-]+(:[^:]*(:[^:]*(:[^:]*)?)?)?");
    static final List<String> SECRET_WORDS = List.of(
            "SECRET",
            "PASSWORD",
            "PASSWD",
            "PASSPHRASE",
            "TOKEN",
            "CREDENTIAL",
            "PRIVATEKEY",
            "PRIVATE_KEY",
            "APIKEY",
            "API_KEY");
    static final Pattern KEY_TOKEN = Pattern.compile("(^|.*[_\\-.])KEY([_\\-.].*|$)");
    static final Pattern URL_WITH_PASSWORD = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://[^/\\s:@]*:[^/\\s@]+@.*");
    static final Pattern ACCESS_KEY_ID = Pattern.compile(".*\\b(AKIA|ASIA)[A-Z0-9]{16}\\b.*");

    static final Set<String> NETWORK_MODES = Set.of("bridge", "host", "awsvpc", "none");
    static final Set<String> COMPATIBILITIES = Set.of("EC2", "FARGATE", "EXTERNAL", "MANAGED_INSTANCES");
    static final Set<String> LOG_DRIVERS =
            Set.of("json-file", "syslog", "journald", "gelf", "fluentd", "awslogs", "splunk", "awsfirelens");
    static final Set<String> FARGATE_LOG_DRIVERS = Set.of("awslogs", "splunk", "awsfirelens");
    static final List<String> AWSLOGS_OPTIONS = List.of(
            "awslogs-group",
            "awslogs-region",
            "awslogs-stream-prefix",
            "awslogs-create-group",
            "awslogs-datetime-format",
            "awslogs-multiline-pattern",
            "awslogs-endpoint",
            "mode",
            "max-buffer-size");
    static final Set<String> CONDITIONS = Set.of("START", "COMPLETE", "SUCCESS", "HEALTHY");
    static final Set<String> ULIMITS = Set.of(
            "core",
            "cpu",
            "data",
            "fsize",
            "locks",
            "memlock",
            "msgqueue",
            "nice",
            "nofile",
            "nproc",
            "rss",
            "rtprio",
            "rttime",
            "sigpending",
            "stack");
    static final Set<String> OS_FAMILIES = Set.of(
            "LINUX",
            "WINDOWS_SERVER_2019_FULL",
            "WINDOWS_SERVER_2019_CORE",
            "WINDOWS_SERVER_2016_FULL",
            "WINDOWS_SERVER_2004_CORE",
            "WINDOWS_SERVER_2022_CORE",
            "WINDOWS_SERVER_2022_FULL",
            "WINDOWS_SERVER_2025_CORE",
            "WINDOWS_SERVER_2025_FULL",
            "WINDOWS_SERVER_20H2_CORE");
    static final Set<String> ARCHITECTURES = Set.of("X86_64", "ARM64");
    static final Set<String> APP_PROTOCOLS = Set.of("http", "http2", "grpc");

    /** Fargate cpu units -> {min MiB, max MiB, step MiB} (the AWS "Task CPU and memory" table). */
    static final Map<Integer, int[]> FARGATE = new LinkedHashMap<>();

    static {
        FARGATE.put(256, new int[] {512, 2048, 512});
        FARGATE.put(512, new int[] {1024, 4096, 1024});
        FARGATE.put(1024, new int[] {2048, 8192, 1024});
        FARGATE.put(2048, new int[] {4096, 16384, 1024});
        FARGATE.put(4096, new int[] {8192, 30720, 1024});
        FARGATE.put(8192, new int[] {16384, 61440, 4096});
        FARGATE.put(16384, new int[] {32768, 122880, 8192});
    }

    private final RegisterTaskDefinitionRequest td;
    private final String base;
    private final List<Finding> out;

    private boolean fargate;
    private boolean windows;
    private String networkMode;
    private Integer taskCpu;
    private Integer taskMemory;

    private Validator(RegisterTaskDefinitionRequest td, String base, List<Finding> out) {
        this.td = td;
        this.base = base;
        this.out = out;
    }

    /** Appends the findings for {@code td} to {@code out}; pointers start with {@code base}. */
    public static void validate(RegisterTaskDefinitionRequest td, String base, List<Finding> out) {
        new Validator(td, base, out).run();
    }

    /** Whether {@code memoryMiB} is a Fargate memory value for {@code cpu} units. */
    public static boolean fargateCombination(int cpu, int memoryMiB) {
        int[] r = FARGATE.get(cpu);
        return r != null && memoryMiB >= r[0] && memoryMiB <= r[1] && (memoryMiB - r[0]) % r[2] == 0;
    }

    /** "2048–8192 MiB in 1024 MiB steps" for a Fargate cpu value, or the list of cpu values. */
    public static String fargateMemoryHint(int cpu) {
        int[] r = FARGATE.get(cpu);
        if (r == null) {
            return "Fargate cpu values are 256, 512, 1024, 2048, 4096, 8192 and 16384";
        }
        if (cpu == 256) {
            return "with cpu 256 use memory 512, 1024 or 2048";
        }
        return "with cpu " + cpu + " use memory " + r[0] + "–" + r[1] + " in steps of " + r[2] + " (" + (r[0] / 1024)
                + " GB to " + (r[1] / 1024) + " GB)";
    }

    private void error(String rule, String path, String message, String fix) {
        out.add(Finding.of(Severity.ERROR, rule, base + path, message, fix));
    }

    private void warning(String rule, String path, String message, String fix) {
        out.add(Finding.of(Severity.WARNING, rule, base + path, message, fix));
    }

    private void run() {
        List<String> compat = td.hasRequiresCompatibilities() ? td.requiresCompatibilitiesAsStrings() : List.of();
        fargate = compat.contains("FARGATE");
        String os = td.runtimePlatform() == null ? null : td.runtimePlatform().operatingSystemFamilyAsString();
        windows = os != null && os.startsWith("WINDOWS");
        networkMode = td.networkModeAsString();

        family();
        compatibilities(compat);
        taskSizes();
        network();
        roles();
        taskLevelOthers();
        containers();
    }

    private void family() {
        String family = td.family();
        if (family == null || family.isEmpty()) {
            error(
                    "family.required",
                    "/family",
                    "Missing required parameter in input: \"family\"",
                    "Add \"family\": a name of up to 255 letters, numbers, hyphens and underscores.");
        } else if (!NAME.matcher(family).matches()) {
            error(
                    "family.pattern",
                    "/family",
                    "Family " + Shown.value(family)
                            + " is invalid: up to 255 letters (uppercase and lowercase), numbers,"
                            + " hyphens, and underscores are allowed.",
                    "Use only letters, numbers, '-' and '_' (at most 255).");
        }
    }

    private void compatibilities(List<String> compat) {
        for (int i = 0; i < compat.size(); i++) {
            String c = compat.get(i);
            if (!COMPATIBILITIES.contains(c)) {
                String s = DidYouMean.suggest(c, COMPATIBILITIES);
                error(
                        "compatibility.value",
                        "/requiresCompatibilities/" + i,
                        "Value at 'requiresCompatibilities." + (i + 1) + "' failed to satisfy constraint: Member must"
                                + " satisfy enum value set: [EC2, FARGATE, EXTERNAL, MANAGED_INSTANCES]",
                        s != null ? "Did you mean \"" + s + "\"?" : "Use FARGATE or EC2.");
            }
        }
    }

    private void taskSizes() {
        if (td.cpu() != null) {
            int cpu = Sizes.cpuUnits(td.cpu());
            if (cpu <= 0) {
                error(
                        "task.cpu-format",
                        "/cpu",
                        "Invalid 'cpu' setting for task: " + Shown.value(td.cpu()) + ".",
                        "Give CPU units as a string (\"1024\") or vCPUs (\"1 vCPU\").");
            } else {
                taskCpu = cpu;
            }
        }
        if (td.memory() != null) {
            int mem = Sizes.memoryMiB(td.memory());
            if (mem <= 0) {
                error(
                        "task.memory-format",
                        "/memory",
                        "Invalid 'memory' setting for task: " + Shown.value(td.memory()) + ".",
                        "Give MiB as a string (\"2048\") or GB (\"2 GB\").");
            } else {
                taskMemory = mem;
            }
        }
        if (!fargate) {
            return;
        }
        if (td.cpu() == null) {
            error(
                    "fargate.cpu-required",
                    "/cpu",
                    "Fargate requires that 'cpu' be defined at the task level.",
                    "Add \"cpu\", e.g. \"256\" or \"1 vCPU\".");
        }
        if (td.memory() == null) {
            error(
                    "fargate.memory-required",
                    "/memory",
                    "Fargate requires that 'memory' be defined at the task level.",
                    "Add \"memory\", e.g. \"512\" or \"2 GB\".");
        }
        if (taskCpu != null && taskMemory != null && !fargateCombination(taskCpu, taskMemory)) {
            error(
                    "fargate.cpu-memory",
                    FARGATE.containsKey(taskCpu) ? "/memory" : "/cpu",
                    "No Fargate configuration exists for given values: " + taskCpu + " CPU, " + taskMemory
                            + " memory. See the Amazon ECS documentation for the valid values.",
                    capitalize(fargateMemoryHint(taskCpu)) + ".");
        } else if (taskCpu != null && taskMemory == null && !FARGATE.containsKey(taskCpu)) {
            error(
                    "fargate.cpu-memory",
                    "/cpu",
                    "No Fargate configuration exists for given values: " + taskCpu + " CPU.",
                    fargateMemoryHint(taskCpu) + ".");
        }
        if (windows && taskCpu != null && (taskCpu == 256 || taskCpu == 512 || taskCpu >= 8192)) {
            error(
                    "fargate.windows-cpu",
                    "/cpu",
                    "Fargate Windows tasks do not support " + taskCpu + " CPU; the valid values are 1024, 2048 and"
                            + " 4096.",
                    "Use cpu 1024, 2048 or 4096.");
        }
    }

    private void network() {
        if (networkMode != null && !NETWORK_MODES.contains(networkMode)) {
            error(
                    "network.mode",
                    "/networkMode",
                    "Value " + Shown.value(networkMode)
                            + " at 'networkMode' failed to satisfy constraint: Member must satisfy"
                            + " enum value set: [bridge, host, awsvpc, none]",
                    "Use awsvpc (required on Fargate), bridge, host or none.");
        }
        if (fargate && !"awsvpc".equals(networkMode)) {
            error(
                    "network.fargate-awsvpc",
                    "/networkMode",
                    "Fargate only supports network mode 'awsvpc'.",
                    "Set \"networkMode\": \"awsvpc\".");
        }
    }

    private void roles() {
        role("executionRoleArn", td.executionRoleArn());
        role("taskRoleArn", td.taskRoleArn());
        if (td.executionRoleArn() != null
                && !td.executionRoleArn().isEmpty()
                && td.executionRoleArn().equals(td.taskRoleArn())) {
            warning(
                    "roles.same",
                    "/taskRoleArn",
                    "The task role is the execution role: the application gets the permissions ECS needs to pull"
                            + " images, read secrets and write logs.",
                    "Give the application its own task role with only what it needs.");
        }
    }

    private void role(String field, String value) {
        if (value == null) {
            return;
        }
        String path = "/" + field;
        if (value.trim().isEmpty()) {
            error(
                    "roles.arn",
                    path,
                    "Invalid '" + field + "': the role ARN is empty. Role is not valid.",
                    "Remove \"" + field + "\" or give a role ARN (arn:aws:iam::123456789012:role/name).");
        } else if (hasPlaceholder(value)) {
            placeholder(path, value);
        } else if (value.startsWith("arn:")) {
            if (value.contains(":policy/")) {
                error(
                        "roles.arn",
                        path,
                        "Invalid '" + field + "' " + Shown.value(value)
                                + ": this is an IAM policy ARN, not a role ARN. Role is not" + " valid.",
                        "Give the ARN of a role that has this policy attached (arn:aws:iam::<account>:role/<name>).");
            } else if (!ROLE_ARN.matcher(value).matches()) {
                error(
                        "roles.arn",
                        path,
                        "Invalid '" + field + "' " + Shown.value(value) + ": not an IAM role ARN. Role is not valid.",
                        "Use arn:aws:iam::<account>:role/<name>.");
            }
        } else if (!ROLE_NAME.matcher(value).matches()) {
            error(
                    "roles.arn",
                    path,
                    "Invalid '" + field + "' " + Shown.value(value)
                            + ": neither a role ARN nor a role name. Role is not valid.",
                    "Use arn:aws:iam::<account>:role/<name>.");
        } else {
            warning(
                    "roles.arn",
                    path,
                    "'" + field + "' is the role name '" + value + "', not an ARN; ECS resolves it in the registering"
                            + " account only.",
                    "Write the full ARN arn:aws:iam::<account>:role/" + value + ".");
        }
    }

    private void taskLevelOthers() {
        if (td.ephemeralStorage() != null && td.ephemeralStorage().sizeInGiB() != null) {
            int size = td.ephemeralStorage().sizeInGiB();
            if (size < 21 || size > 200) {
                error(
                        "ephemeral-storage.range",
                        "/ephemeralStorage/sizeInGiB",
                        "Invalid 'ephemeralStorage.sizeInGiB' " + size
                                + ": the ephemeral storage size must be between 21 and 200 GiB.",
                        "Use 21 to 200, or omit ephemeralStorage for the default 20 GiB.");
            }
        }
        if (td.runtimePlatform() != null) {
            String os = td.runtimePlatform().operatingSystemFamilyAsString();
            if (os != null && !OS_FAMILIES.contains(os)) {
                error(
                        "runtime-platform.value",
                        "/runtimePlatform/operatingSystemFamily",
                        "Value " + Shown.value(os)
                                + " at 'runtimePlatform.operatingSystemFamily' failed to satisfy constraint:"
                                + " Member must satisfy enum value set: " + sorted(OS_FAMILIES),
                        hint(os, OS_FAMILIES, "Use LINUX."));
            }
            String arch = td.runtimePlatform().cpuArchitectureAsString();
            if (arch != null && !ARCHITECTURES.contains(arch)) {
                error(
                        "runtime-platform.value",
                        "/runtimePlatform/cpuArchitecture",
                        "Value " + Shown.value(arch)
                                + " at 'runtimePlatform.cpuArchitecture' failed to satisfy constraint:"
                                + " Member must satisfy enum value set: [X86_64, ARM64]",
                        hint(arch, ARCHITECTURES, "Use X86_64 or ARM64."));
            }
        }
        if (fargate && td.ipcMode() != null) {
            error(
                    "fargate.unsupported",
                    "/ipcMode",
                    "Fargate does not support 'ipcMode'.",
                    "Remove \"ipcMode\" or run on EC2.");
        }
        if (fargate && "host".equals(td.pidModeAsString())) {
            error(
                    "fargate.unsupported",
                    "/pidMode",
                    "Fargate does not support pidMode 'host'; only 'task' is supported.",
                    "Use \"pidMode\": \"task\" or remove it.");
        }
        tags();
        if (td.hasVolumes()) {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < td.volumes().size(); i++) {
                Volume v = td.volumes().get(i);
                String p = "/volumes/" + i + "/name";
                if (v.name() == null || !NAME.matcher(v.name()).matches()) {
                    error(
                            "volumes.name",
                            p,
                            "Invalid volume name " + Shown.value(v.name())
                                    + ": up to 255 letters, numbers, hyphens, and" + " underscores are allowed.",
                            "Name the volume with letters, numbers, '-' and '_'.");
                } else if (!seen.add(v.name())) {
                    error(
                            "volumes.name",
                            p,
                            "Duplicate volume name '" + v.name() + "'.",
                            "Give each volume its own name.");
                }
                if (fargate && v.host() != null && v.host().sourcePath() != null) {
                    error(
                            "fargate.unsupported",
                            "/volumes/" + i + "/host/sourcePath",
                            "Fargate does not support host volumes with a 'sourcePath'.",
                            "Use an EFS volume, or an empty host (a task-scoped bind mount).");
                }
            }
        }
    }

    /**
     * RegisterTaskDefinition's {@code tags}: AWS answers an empty list with "ClientException: Tags can not
     * be empty." (although the API reference gives a minimum of 0 items); at most 50 tags, keys of 1–128
     * and values of up to 256 characters (the API reference's Tag type). moto accepts all of these.
     */
    private void tags() {
        if (!td.hasTags()) {
            return;
        }
        if (td.tags().isEmpty()) {
            error(
                    "tags.value",
                    "/tags",
                    "Tags can not be empty.",
                    "Remove \"tags\", or give at least one {\"key\": ..., \"value\": ...}.");
            return;
        }
        if (td.tags().size() > 50) {
            error(
                    "tags.value",
                    "/tags",
                    "Too many tags: " + td.tags().size() + ". A resource can have at most 50 tags.",
                    "Keep at most 50 tags.");
        }
        for (int i = 0; i < td.tags().size(); i++) {
            var t = td.tags().get(i);
            if (t.key() == null || t.key().isEmpty() || t.key().length() > 128) {
                error(
                        "tags.value",
                        "/tags/" + i + "/key",
                        "Invalid tag key " + Shown.value(t.key()) + ": a key has 1 to 128 characters.",
                        "Give the tag a key of 1 to 128 characters.");
            }
            if (t.value() != null && t.value().length() > 256) {
                error(
                        "tags.value",
                        "/tags/" + i + "/value",
                        "Invalid value of tag " + Shown.value(t.key()) + ": a value has at most 256 characters.",
                        "Shorten the value.");
            }
        }
    }

    private void containers() {
        List<ContainerDefinition> cs = td.hasContainerDefinitions() ? td.containerDefinitions() : List.of();
        if (cs.isEmpty()) {
            error(
                    "containers.required",
                    "/containerDefinitions",
                    "Container list cannot be empty.",
                    "Add at least one container definition with a name and an image.");
            return;
        }
        if (cs.size() > 10) {
            error(
                    "containers.max",
                    "/containerDefinitions",
                    "Too many containers: " + cs.size() + ". A task definition can have at most 10 containers.",
                    "Split the containers into several task definitions.");
        }
        if (cs.stream().noneMatch(c -> c.essential() == null || c.essential())) {
            error(
                    "containers.essential",
                    "/containerDefinitions",
                    "At least one essential container is required for the task definition.",
                    "Mark the main container \"essential\": true (the default when omitted).");
        }
        Map<String, Integer> names = new LinkedHashMap<>();
        Set<String> volumeNames = new HashSet<>();
        if (td.hasVolumes()) {
            td.volumes().stream().map(Volume::name).filter(n -> n != null).forEach(volumeNames::add);
        }
        for (int i = 0; i < cs.size(); i++) {
            ContainerDefinition c = cs.get(i);
            String p = "/containerDefinitions/" + i;
            if (c.name() == null || c.name().isEmpty()) {
                error(
                        "container.name",
                        p + "/name",
                        "Container.name should not be null or empty.",
                        "Name the container (letters, numbers, '-', '_').");
            } else if (!NAME.matcher(c.name()).matches()) {
                error(
                        "container.name",
                        p + "/name",
                        "Container name " + Shown.value(c.name())
                                + " is invalid: up to 255 letters (uppercase and lowercase),"
                                + " numbers, hyphens, and underscores are allowed.",
                        "Use only letters, numbers, '-' and '_'.");
            } else if (names.putIfAbsent(c.name(), i) != null) {
                error(
                        "container.name",
                        p + "/name",
                        "Duplicate container name '" + c.name() + "' found in the task definition.",
                        "Give each container its own name.");
            }
        }
        int cpuSum = 0;
        int memSum = 0;
        Map<String, String> hostPorts = new HashMap<>();
        Set<String> portNames = new HashSet<>();
        for (int i = 0; i < cs.size(); i++) {
            ContainerDefinition c = cs.get(i);
            String p = "/containerDefinitions/" + i;
            String cname = c.name() == null ? "#" + i : c.name();
            image(c, p);
            cpuSum += containerCpu(c, p, cname);
            memSum += containerMemory(c, p, cname);
            ports(c, p, cname, hostPorts, portNames);
            links(c, p, cname, names);
            healthCheck(c.healthCheck(), p + "/healthCheck", cname);
            logging(c, p, cname);
            secrets(c, p, cname);
            environment(c, p, cname);
            mounts(c, p, cname, volumeNames, names);
            ulimits(c, p, cname);
            dependsOn(c, p, cname, names, cs);
            security(c, p, cname);
        }
        if (taskCpu != null && cpuSum > taskCpu) {
            error(
                    "cpu.task-limit",
                    "/cpu",
                    "The sum of the containers' 'cpu' (" + cpuSum + ") exceeds the task's cpu (" + taskCpu + ").",
                    "Lower the containers' cpu or raise the task's cpu.");
        }
        if (taskMemory != null && memSum > taskMemory) {
            error(
                    "memory.task-limit",
                    "/memory",
                    "The sum of the containers' memory reservations (" + memSum + " MiB) exceeds the task's memory ("
                            + taskMemory + " MiB).",
                    "Lower the containers' memoryReservation/memory or raise the task's memory.");
        }
        dependencyCycles(cs, names);
    }

    private void image(ContainerDefinition c, String p) {
        if (c.image() == null || c.image().trim().isEmpty()) {
            error(
                    "container.image",
                    p + "/image",
                    "Container.image should not be null or empty.",
                    "Give an image, e.g. \"nginx:1.27\" or an ECR URI.");
            return;
        }
        if (hasPlaceholder(c.image()) || ECR_HOST_NO_ACCOUNT.matcher(c.image()).matches()) {
            placeholder(p + "/image", c.image());
        }
        // ContainerDefinition.image in the RegisterTaskDefinition API reference: "Up to 255 letters
        // (uppercase and lowercase), numbers, hyphens, underscores, colons, periods, forward slashes, and
        // number signs are allowed" (digests add '@'). moto does not check the image beyond its presence.
        if (c.image().chars().anyMatch(Character::isWhitespace)) {
            error(
                    "container.image",
                    p + "/image",
                    "Invalid image " + Shown.value(c.image()) + ": an image reference has no whitespace.",
                    "Remove the spaces.");
        }
        if (c.image().indexOf('*') >= 0) {
            error(
                    "container.image",
                    p + "/image",
                    "Invalid image " + Shown.value(c.image()) + ": '*' is not allowed in an image reference.",
                    "Name one image and tag (a wildcard is not resolved by ECS), e.g. \"nginx:1.27\".");
        }
        if (c.image().length() > 255) {
            error(
                    "container.image",
                    p + "/image",
                    "Invalid image " + Shown.value(c.image()) + ": an image reference has at most 255 characters.",
                    "Shorten the reference (registry/repository:tag or @sha256:digest).");
        }
        if (c.repositoryCredentials() != null
                && isEmpty(c.repositoryCredentials().credentialsParameter())) {
            // RepositoryCredentials.credentialsParameter is "Required: Yes" in the API reference; AWS rejects
            // an empty one (the console once generated it, aws-actions/amazon-ecs-deploy-task-definition#52).
            // moto does not check it.
            error(
                    "container.repository-credentials",
                    p + "/repositoryCredentials/credentialsParameter",
                    "Invalid 'repositoryCredentials.credentialsParameter': it is required and must not be empty.",
                    "Give the ARN or name of the Secrets Manager secret with the registry credentials, or remove"
                            + " \"repositoryCredentials\".");
        }
        if (fargate
                && isEmpty(td.executionRoleArn())
                && ECR_IMAGE.matcher(c.image()).matches()) {
            error(
                    "roles.execution-required",
                    p + "/image",
                    "Fargate requires task definition to have execution role ARN to support ECR images.",
                    "Add \"executionRoleArn\" with a role that has AmazonECSTaskExecutionRolePolicy.");
        }
        if (fargate && c.repositoryCredentials() != null && isEmpty(td.executionRoleArn())) {
            error(
                    "roles.execution-required",
                    p + "/repositoryCredentials",
                    "Fargate requires task definition to have execution role ARN to support private registry"
                            + " authentication.",
                    "Add \"executionRoleArn\" with a role that may read the credentials secret.");
        }
    }

    /**
     * Whether {@code value} holds {@code <X>}, {@code ${X}}, <code>{{X}}</code> or an all-caps word to
     * fill in ({@code ACCOUNT_ID}): see {@link Placeholders}, a linear scan.
     */
    static boolean hasPlaceholder(String value) {
        return Placeholders.has(value);
    }

    /** A placeholder warning that names the placeholder, never the whole value (it may hold a secret). */
    private void placeholder(String path, String value) {
        String token = Placeholders.find(value);
        warning(
                "placeholder",
                path,
                token == null
                        ? "Unresolved placeholder: " + Shown.value(value) + " is an ECR host without an account."
                        : "Unresolved placeholder " + Shown.value(token) + ".",
                "Render the value before registering (e.g. Ecs renders a new image with TaskDefinition.withImage).");
    }

    /** A placeholder warning for a value that must not be echoed (a secret-looking variable). */
    private void placeholderHidden(String path, String what) {
        warning(
                "placeholder",
                path,
                "Unresolved placeholder in " + what + " (value not shown: it looks like a secret).",
                "Render the value before registering, from a secret store rather than the task definition.");
    }

    private int containerCpu(ContainerDefinition c, String p, String name) {
        if (c.cpu() == null) {
            return 0;
        }
        if (c.cpu() < 0) {
            error(
                    "cpu.container",
                    p + "/cpu",
                    "Invalid 'cpu' setting for container '" + name + "': " + c.cpu() + " is negative.",
                    "Use 0 or more CPU units (1024 = 1 vCPU).");
            return 0;
        }
        if (taskCpu != null && c.cpu() > taskCpu) {
            error(
                    "cpu.task-limit",
                    p + "/cpu",
                    "Invalid 'cpu' setting for container '" + name + "': " + c.cpu() + " exceeds the task's cpu ("
                            + taskCpu + ").",
                    "Lower the container's cpu to at most " + taskCpu + ".");
        }
        return c.cpu();
    }

    private int containerMemory(ContainerDefinition c, String p, String name) {
        Integer hard = c.memory();
        Integer soft = c.memoryReservation();
        if (hard == null && soft == null && taskMemory == null && !fargate) {
            error(
                    "memory.container-required",
                    p,
                    "Invalid setting for container '" + name + "'. At least one of 'memory' or 'memoryReservation'"
                            + " must be specified.",
                    "Add \"memoryReservation\" (soft limit, MiB) or \"memory\" (hard limit), or task-level memory.");
        }
        if (hard != null && hard < 6) {
            error(
                    "memory.minimum",
                    p + "/memory",
                    "Invalid 'memory' setting for container '" + name + "'. The minimum is 6 MiB, was " + hard + ".",
                    "Give at least 6 MiB (a real container needs far more).");
        }
        if (soft != null && soft < 6) {
            error(
                    "memory.minimum",
                    p + "/memoryReservation",
                    "Invalid 'memoryReservation' setting for container '" + name + "'. The minimum is 6 MiB, was "
                            + soft + ".",
                    "Give at least 6 MiB.");
        }
        if (hard != null && soft != null && hard < soft) {
            error(
                    "memory.reservation",
                    p + "/memoryReservation",
                    "Invalid setting for container '" + name + "'. 'memory' (" + hard + ") must be greater than or"
                            + " equal to 'memoryReservation' (" + soft + ").",
                    "Lower memoryReservation or raise memory.");
        }
        if (hard != null && taskMemory != null && hard > taskMemory) {
            error(
                    "memory.task-limit",
                    p + "/memory",
                    "Invalid 'memory' setting for container '" + name + "': " + hard
                            + " MiB exceeds the task's memory (" + taskMemory + " MiB).",
                    "Lower the container's memory to at most " + taskMemory + ".");
        }
        return soft != null ? Math.max(soft, 0) : hard != null ? Math.max(hard, 0) : 0;
    }

    private void ports(
            ContainerDefinition c, String p, String name, Map<String, String> hostPorts, Set<String> portNames) {
        if (!c.hasPortMappings()) {
            return;
        }
        String mode = networkMode == null ? (windows ? "default" : "bridge") : networkMode;
        boolean hostEqualsContainer = "awsvpc".equals(mode) || "host".equals(mode);
        for (int j = 0; j < c.portMappings().size(); j++) {
            PortMapping pm = c.portMappings().get(j);
            String pp = p + "/portMappings/" + j;
            Integer cp = pm.containerPort();
            Integer hp = pm.hostPort();
            String protocol = pm.protocolAsString() == null ? "tcp" : pm.protocolAsString();
            if (!"tcp".equals(protocol) && !"udp".equals(protocol)) {
                error(
                        "port.protocol",
                        pp + "/protocol",
                        "Value '" + protocol + "' at 'protocol' failed to satisfy constraint: Member must satisfy enum"
                                + " value set: [tcp, udp]",
                        "Use tcp or udp (lowercase).");
            }
            if (pm.containerPortRange() != null) {
                portRange(pm, pp, mode);
            } else if (cp == null) {
                error(
                        "port.range",
                        pp,
                        "Invalid port mapping for container '" + name + "': 'containerPort' is required.",
                        "Add \"containerPort\".");
            }
            if (cp != null && (cp < 1 || cp > 65535)) {
                error(
                        "port.range",
                        pp + "/containerPort",
                        "Invalid 'containerPort' " + cp + " for container '" + name + "': ports are 1–65535.",
                        "Use a port between 1 and 65535.");
            }
            if (hp != null && (hp < 0 || hp > 65535)) {
                error(
                        "port.range",
                        pp + "/hostPort",
                        "Invalid 'hostPort' " + hp + " for container '" + name + "': ports are 0–65535.",
                        "Use a port between 1 and 65535, or 0/omit it for a dynamic port.");
            }
            if (hostEqualsContainer && hp != null && cp != null && !hp.equals(cp)) {
                error(
                        "network.host-port",
                        pp + "/hostPort",
                        "When networkMode=" + mode + ", the host ports and container ports in port mappings must"
                                + " match.",
                        "Set \"hostPort\" to " + cp + " or remove it.");
            }
            Integer effectiveHost = hostEqualsContainer ? cp : hp;
            if (effectiveHost != null && effectiveHost > 0) {
                String key = effectiveHost + "/" + protocol;
                String prev = hostPorts.putIfAbsent(key, name);
                if (prev != null) {
                    error(
                            "network.duplicate-host-port",
                            pp + (hostEqualsContainer ? "/containerPort" : "/hostPort"),
                            "Host port " + effectiveHost + "/" + protocol + " of container '" + name
                                    + "' is already used by container '" + prev
                                    + "'; a task can bind a host port once.",
                            hostEqualsContainer
                                    ? "Give each container its own port."
                                    : "Use another host port, or 0 for a dynamic port.");
                }
            }
            if (pm.name() != null) {
                if (!PORT_NAME.matcher(pm.name()).matches()) {
                    error(
                            "port.name",
                            pp + "/name",
                            "Invalid port mapping name '" + pm.name() + "': up to 64 lowercase letters, numbers,"
                                    + " underscores and hyphens, not starting with a hyphen.",
                            "Use e.g. \""
                                    + pm.name()
                                            .toLowerCase(Locale.ROOT)
                                            .replaceAll("[^a-z0-9_-]", "-")
                                            .replaceAll("^-+", "")
                                    + "\".");
                } else if (!portNames.add(pm.name())) {
                    error(
                            "port.name",
                            pp + "/name",
                            "Duplicate port mapping name '" + pm.name() + "' in the task definition.",
                            "Give each port mapping its own name.");
                }
            }
            String app = pm.appProtocolAsString();
            if (app != null) {
                if (!APP_PROTOCOLS.contains(app)) {
                    error(
                            "port.name",
                            pp + "/appProtocol",
                            "Value '" + app + "' at 'appProtocol' failed to satisfy constraint: Member must satisfy"
                                    + " enum value set: [http, http2, grpc]",
                            "Use http, http2 or grpc.");
                } else if (pm.name() == null) {
                    error(
                            "port.name",
                            pp + "/appProtocol",
                            "'appProtocol' requires the port mapping to have a 'name' (Service Connect).",
                            "Add \"name\" to the port mapping.");
                }
            }
        }
    }

    private void portRange(PortMapping pm, String pp, String mode) {
        var m = PORT_RANGE.matcher(pm.containerPortRange());
        if (!m.matches()
                || Integer.parseInt(m.group(1)) < 1
                || Integer.parseInt(m.group(2)) > 65535
                || Integer.parseInt(m.group(1)) >= Integer.parseInt(m.group(2))) {
            error(
                    "port.range",
                    pp + "/containerPortRange",
                    "Invalid 'containerPortRange' '" + pm.containerPortRange() + "': expected first-last with"
                            + " 1 <= first < last <= 65535.",
                    "Write e.g. \"8000-8010\".");
        }
        if (pm.containerPort() != null || pm.hostPort() != null) {
            error(
                    "port.range",
                    pp + "/containerPortRange",
                    "A port mapping with 'containerPortRange' cannot also set 'containerPort' or 'hostPort'.",
                    "Remove containerPort/hostPort from this mapping.");
        }
        if (!"awsvpc".equals(mode) && !"bridge".equals(mode)) {
            error(
                    "port.range",
                    pp + "/containerPortRange",
                    "'containerPortRange' is supported only with networkMode awsvpc or bridge.",
                    "Use awsvpc or bridge.");
        }
    }

    private void links(ContainerDefinition c, String p, String name, Map<String, Integer> names) {
        if (!c.hasLinks() || c.links().isEmpty()) {
            // "links": [] is accepted by AWS in every network mode (DescribeTaskDefinition returns it so)
            return;
        }
        String mode = networkMode == null ? (windows ? "default" : "bridge") : networkMode;
        if (!"bridge".equals(mode)) {
            error(
                    "network.links",
                    p + "/links",
                    "Links are not supported when networkMode=" + mode + ".",
                    "Remove \"links\": containers in one task reach each other on localhost under " + mode + ".");
            return;
        }
        for (int j = 0; j < c.links().size(); j++) {
            String link = c.links().get(j);
            String target = link == null ? "" : link.split(":", 2)[0];
            if (!names.containsKey(target)) {
                error(
                        "links.container",
                        p + "/links/" + j,
                        "Link " + Shown.value(link) + " of container '" + name
                                + "' names no container of this task definition.",
                        hint(target, names.keySet(), "Link to one of: " + String.join(", ", names.keySet()) + "."));
            }
        }
    }

    private void healthCheck(HealthCheck hc, String p, String name) {
        if (hc == null) {
            return;
        }
        List<String> cmd = hc.hasCommand() ? hc.command() : List.of();
        if (cmd.isEmpty() || !("CMD".equals(cmd.get(0)) || "CMD-SHELL".equals(cmd.get(0))) || cmd.size() < 2) {
            error(
                    "healthcheck.command",
                    p + "/command",
                    "Invalid health check command for container '" + name + "' (" + cmd.size() + " element"
                            + (cmd.size() == 1 ? "" : "s") + ", not shown: a command may hold a password)."
                            + " The command must start with CMD or CMD-SHELL followed by the command.",
                    "Write [\"CMD-SHELL\", \"curl -f http://localhost/ || exit 1\"] or [\"CMD\", \"/bin/check\"].");
        }
        range(hc.interval(), 5, 300, "healthcheck.interval", p + "/interval", "interval", name, 30);
        range(hc.timeout(), 2, 60, "healthcheck.timeout", p + "/timeout", "timeout", name, 5);
        range(hc.retries(), 1, 10, "healthcheck.retries", p + "/retries", "retries", name, 3);
        range(hc.startPeriod(), 0, 300, "healthcheck.start-period", p + "/startPeriod", "startPeriod", name, 0);
    }

    private void range(Integer v, int min, int max, String rule, String path, String field, String name, int def) {
        if (v != null && (v < min || v > max)) {
            error(
                    rule,
                    path,
                    "Invalid health check '" + field + "' " + v + " for container '" + name + "': it must be between "
                            + min + " and " + max + ".",
                    "Use " + min + "–" + max + " (default " + def + ").");
        }
    }

    private void logging(ContainerDefinition c, String p, String name) {
        LogConfiguration lc = c.logConfiguration();
        if (lc == null) {
            warning(
                    "logging.missing",
                    p,
                    "Container '" + name + "' has no logConfiguration: its output is lost when the task stops.",
                    "Add a log configuration, e.g. awslogs with a group, region and stream prefix.");
            return;
        }
        String lp = p + "/logConfiguration";
        String driver = lc.logDriverAsString();
        if (driver == null) {
            error(
                    "logging.driver",
                    lp,
                    "Missing required parameter in " + Pointers.toCliPath(base + lp) + ": \"logDriver\"",
                    "Add \"logDriver\", e.g. \"awslogs\".");
            return;
        }
        if (!LOG_DRIVERS.contains(driver)) {
            error(
                    "logging.driver",
                    lp + "/logDriver",
                    "Value " + Shown.value(driver)
                            + " at 'logDriver' failed to satisfy constraint: Member must satisfy enum value" + " set: "
                            + sorted(LOG_DRIVERS),
                    hint(driver, LOG_DRIVERS, "Use awslogs."));
            return;
        }
        if (fargate && !FARGATE_LOG_DRIVERS.contains(driver)) {
            error(
                    "logging.fargate-driver",
                    lp + "/logDriver",
                    "Log driver " + driver + " is not supported on Fargate; the supported drivers are awslogs, splunk"
                            + " and awsfirelens.",
                    "Use awslogs.");
        }
        Map<String, String> opts = lc.hasOptions() ? lc.options() : Map.of();
        if ("awslogs".equals(driver)) {
            for (String key : opts.keySet()) {
                if (!AWSLOGS_OPTIONS.contains(key)) {
                    String s = DidYouMean.suggest(key, AWSLOGS_OPTIONS);
                    error(
                            "logging.awslogs-options",
                            lp + "/options/" + Pointers.escape(key),
                            "Unknown log option '" + key + "' for the awslogs driver.",
                            s != null
                                    ? "Did you mean \"" + s + "\"?"
                                    : "Use one of: " + String.join(", ", AWSLOGS_OPTIONS));
                }
            }
            if (isEmpty(opts.get("awslogs-group"))) {
                error(
                        "logging.awslogs-options",
                        lp + "/options",
                        "The awslogs log driver of container '" + name + "' needs the option 'awslogs-group'.",
                        "Add \"awslogs-group\": the CloudWatch Logs group.");
            }
            if (isEmpty(opts.get("awslogs-region"))) {
                error(
                        "logging.awslogs-options",
                        lp + "/options",
                        "The awslogs log driver of container '" + name + "' needs the option 'awslogs-region'.",
                        "Add \"awslogs-region\", e.g. \"us-east-1\".");
            }
            if (fargate && isEmpty(opts.get("awslogs-stream-prefix"))) {
                error(
                        "logging.awslogs-stream-prefix",
                        lp + "/options",
                        "The awslogs log driver of container '" + name + "' needs 'awslogs-stream-prefix' on Fargate.",
                        "Add \"awslogs-stream-prefix\", e.g. \"" + name + "\".");
            }
            if (fargate && isEmpty(td.executionRoleArn())) {
                error(
                        "roles.execution-required",
                        lp + "/logDriver",
                        "Fargate requires task definition to have execution role ARN to support log driver awslogs.",
                        "Add \"executionRoleArn\" with a role that may write to CloudWatch Logs.");
            }
        }
        for (String value : opts.values()) {
            if (value != null && hasPlaceholder(value)) {
                placeholder(lp + "/options", value);
            }
        }
        if (lc.hasSecretOptions() && !lc.secretOptions().isEmpty()) {
            if (isEmpty(td.executionRoleArn())) {
                error(
                        "roles.execution-required",
                        lp + "/secretOptions",
                        "When you are specifying container secrets, you must also specify a value for"
                                + " 'executionRoleArn'.",
                        "Add \"executionRoleArn\" with a role that may read the secrets.");
            }
            for (int j = 0; j < lc.secretOptions().size(); j++) {
                secretValue(lc.secretOptions().get(j), lp + "/secretOptions/" + j);
            }
        }
    }

    private void secrets(ContainerDefinition c, String p, String name) {
        if (!c.hasSecrets() || c.secrets().isEmpty()) {
            return;
        }
        if (isEmpty(td.executionRoleArn())) {
            error(
                    "roles.execution-required",
                    p + "/secrets",
                    "When you are specifying container secrets, you must also specify a value for 'executionRoleArn'.",
                    "Add \"executionRoleArn\" with a role that may read these parameters/secrets.");
        }
        for (int j = 0; j < c.secrets().size(); j++) {
            secretValue(c.secrets().get(j), p + "/secrets/" + j);
        }
    }

    private void secretValue(Secret s, String sp) {
        String v = s.valueFrom();
        if (isEmpty(s.name())) {
            error(
                    "secrets.value-from",
                    sp + "/name",
                    "Secret 'name' should not be null or empty.",
                    "Name the variable.");
        }
        if (isEmpty(v)) {
            error(
                    "secrets.value-from",
                    sp + "/valueFrom",
                    "Secret 'valueFrom' should not be null or empty.",
                    "Give an SSM parameter name/ARN or a Secrets Manager ARN.");
            return;
        }
        if (hasPlaceholder(v)) {
            placeholder(sp + "/valueFrom", v);
            return;
        }
        if (v.startsWith("arn:")) {
            if (v.contains(":secretsmanager:")) {
                if (!SECRETS_ARN.matcher(v).matches()) {
                    error(
                            "secrets.value-from",
                            sp + "/valueFrom",
                            "Invalid 'valueFrom' " + Shown.value(v) + ": a Secrets Manager reference is"
                                    + " arn:aws:secretsmanager:region:account:secret:name[:json-key:version-stage:version-id].",
                            "Fix the ARN (at most three ':'-separated parts after the secret name).");
                }
            } else if (v.contains(":ssm:")) {
                if (!SSM_ARN.matcher(v).matches()) {
                    error(
                            "secrets.value-from",
                            sp + "/valueFrom",
                            "Invalid 'valueFrom' " + Shown.value(v) + ": an SSM parameter ARN is"
                                    + " arn:aws:ssm:region:account:parameter/name.",
                            "Fix the ARN, or give the parameter name.");
                }
            } else {
                error(
                        "secrets.value-from",
                        sp + "/valueFrom",
                        "Invalid 'valueFrom' " + Shown.value(v)
                                + ": only SSM Parameter Store and Secrets Manager ARNs are supported.",
                        "Use arn:aws:ssm:... or arn:aws:secretsmanager:...");
            }
        } else if (!SSM_NAME.matcher(v).matches()) {
            error(
                    "secrets.value-from",
                    sp + "/valueFrom",
                    "Invalid 'valueFrom' (" + v.length() + " characters, not shown: it may be a pasted secret):"
                            + " not an SSM parameter name (letters, numbers, . - _ /) nor an ARN.",
                    "Give the SSM parameter name (e.g. /prod/db/password) or a full ARN.");
        }
    }

    private void environment(ContainerDefinition c, String p, String name) {
        if (!c.hasEnvironment()) {
            return;
        }
        for (int j = 0; j < c.environment().size(); j++) {
            KeyValuePair kv = c.environment().get(j);
            String ep = p + "/environment/" + j;
            String key = kv.name() == null ? "" : kv.name();
            String value = kv.value() == null ? "" : kv.value();
            String reason = secretReason(key, value);
            if (reason != null) {
                warning(
                        "security.plain-secret",
                        ep + "/value",
                        "Environment variable '" + key + "' of container '" + name + "' " + reason
                                + " in plain text: anyone who may describe the task definition can read it.",
                        "Move it to \"secrets\" with valueFrom an SSM SecureString or a Secrets Manager ARN, and"
                                + " rotate the exposed value.");
            }
            if (hasPlaceholder(value)) {
                if (reason != null) {
                    placeholderHidden(ep + "/value", "environment variable '" + Shown.value(key) + "'");
                } else {
                    placeholder(ep + "/value", value);
                }
            }
        }
    }

    /** Whether a plain environment variable looks like a secret (name or value). */
    public static boolean looksSecret(String key, String value) {
        return secretReason(key, value) != null;
    }

    /** Why a plain environment variable looks like a secret, or null. */
    static String secretReason(String key, String value) {
        if (value.isEmpty()) {
            return null;
        }
        // cheap contains() checks guard the regular expressions: this runs for every variable
        if (value.indexOf('@') > 0
                && value.contains("://")
                && URL_WITH_PASSWORD.matcher(value).matches()) {
            return "holds a URL with a password";
        }
        if ((value.contains("AKIA") || value.contains("ASIA"))
                && ACCESS_KEY_ID.matcher(value).matches()) {
            return "holds an AWS access key id";
        }
        if (value.contains("PRIVATE KEY-----")) {
            return "holds a private key";
        }
        String upper = key.toUpperCase(Locale.ROOT);
        for (String word : SECRET_WORDS) {
            if (upper.contains(word)) {
                return "looks like a secret by its name";
            }
        }
        if (upper.contains("KEY") && KEY_TOKEN.matcher(upper).matches()) {
            return "looks like a secret by its name";
        }
        return null;
    }

    private void mounts(
            ContainerDefinition c, String p, String name, Set<String> volumeNames, Map<String, Integer> names) {
        if (c.hasMountPoints()) {
            for (int j = 0; j < c.mountPoints().size(); j++) {
                MountPoint m = c.mountPoints().get(j);
                String mp = p + "/mountPoints/" + j;
                if (m.sourceVolume() == null || !volumeNames.contains(m.sourceVolume())) {
                    error(
                            "volumes.mount-source",
                            mp + "/sourceVolume",
                            "Invalid 'sourceVolume' " + Shown.value(m.sourceVolume()) + " of container '" + name
                                    + "': the task definition declares no volume with that name.",
                            volumeNames.isEmpty()
                                    ? "Declare it in \"volumes\"."
                                    : hint(
                                            String.valueOf(m.sourceVolume()),
                                            volumeNames,
                                            "Declare it in \"volumes\" or use one of: "
                                                    + String.join(", ", volumeNames)));
                }
                if (isEmpty(m.containerPath())) {
                    error(
                            "volumes.mount-source",
                            mp + "/containerPath",
                            "Mount point of container '" + name + "' needs a 'containerPath'.",
                            "Add \"containerPath\", e.g. \"/data\".");
                }
            }
        }
        if (c.hasVolumesFrom()) {
            for (int j = 0; j < c.volumesFrom().size(); j++) {
                VolumeFrom v = c.volumesFrom().get(j);
                if (v.sourceContainer() == null || !names.containsKey(v.sourceContainer())) {
                    error(
                            "volumes.mount-source",
                            p + "/volumesFrom/" + j + "/sourceContainer",
                            "Invalid 'sourceContainer' '" + v.sourceContainer() + "' of container '" + name
                                    + "': no container of this task definition has that name.",
                            hint(
                                    String.valueOf(v.sourceContainer()),
                                    names.keySet(),
                                    "Name a container of this task."));
                }
            }
        }
    }

    private void ulimits(ContainerDefinition c, String p, String name) {
        if (!c.hasUlimits()) {
            return;
        }
        for (int j = 0; j < c.ulimits().size(); j++) {
            Ulimit u = c.ulimits().get(j);
            String up = p + "/ulimits/" + j;
            String uname = u.nameAsString();
            if (uname == null || !ULIMITS.contains(uname)) {
                error(
                        "ulimits",
                        up + "/name",
                        "Value '" + uname + "' at 'ulimits.name' failed to satisfy constraint: Member must satisfy enum"
                                + " value set: " + sorted(ULIMITS),
                        hint(String.valueOf(uname), ULIMITS, "Use e.g. nofile."));
            }
            if (u.softLimit() == null || u.hardLimit() == null) {
                error(
                        "ulimits",
                        up,
                        "Ulimit '" + uname + "' of container '" + name + "' needs both 'softLimit' and 'hardLimit'.",
                        "Add both limits.");
                continue;
            }
            if (u.softLimit() > u.hardLimit()) {
                error(
                        "ulimits",
                        up + "/softLimit",
                        "Ulimit '" + uname + "' of container '" + name + "': softLimit " + u.softLimit()
                                + " is greater than hardLimit " + u.hardLimit() + ".",
                        "Make softLimit <= hardLimit.");
            }
            if (fargate && "nofile".equals(uname) && u.hardLimit() > 1048576) {
                error(
                        "ulimits",
                        up + "/hardLimit",
                        "Fargate allows a nofile hardLimit of at most 1048576, was " + u.hardLimit() + ".",
                        "Use at most 1048576.");
            }
        }
    }

    private void dependsOn(
            ContainerDefinition c, String p, String name, Map<String, Integer> names, List<ContainerDefinition> cs) {
        if (!c.hasDependsOn()) {
            return;
        }
        for (int j = 0; j < c.dependsOn().size(); j++) {
            ContainerDependency d = c.dependsOn().get(j);
            String dp = p + "/dependsOn/" + j;
            String target = d.containerName();
            Integer idx = target == null ? null : names.get(target);
            if (idx == null) {
                error(
                        "depends-on.container",
                        dp + "/containerName",
                        "Container '" + name + "' depends on '" + target + "', which is not a container of this task"
                                + " definition.",
                        hint(String.valueOf(target), names.keySet(), "Name a container of this task."));
            } else if (target.equals(name)) {
                error(
                        "depends-on.cycle",
                        dp + "/containerName",
                        "Container '" + name + "' depends on itself.",
                        "Remove the dependency.");
            }
            String cond = d.conditionAsString();
            if (cond == null || !CONDITIONS.contains(cond)) {
                error(
                        "depends-on.condition",
                        dp + "/condition",
                        "Value '" + cond
                                + "' at 'dependsOn.condition' failed to satisfy constraint: Member must satisfy"
                                + " enum value set: [START, COMPLETE, SUCCESS, HEALTHY]",
                        hint(String.valueOf(cond), CONDITIONS, "Use START, COMPLETE, SUCCESS or HEALTHY."));
                continue;
            }
            if (idx == null) {
                continue;
            }
            ContainerDefinition t = cs.get(idx);
            if ("HEALTHY".equals(cond) && t.healthCheck() == null) {
                error(
                        "depends-on.healthy",
                        dp + "/condition",
                        "Container '" + name + "' waits for '" + target + "' to be HEALTHY, but '" + target
                                + "' has no healthCheck.",
                        "Add a healthCheck to '" + target + "' or use condition START.");
            }
            if (("COMPLETE".equals(cond) || "SUCCESS".equals(cond)) && (t.essential() == null || t.essential())) {
                error(
                        "depends-on.essential",
                        dp + "/condition",
                        "Container '" + name + "' waits for '" + target + "' to " + cond + ", but '" + target
                                + "' is essential: when an essential container exits, the task stops.",
                        "Mark '" + target + "' \"essential\": false, or use START/HEALTHY.");
            }
        }
    }

    private void dependencyCycles(List<ContainerDefinition> cs, Map<String, Integer> names) {
        int n = cs.size();
        List<List<Integer>> edges = new ArrayList<>();
        for (ContainerDefinition c : cs) {
            List<Integer> e = new ArrayList<>();
            if (c.hasDependsOn()) {
                for (ContainerDependency d : c.dependsOn()) {
                    Integer t = d.containerName() == null ? null : names.get(d.containerName());
                    if (t != null && !d.containerName().equals(c.name())) {
                        e.add(t);
                    }
                }
            }
            edges.add(e);
        }
        int[] state = new int[n];
        for (int i = 0; i < n; i++) {
            if (state[i] == 0) {
                List<Integer> stack = new ArrayList<>();
                List<Integer> cycle = dfs(i, edges, state, stack);
                if (cycle != null) {
                    StringBuilder sb = new StringBuilder();
                    for (int k : cycle) {
                        sb.append(cs.get(k).name()).append(" -> ");
                    }
                    sb.append(cs.get(cycle.get(0)).name());
                    error(
                            "depends-on.cycle",
                            "/containerDefinitions/" + cycle.get(0) + "/dependsOn",
                            "Container dependencies form a cycle: " + sb + ".",
                            "Remove one of these dependencies.");
                    return;
                }
            }
        }
    }

    private static List<Integer> dfs(int v, List<List<Integer>> edges, int[] state, List<Integer> stack) {
        state[v] = 1;
        stack.add(v);
        for (int w : edges.get(v)) {
            if (state[w] == 1) {
                return new ArrayList<>(stack.subList(stack.indexOf(w), stack.size()));
            }
            if (state[w] == 0) {
                List<Integer> c = dfs(w, edges, state, stack);
                if (c != null) {
                    return c;
                }
            }
        }
        stack.remove(stack.size() - 1);
        state[v] = 2;
        return null;
    }

    private void security(ContainerDefinition c, String p, String name) {
        if (Boolean.TRUE.equals(c.privileged())) {
            if (fargate) {
                error(
                        "security.privileged",
                        p + "/privileged",
                        "Fargate does not support privileged containers (container '" + name + "').",
                        "Remove \"privileged\"; add only the Linux capabilities the container needs.");
            } else {
                warning(
                        "security.privileged",
                        p + "/privileged",
                        "Container '" + name + "' is privileged: it has root on the host.",
                        "Remove \"privileged\"; add only the Linux capabilities the container needs.");
            }
        }
        if (!Boolean.TRUE.equals(c.readonlyRootFilesystem())) {
            warning(
                    "security.readonly-root",
                    p + "/readonlyRootFilesystem",
                    "Container '" + name + "' can write to its root filesystem.",
                    "Set \"readonlyRootFilesystem\": true and mount a volume where it must write.");
        }
    }

    private static boolean isEmpty(String s) {
        return s == null || s.trim().isEmpty();
    }

    private static String sorted(Set<String> values) {
        return values.stream().sorted().toList().toString();
    }

    private static String hint(String value, java.util.Collection<String> known, String otherwise) {
        String s = DidYouMean.suggest(value, known);
        return s != null ? "Did you mean \"" + s + "\"?" : otherwise;
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
