package org.citadel.realmfs.core.process;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.IntSupplier;

/** Where a {@link Spawner}'s processes go: which thread may spawn, into which namespaces and root. */
public interface SpawnPlacement {

    /** Spawns from the calling thread as it is; refuses commands that need a root (chroot needs a sandbox). */
    SpawnPlacement HOST = new SpawnPlacement() {
        @Override
        public void checkCaller(Command command) {
            if (command.root().isPresent()) {
                throw new IllegalArgumentException("'" + command.display() + "' is to run chrooted into "
                        + command.root().get() + ": chrooted commands can only be spawned in a sandbox");
            }
        }

        @Override
        public int launch(Optional<Path> root, IntSupplier launch) {
            return launch.getAsInt();
        }
    };

    /** Throws {@link IllegalStateException} or {@link IllegalArgumentException} if {@code command} cannot be spawned from the calling thread. */
    void checkCaller(Command command);

    /**
     * Runs {@code launch} (a prepared posix_spawn that loads no class and opens no file) with the
     * calling thread placed where the child must start, and returns its result.
     */
    int launch(Optional<Path> root, IntSupplier launch);
}
