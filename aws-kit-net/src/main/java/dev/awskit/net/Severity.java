package dev.awskit.net;

/** How bad a lint finding is. */
public enum Severity {
    LOW,
    MEDIUM,
    HIGH,
    CRITICAL
}
