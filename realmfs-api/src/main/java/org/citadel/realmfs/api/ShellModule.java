package org.citadel.realmfs.api;

import java.util.Optional;

/**
 * A module written in bash. It runs inside the chroot, in the build's one shell session (a variable
 * one module exports is seen by the next), with the helper functions {@code info}, {@code fatal},
 * {@code module} and {@code install_file} defined, and with {@code set -e}: the first failing command
 * fails the module.
 */
public record ShellModule(String name, String script) implements Module {

    public ShellModule {
        Names.requireModuleName(name);
        if (script == null) {
            throw new InvalidRecipeException("Shell module '" + name + "' has no script (null)");
        }
    }

    @Override
    public Optional<String> cacheKey() {
        return Optional.of("shell:" + name + "\n" + script);
    }
}
