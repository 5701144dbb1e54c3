package org.citadel.realmfs.core.output.image;

/** Where the output stage gets the base image each ext4 image of the build is written from ({@link Ext4DeltaWriter}). */
public interface Ext4BaseSource {
    /** The base for an image of {@code size}: the package layer's tree, finished and normalized, in an image of that size rule. */
    Ext4Base baseFor(Ext4Size size);
}
