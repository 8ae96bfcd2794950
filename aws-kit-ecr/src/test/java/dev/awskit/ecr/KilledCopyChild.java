package dev.awskit.ecr;

/**
 * A copy between the two registries in a JVM of its own, which {@link RegistryCopyKillIT} kills
 * with {@code kill -9} half-way: each blob copied is said on stdout ({@code COPIED <digest>}) and
 * its thread then blocks, so with two blobs at once the copy stops after one or two blobs, before
 * any manifest or tag, until it is killed. Arguments: source registry, target registry, user,
 * password, {@code repo:tag}.
 */
public final class KilledCopyChild {
    private KilledCopyChild() {}

    public static void main(String[] args) throws Exception {
        Registry from = Registry.at(args[0], args[2], args[3]);
        Registry to = Registry.at(args[1], args[2], args[3]);
        from.copy(args[4])
                .to(to, args[4])
                .parallelism(2)
                .progress(e -> {
                    String current = e.current().orElse("");
                    if (current.startsWith("sha256:") && !current.contains(" ")) { // copied, not skipped or mounted
                        System.out.println("COPIED " + current);
                        System.out.flush();
                        try {
                            Thread.sleep(Long.MAX_VALUE);
                        } catch (InterruptedException ie) {
                            Thread.currentThread().interrupt();
                        }
                    }
                })
                .run();
        System.out.println("FINISHED"); // never reached while the test works
    }
}
