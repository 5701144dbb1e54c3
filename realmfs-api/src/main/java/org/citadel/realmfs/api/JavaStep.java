package org.citadel.realmfs.api;

/** The body of a Java module. */
@FunctionalInterface
public interface JavaStep {
    void run(ModuleContext context) throws Exception;
}
