/** Task-definition DSL and validation, register, run, deploy. */
package dev.awskit.ecs;
