package org.citadel.realmfs.core.packagecache;

import java.nio.file.Path;

/** A build's archives directory held open in a JVM of its own until it is killed ({@link BuildArchivesProcessIT}). */
public final class HeldArchives {
    private HeldArchives() {
    }

    public static void main(String[] args) throws InterruptedException {
        BuildArchives archives = BuildArchives.open(Path.of(args[0]));
        System.out.println(archives.directory());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
