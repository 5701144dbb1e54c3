package org.citadel.realmfs.api;

import java.util.Objects;

/**
 * How a build came by each cacheable layer: the bootstrap layer (the tree debootstrap makes) and the
 * package layer (after the pre-install modules and the package installation). A restored package
 * layer holds the bootstrap layer too, so both are then {@link LayerUse#RESTORED}.
 */
public record LayerUses(LayerUse bootstrap, LayerUse packages) {
    /** No layer from or into the layer cache. */
    public static final LayerUses NONE = new LayerUses(LayerUse.NONE, LayerUse.NONE);

    public LayerUses {
        Objects.requireNonNull(bootstrap, "bootstrap");
        Objects.requireNonNull(packages, "packages");
    }
}
