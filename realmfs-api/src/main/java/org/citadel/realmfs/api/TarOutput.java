package org.citadel.realmfs.api;

import java.nio.file.Path;

/** A tar archive of the finished rootfs. */
public record TarOutput(Path path, Compression compression) implements Output {

    public enum Compression { NONE, XZ }

    public TarOutput {
        if (path == null) {
            throw new InvalidRecipeException("A tar output needs a file path");
        }
        if (compression == null) {
            compression = Compression.NONE;
        }
    }

    @Override
    public String kind() {
        return compression == Compression.XZ ? "tar.xz" : "tar";
    }
}
