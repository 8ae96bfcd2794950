package dev.awskit.iam.internal;

import dev.awskit.core.AwsErrors;
import dev.awskit.core.AwsKit;
import dev.awskit.core.AwsKitException;
import dev.awskit.core.Pages;
import dev.awskit.iam.IamRole;
import dev.awskit.iam.ManagedPolicy;
import dev.awskit.iam.PolicyDocument;
import dev.awskit.iam.Principal;
import dev.awskit.iam.RoleDescription;
import dev.awskit.iam.RoleDrift;
import dev.awskit.iam.RoleReport;
import dev.awskit.iam.ServicePrincipal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.InstanceProfile;
import software.amazon.awssdk.services.iam.model.Role;

/** What {@link IamRole} does: one immutable declaration, compared with IAM on each call. */
final class DefaultIamRole implements IamRole {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultIamRole.class);

    private final AwsKit kit;
    private final String name;
    private final String partition;
    private final List<Principal> principals;
    private final PolicyDocument trustDocument; // given in full, or null
    private final Set<ManagedPolicy> attached;
    private final Map<String, PolicyDocument> inline;
    private final String description;

    DefaultIamRole(AwsKit kit, String name) {
        this(kit, name, List.of(), null, Set.of(), Map.of(), null);
    }

    private DefaultIamRole(
            AwsKit kit,
            String name,
            List<Principal> principals,
            PolicyDocument trustDocument,
            Set<ManagedPolicy> attached,
            Map<String, PolicyDocument> inline,
            String description) {
        this.kit = kit;
        this.name = name;
        this.partition = Partitions.of(kit);
        this.principals = principals;
        this.trustDocument = trustDocument;
        this.attached = attached;
        this.inline = inline;
        this.description = description;
    }

    @Override
    public String name() {
        return name;
    }

    // ------------------------------------------------------------------ declaration

    @Override
    public IamRole trustedBy(Principal... more) {
        if (trustDocument != null) {
            throw new IllegalStateException("Role " + name + " has a trust policy document already; declare the"
                    + " principals there, or use trustedBy(...) alone");
        }
        if (more.length == 0) {
            throw new IllegalArgumentException(
                    "trustedBy() needs at least one principal, e.g. ServicePrincipal.ECS_TASKS");
        }
        List<Principal> ps = new ArrayList<>(principals);
        for (Principal p : more) {
            Objects.requireNonNull(p, "principal");
            if (ps.contains(p)) {
                throw new IllegalStateException("Role " + name + " is trusted by " + p + " already; name it once");
            }
            ps.add(p);
        }
        return new DefaultIamRole(kit, name, List.copyOf(ps), null, attached, inline, description);
    }

    @Override
    public IamRole trustPolicy(PolicyDocument trustPolicy) {
        Objects.requireNonNull(trustPolicy, "trustPolicy");
        if (!principals.isEmpty() || trustDocument != null) {
            throw new IllegalStateException("Role " + name + " has a trust policy already ("
                    + (trustDocument != null ? trustDocument : "trustedBy " + principals) + "); declare it once");
        }
        List<String> problems = trustPolicy.problemsAs(true);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(
                    "Not a trust policy for role " + name + ": " + String.join("; ", problems));
        }
        return new DefaultIamRole(kit, name, principals, trustPolicy, attached, inline, description);
    }

    @Override
    public IamRole attach(ManagedPolicy... policies) {
        Set<ManagedPolicy> all = new LinkedHashSet<>(attached);
        for (ManagedPolicy p : policies) {
            if (!all.add(Objects.requireNonNull(p, "policy"))) {
                throw new IllegalStateException(p + " is attached to role " + name + " already; name it once");
            }
        }
        return new DefaultIamRole(
                kit, name, principals, trustDocument, Collections.unmodifiableSet(all), inline, description);
    }

    @Override
    public IamRole putInline(String policyName, PolicyDocument document) {
        IamNames.require("policy", policyName);
        Objects.requireNonNull(document, "document");
        if (inline.containsKey(policyName)) {
            throw new IllegalStateException(
                    "Inline policy " + policyName + " of role " + name + " is declared already; declare it once");
        }
        List<String> problems = document.problemsAs(false);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Inline policy " + policyName + " of role " + name
                    + " is not a permissions policy: " + String.join("; ", problems));
        }
        Map<String, PolicyDocument> all = new LinkedHashMap<>(inline);
        all.put(policyName, document);
        return new DefaultIamRole(
                kit, name, principals, trustDocument, attached, Collections.unmodifiableMap(all), description);
    }

    @Override
    public IamRole description(String text) {
        if (description != null) {
            throw new IllegalStateException("The description of role " + name + " is set already to '" + description
                    + "'; cannot set it to '" + text + "'");
        }
        if (text == null || text.length() > 1000) {
            throw new IllegalArgumentException("A role description has at most 1000 characters");
        }
        return new DefaultIamRole(kit, name, principals, trustDocument, attached, inline, text);
    }

    private PolicyDocument trust() {
        if (trustDocument != null) {
            return trustDocument;
        }
        if (principals.isEmpty()) {
            throw new IllegalStateException("Role " + name + " has no trust policy: say who may assume it, e.g."
                    + " .trustedBy(ServicePrincipal.ECS_TASKS)");
        }
        return PolicyDocument.trust(principals.toArray(Principal[]::new));
    }

    private boolean needsInstanceProfile() {
        return trust().trusts(ServicePrincipal.EC2);
    }

    private Set<String> attachedArns() {
        Set<String> out = new LinkedHashSet<>();
        attached.forEach(p -> out.add(p.arn(partition)));
        return out;
    }

    // ------------------------------------------------------------------ reading

    /** What IAM holds, with the instance profiles' ARNs. */
    private record Found(RoleDescription role, Map<String, String> profileArns) {}

    @Override
    public boolean exists() {
        return getRole().isPresent();
    }

    @Override
    public Optional<RoleDescription> describe() {
        return find().map(Found::role);
    }

    private Optional<Role> getRole() {
        try {
            return Optional.of(iam().getRole(r -> r.roleName(name)).role());
        } catch (SdkException e) {
            if (AwsErrors.isNotFound(e)) {
                return Optional.empty();
            }
            throw failure("GetRole", "", e);
        }
    }

    private Optional<Found> find() {
        Optional<Role> role = getRole();
        if (role.isEmpty()) {
            return Optional.empty();
        }
        List<String> arns = call("ListAttachedRolePolicies", "", () -> Pages.stream(
                        iam().listAttachedRolePoliciesPaginator(r -> r.roleName(name))
                                .attachedPolicies())
                .map(AttachedPolicy::policyArn)
                .toList());
        Map<String, PolicyDocument> inlineDocs = new LinkedHashMap<>();
        List<String> names = call("ListRolePolicies", "", () -> Pages.stream(
                        iam().listRolePoliciesPaginator(r -> r.roleName(name)).policyNames())
                .toList());
        for (String n : names) {
            String doc = call("GetRolePolicy", n, () -> iam().getRolePolicy(
                            r -> r.roleName(name).policyName(n))
                    .policyDocument());
            inlineDocs.put(n, fromIam(doc, "inline policy " + n));
        }
        Map<String, String> profiles = new LinkedHashMap<>();
        call("ListInstanceProfilesForRole", "", () -> Pages.stream(
                                iam().listInstanceProfilesForRolePaginator(r -> r.roleName(name))
                                        .instanceProfiles())
                        .toList())
                .forEach(p -> profiles.put(p.instanceProfileName(), p.arn()));
        RoleDescription d = RoleDescription.builder()
                .roleName(name)
                .arn(role.get().arn())
                .trustPolicy(fromIam(role.get().assumeRolePolicyDocument(), "trust policy"))
                .addAllAttachedPolicyArns(arns)
                .putAllInlinePolicies(inlineDocs)
                .addAllInstanceProfiles(profiles.keySet())
                .build();
        return Optional.of(new Found(d, profiles));
    }

    private PolicyDocument fromIam(String document, String what) {
        try {
            return PolicyDocument.fromIam(document);
        } catch (IllegalArgumentException e) {
            throw new AwsKitException("The " + what + " of IAM role " + name + " (partition " + partition
                    + ") cannot be read: " + e.getMessage() + ". Inspect it with aws iam get-role --role-name "
                    + name + " and fix it by hand.");
        }
    }

    // ------------------------------------------------------------------ comparing

    private List<RoleDrift> drift(Found found) {
        RoleDescription d = found.role();
        List<RoleDrift> out = new ArrayList<>();
        PolicyDocument trust = trust();
        if (!trust.equals(d.trustPolicy())) {
            out.add(RoleDrift.builder()
                    .kind(RoleDrift.Kind.TRUST_POLICY)
                    .subject(name)
                    .expected(trust.toString())
                    .actual(d.trustPolicy().toString())
                    .fix("aws iam update-assume-role-policy --role-name " + name
                            + " --policy-document file://trust.json")
                    .build());
        }
        Set<String> want = attachedArns();
        for (String arn : want) {
            if (!d.attachedPolicyArns().contains(arn)) {
                out.add(drift(
                        RoleDrift.Kind.MISSING_MANAGED_POLICY,
                        arn,
                        "aws iam attach-role-policy --role-name " + name + " --policy-arn " + arn));
            }
        }
        for (String arn : d.attachedPolicyArns()) {
            if (!want.contains(arn)) {
                out.add(drift(
                        RoleDrift.Kind.EXTRA_MANAGED_POLICY,
                        arn,
                        "aws iam detach-role-policy --role-name " + name + " --policy-arn " + arn));
            }
        }
        inline.forEach((n, doc) -> {
            PolicyDocument actual = d.inlinePolicies().get(n);
            String fix = "aws iam put-role-policy --role-name " + name + " --policy-name " + n
                    + " --policy-document file://" + n + ".json";
            if (actual == null) {
                out.add(RoleDrift.builder()
                        .kind(RoleDrift.Kind.MISSING_INLINE_POLICY)
                        .subject(n)
                        .expected(doc.toString())
                        .fix(fix)
                        .build());
            } else if (!actual.equals(doc)) {
                out.add(RoleDrift.builder()
                        .kind(RoleDrift.Kind.DIFFERENT_INLINE_POLICY)
                        .subject(n)
                        .expected(doc.toString())
                        .actual(actual.toString())
                        .fix(fix)
                        .build());
            }
        });
        for (String n : d.inlinePolicies().keySet()) {
            if (!inline.containsKey(n)) {
                out.add(RoleDrift.builder()
                        .kind(RoleDrift.Kind.EXTRA_INLINE_POLICY)
                        .subject(n)
                        .actual(d.inlinePolicies().get(n).toString())
                        .fix("aws iam delete-role-policy --role-name " + name + " --policy-name " + n)
                        .build());
            }
        }
        if (needsInstanceProfile() && !d.instanceProfiles().contains(name)) {
            out.add(drift(
                    RoleDrift.Kind.MISSING_INSTANCE_PROFILE,
                    name,
                    "aws iam create-instance-profile --instance-profile-name " + name
                            + " && aws iam add-role-to-instance-profile --instance-profile-name " + name
                            + " --role-name " + name));
        }
        return out;
    }

    private static RoleDrift drift(RoleDrift.Kind kind, String subject, String fix) {
        return RoleDrift.builder().kind(kind).subject(subject).fix(fix).build();
    }

    // ------------------------------------------------------------------ operations

    @Override
    public RoleReport check() {
        trust();
        Optional<Found> found = find();
        if (found.isEmpty()) {
            return RoleReport.builder()
                    .roleName(name)
                    .outcome(RoleReport.Outcome.ABSENT)
                    .build();
        }
        return existing(found.get(), false);
    }

    @Override
    public RoleReport createIfAbsent() {
        trust();
        Optional<Found> found = find();
        return found.isPresent() ? existing(found.get(), false) : create();
    }

    @Override
    public RoleReport update() {
        trust();
        Optional<Found> found = find();
        return found.isPresent() ? existing(found.get(), true) : create();
    }

    private RoleReport existing(Found found, boolean fix) {
        List<RoleDrift> drift = drift(found);
        RoleReportBuilderHelper report =
                new RoleReportBuilderHelper(found.role().arn());
        report.profileArn = found.profileArns().get(name);
        if (drift.isEmpty()) {
            return report.build(RoleReport.Outcome.UNCHANGED, drift);
        }
        if (!fix) {
            LOG.info(
                    "IAM role {} differs from its declaration: {}",
                    name,
                    drift.stream().map(d -> d.kind() + " " + d.subject()).toList());
            return report.build(RoleReport.Outcome.DRIFT, drift);
        }
        try {
            for (RoleDrift d : drift) {
                apply(d, report);
            }
        } catch (AwsKitException e) {
            throw new AwsKitException(
                    "Updating IAM role " + name + " stopped after " + report.changes + ": " + e.getMessage()
                            + " Run update() again once that is fixed.",
                    e);
        }
        return report.build(RoleReport.Outcome.UPDATED, drift);
    }

    private void apply(RoleDrift d, RoleReportBuilderHelper report) {
        switch (d.kind()) {
            case TRUST_POLICY -> {
                String doc = trust().toJson();
                run("UpdateAssumeRolePolicy", "", () -> iam().updateAssumeRolePolicy(
                                r -> r.roleName(name).policyDocument(doc)));
                report.changes.add("UpdateAssumeRolePolicy");
            }
            case MISSING_MANAGED_POLICY -> attachPolicy(d.subject(), report);
            case EXTRA_MANAGED_POLICY -> {
                run("DetachRolePolicy", d.subject(), () -> iam().detachRolePolicy(
                                r -> r.roleName(name).policyArn(d.subject())));
                report.changes.add("DetachRolePolicy " + d.subject());
            }
            case MISSING_INLINE_POLICY, DIFFERENT_INLINE_POLICY -> putPolicy(d.subject(), report);
            case EXTRA_INLINE_POLICY -> {
                run("DeleteRolePolicy", d.subject(), () -> iam().deleteRolePolicy(
                                r -> r.roleName(name).policyName(d.subject())));
                report.changes.add("DeleteRolePolicy " + d.subject());
            }
            case MISSING_INSTANCE_PROFILE -> instanceProfile(report);
        }
    }

    private RoleReport create() {
        String doc = trust().toJson();
        Role role;
        try {
            role = iam().createRole(r -> {
                        r.roleName(name).assumeRolePolicyDocument(doc);
                        if (description != null) {
                            r.description(description);
                        }
                    })
                    .role();
        } catch (SdkException e) {
            if ("EntityAlreadyExists".equals(AwsErrors.errorCode(e).orElse(""))) {
                // created since we looked: compare, as for a role that was there
                return existing(find().orElseThrow(() -> failure("CreateRole", "", e)), false);
            }
            throw failure("CreateRole", "", e);
        }
        LOG.info("created IAM role {}", role.arn());
        RoleReportBuilderHelper report = new RoleReportBuilderHelper(role.arn());
        report.changes.add("CreateRole");
        try {
            for (String arn : attachedArns()) {
                attachPolicy(arn, report);
            }
            for (String n : inline.keySet()) {
                putPolicy(n, report);
            }
            if (needsInstanceProfile()) {
                instanceProfile(report);
            }
        } catch (AwsKitException e) {
            throw new AwsKitException(
                    "Created IAM role " + name + " but did not finish (done: " + report.changes + "): " + e.getMessage()
                            + " Run update() to finish, or delete() to remove the role.",
                    e);
        }
        return report.build(RoleReport.Outcome.CREATED, List.of());
    }

    private void attachPolicy(String arn, RoleReportBuilderHelper report) {
        run("AttachRolePolicy", arn, () -> iam().attachRolePolicy(
                        r -> r.roleName(name).policyArn(arn)));
        report.changes.add("AttachRolePolicy " + arn);
    }

    private void putPolicy(String policyName, RoleReportBuilderHelper report) {
        String doc = inline.get(policyName).toJson();
        run("PutRolePolicy", policyName, () -> iam().putRolePolicy(
                        r -> r.roleName(name).policyName(policyName).policyDocument(doc)));
        report.changes.add("PutRolePolicy " + policyName);
    }

    private void instanceProfile(RoleReportBuilderHelper report) {
        String arn;
        try {
            arn = iam().createInstanceProfile(r -> r.instanceProfileName(name))
                    .instanceProfile()
                    .arn();
            report.changes.add("CreateInstanceProfile " + name);
        } catch (SdkException e) {
            if (!"EntityAlreadyExists".equals(AwsErrors.errorCode(e).orElse(""))) {
                throw failure("CreateInstanceProfile", name, e);
            }
            InstanceProfile p =
                    call("GetInstanceProfile", name, () -> iam().getInstanceProfile(r -> r.instanceProfileName(name))
                            .instanceProfile());
            if (!p.roles().isEmpty()) {
                throw new AwsKitException("Instance profile " + name + " holds role "
                        + p.roles().get(0).roleName()
                        + " already (a profile holds one role). Remove it (aws iam remove-role-from-instance-profile"
                        + " --instance-profile-name " + name + " --role-name "
                        + p.roles().get(0).roleName()
                        + ") or name the role differently.");
            }
            arn = p.arn();
        }
        run("AddRoleToInstanceProfile", name, () -> iam().addRoleToInstanceProfile(
                        r -> r.instanceProfileName(name).roleName(name)));
        report.changes.add("AddRoleToInstanceProfile " + name);
        report.profileArn = arn;
    }

    @Override
    public RoleReport delete() {
        Optional<Found> found = find();
        if (found.isEmpty()) {
            return RoleReport.builder()
                    .roleName(name)
                    .outcome(RoleReport.Outcome.ABSENT)
                    .build();
        }
        RoleDescription d = found.get().role();
        RoleReportBuilderHelper report = new RoleReportBuilderHelper(d.arn());
        try {
            for (String profile : d.instanceProfiles()) {
                runIgnoringMissing("RemoveRoleFromInstanceProfile", profile, () -> iam().removeRoleFromInstanceProfile(
                                r -> r.instanceProfileName(profile).roleName(name)));
                report.changes.add("RemoveRoleFromInstanceProfile " + profile);
                if (profile.equals(name)) {
                    runIgnoringMissing("DeleteInstanceProfile", profile, () -> iam().deleteInstanceProfile(
                                    r -> r.instanceProfileName(profile)));
                    report.changes.add("DeleteInstanceProfile " + profile);
                }
            }
            for (String arn : d.attachedPolicyArns()) {
                runIgnoringMissing("DetachRolePolicy", arn, () -> iam().detachRolePolicy(
                                r -> r.roleName(name).policyArn(arn)));
                report.changes.add("DetachRolePolicy " + arn);
            }
            for (String n : d.inlinePolicies().keySet()) {
                runIgnoringMissing("DeleteRolePolicy", n, () -> iam().deleteRolePolicy(
                                r -> r.roleName(name).policyName(n)));
                report.changes.add("DeleteRolePolicy " + n);
            }
            runIgnoringMissing("DeleteRole", "", () -> iam().deleteRole(r -> r.roleName(name)));
            report.changes.add("DeleteRole");
        } catch (AwsKitException e) {
            throw new AwsKitException(
                    "Deleting IAM role " + name + " stopped after " + report.changes + ": " + e.getMessage()
                            + " Run delete() again once that is fixed.",
                    e);
        }
        LOG.info("deleted IAM role {}", d.arn());
        return report.build(RoleReport.Outcome.DELETED, List.of());
    }

    // ------------------------------------------------------------------ calls

    private IamClient iam() {
        return DefaultIamGroup.iam(kit);
    }

    private <T> T call(String action, String subject, Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkException e) {
            throw failure(action, subject, e);
        }
    }

    private void run(String action, String subject, Runnable call) {
        call(action, subject, () -> {
            call.run();
            return null;
        });
    }

    private void runIgnoringMissing(String action, String subject, Runnable call) {
        try {
            call.run();
        } catch (SdkException e) {
            if (!AwsErrors.isNotFound(e)) {
                throw failure(action, subject, e);
            }
        }
    }

    private AwsKitException failure(String action, String subject, SdkException e) {
        AwsKitException base = AwsKitException.of(
                "iam:" + action + " (role " + name + (subject.isEmpty() ? "" : ", " + subject) + ", partition "
                        + partition + ")",
                e);
        String hint = AwsErrors.isAccessDenied(e)
                ? " The caller needs iam:" + action + " on role " + name + "."
                : AwsErrors.isNotFound(e) && subject.startsWith("arn:")
                        ? " Check the policy ARN (aws iam list-policies --scope AWS)."
                        : "";
        return hint.isEmpty() ? base : new AwsKitException(base.getMessage() + hint, e);
    }

    /** The report being built (a mutable helper: the Immutables builder is strict about second writes). */
    private final class RoleReportBuilderHelper {
        final String arn;
        final List<String> changes = new ArrayList<>();
        String profileArn;

        RoleReportBuilderHelper(String arn) {
            this.arn = arn;
        }

        RoleReport build(RoleReport.Outcome outcome, List<RoleDrift> drift) {
            var b = RoleReport.builder()
                    .roleName(name)
                    .outcome(outcome)
                    .arn(arn)
                    .addAllDrift(drift)
                    .addAllChanges(changes);
            if (profileArn != null) {
                b.instanceProfileArn(profileArn);
            }
            return b.build();
        }
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("IamRole{").append(name);
        if (trustDocument != null) {
            b.append(", trust ").append(trustDocument);
        } else if (!principals.isEmpty()) {
            b.append(", trustedBy ").append(principals);
        }
        if (!attached.isEmpty()) {
            b.append(", attach ").append(attached);
        }
        if (!inline.isEmpty()) {
            b.append(", inline ").append(inline.keySet());
        }
        return b.append(" (declared; nothing called yet)}").toString();
    }
}
