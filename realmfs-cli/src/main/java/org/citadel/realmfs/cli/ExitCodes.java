package org.citadel.realmfs.cli;

/** The exit codes of {@code realmfs-builder}, as its help text lists them. */
final class ExitCodes {
    static final int OK = 0;
    /** The build failed, or the user answered no to the confirmation. */
    static final int BUILD_FAILED = 1;
    /** Bad options, a missing or invalid config file, or nothing to ask the confirmation on. */
    static final int USAGE = 2;
    /** The host cannot build: not root, a tool or the mirror missing. */
    static final int HOST_REQUIREMENT = 3;

    private ExitCodes() {
    }
}
