/** Extension points for modules and users: client customizers. */
package dev.awskit.core.spi;
