package org.citadel.realmfs.core.engine;

import java.nio.file.Path;
import org.citadel.realmfs.api.BuildEvent;
import org.citadel.realmfs.api.RealmfsBuild;

/**
 * The JVM {@link BuildKillIT} kills: a real build whose pre-install module sleeps, printing each
 * line of build output so the test knows when the build is deep inside its chroot.
 */
public final class KilledBuild {
    static final String SLEEP_SECONDS = "1000.007";
    static final String MARKER = "realmfs-kill-test: sleeping";

    private KilledBuild() {
    }

    public static void main(String[] args) {
        Path work = Path.of(args[0]);
        RealmfsBuild.builder()
                .preModule("sleep-forever", "echo '" + MARKER + "'\nsleep " + SLEEP_SECONDS)
                .build()
                .run(work, ItSupport.options().listener(event -> {
                    if (event instanceof BuildEvent.CommandOutput output) {
                        System.out.println(output.line());
                        System.out.flush();
                    }
                }).build());
    }
}
