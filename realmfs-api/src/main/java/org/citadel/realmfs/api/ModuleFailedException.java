package org.citadel.realmfs.api;

import java.util.List;

/** A module (shell or Java) failed: names the module, its exit code and its last lines of output. */
public class ModuleFailedException extends BuildFailedException {
    private static final long serialVersionUID = 1L;

    private final String moduleName;
    private final int exitCode;

    public ModuleFailedException(Stage stage, String moduleName, int exitCode, List<String> lastOutput) {
        super(stage, "Module '" + moduleName + "' failed with exit code " + exitCode, lastOutput);
        this.moduleName = moduleName;
        this.exitCode = exitCode;
    }

    public ModuleFailedException(Stage stage, String moduleName, Throwable cause) {
        super(stage, "Module '" + moduleName + "' failed: " + cause.getMessage(), cause);
        this.moduleName = moduleName;
        this.exitCode = -1;
    }

    public String moduleName() {
        return moduleName;
    }

    /** The exit code of a shell module, or -1 for a Java module that threw. */
    public int exitCode() {
        return exitCode;
    }
}
