package dev.awskit.ecr;

/** How a repository encrypts images at rest. */
public enum Encryption {
    /** S3-managed keys: the default, works in every region. */
    AES256,
    /** A KMS key; keys are per region, so a copy to another region needs a key there. */
    KMS,
    /** Dual-layer KMS encryption. */
    KMS_DSSE
}
