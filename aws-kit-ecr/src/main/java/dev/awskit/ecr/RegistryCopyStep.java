package dev.awskit.ecr;

/** The first step of {@link Registry#copy(String)}: the target registry and repository[:tag]. */
public interface RegistryCopyStep {
    /** Copy to {@code repositoryAndTag} (e.g. {@code app:1.2}) in {@code target}. */
    CopyOptionsStep to(Registry target, String repositoryAndTag);
}
