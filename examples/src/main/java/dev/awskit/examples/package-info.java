/** Runnable examples; the tour itself is {@code examples/tour/*.jsh}. */
package dev.awskit.examples;
