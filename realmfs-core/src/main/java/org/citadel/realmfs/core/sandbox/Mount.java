package org.citadel.realmfs.core.sandbox;

import java.nio.file.Path;

/** A mount a sandbox made: where, and what (for messages). */
public record Mount(Path target, String description) {
    @Override
    public String toString() {
        return description + " on " + target;
    }
}
