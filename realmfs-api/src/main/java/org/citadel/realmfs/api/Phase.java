package org.citadel.realmfs.api;

/** When a module runs: before or after the package installation. */
public enum Phase {
    PRE_INSTALL,
    POST_INSTALL;

    public Stage stage() {
        return this == PRE_INSTALL ? Stage.PRE_INSTALL_MODULES : Stage.POST_INSTALL_MODULES;
    }
}
