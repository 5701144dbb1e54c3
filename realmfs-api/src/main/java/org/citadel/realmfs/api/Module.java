package org.citadel.realmfs.api;

/**
 * One step of a recipe that runs inside the rootfs: a shell script, Java code, or a file to install.
 * Modules of a phase run in the order they were added.
 */
public sealed interface Module permits ShellModule, JavaModule, InstallFileModule {

    /** The name shown in events, logs and errors. */
    String name();

    /**
     * What a layer cache may hash to know whether the module changed, or empty when the module's
     * effect cannot be known from its description (a Java module without an explicit cache key).
     */
    java.util.Optional<String> cacheKey();
}
