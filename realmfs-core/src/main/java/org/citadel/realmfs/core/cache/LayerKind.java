package org.citadel.realmfs.core.cache;

import org.citadel.realmfs.api.Stage;

/** The cached layers of a build, shallowest first: each holds the rootfs as it is after {@link #lastStage()}. */
public enum LayerKind {
    /** The tree debootstrap made. */
    BOOTSTRAP("bootstrap", Stage.BOOTSTRAP),
    /** The tree after the pre-install modules and the package installation. */
    PACKAGES("package", Stage.INSTALL_PACKAGES);

    private final String label;
    private final Stage lastStage;

    LayerKind(String label, Stage lastStage) {
        this.label = label;
        this.lastStage = lastStage;
    }

    /** The layer's name in messages and in the names of its files: "bootstrap", "package". */
    public String label() {
        return label;
    }

    /** The stage whose result the layer holds. */
    public Stage lastStage() {
        return lastStage;
    }
}
