package dev.awskit.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Enumeration;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The software.amazon.awssdk jars on the test's class path, artifact id to version. One copy for
 * every consumer project: each one's pom adds this directory as a second test source root.
 */
final class SdkJars {
    private static final Pattern SDK_JAR = Pattern.compile("/software/amazon/awssdk/([^/]+)/([^/]+)/[^/]+\\.jar!");

    private SdkJars() {}

    static Map<String, String> onClassPath() {
        Map<String, String> versions = new TreeMap<>();
        try {
            Enumeration<URL> manifests =
                    Thread.currentThread().getContextClassLoader().getResources("META-INF/MANIFEST.MF");
            while (manifests.hasMoreElements()) {
                Matcher m = SDK_JAR.matcher(manifests.nextElement().toString());
                if (m.find()) {
                    versions.put(m.group(1), m.group(2));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return versions;
    }
}
