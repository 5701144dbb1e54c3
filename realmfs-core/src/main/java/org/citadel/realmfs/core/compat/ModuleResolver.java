package org.citadel.realmfs.core.compat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.citadel.realmfs.api.InvalidRecipeException;
import org.citadel.realmfs.api.ShellModule;
import org.citadel.realmfs.core.modules.BuiltinModules;

/**
 * Finds a module by name the way the original builder's {@code module} function did: a function the
 * config defines, else a file in {@code realmfs-modules/} beside the config, else a built-in module.
 */
final class ModuleResolver {
    private final String origin;
    private final Set<String> configFunctions;
    private final Optional<Path> modulesDirectory;

    private ModuleResolver(String origin, Set<String> configFunctions, Optional<Path> modulesDirectory) {
        this.origin = origin;
        this.configFunctions = Set.copyOf(configFunctions);
        this.modulesDirectory = modulesDirectory;
    }

    /** Resolves the modules of a build.conf, which defined {@code configFunctions}. */
    static ModuleResolver forConfig(Path config, Set<String> configFunctions) {
        return new ModuleResolver(config.toString(), configFunctions,
                Optional.of(config.getParent().resolve("realmfs-modules")));
    }

    /** Resolves built-in modules only. */
    static ModuleResolver builtinOnly() {
        return new ModuleResolver("the built-in modules", Set.of(), Optional.empty());
    }

    /** @param variable the variable that named the modules, for messages */
    List<ShellModule> resolve(List<String> names, String variable) {
        return names.stream().map(name -> resolve(name, variable)).toList();
    }

    private ShellModule resolve(String name, String variable) {
        if (name.contains("/") || name.startsWith(".") || name.startsWith("-")) {
            throw new InvalidRecipeException(origin + ": '" + name + "' in " + variable
                    + " is not a module name (a function name or a file name in realmfs-modules/)");
        }
        if (configFunctions.contains(name)) {
            // The function itself reaches the build's shell through the prelude.
            return new ShellModule(name, "'" + name + "'\n");
        }
        Optional<ShellModule> file = modulesDirectory.map(dir -> dir.resolve(name))
                .filter(path -> Files.exists(path, LinkOption.NOFOLLOW_LINKS))
                .map(path -> new ShellModule(name, read(path, variable)));
        return file.or(() -> BuiltinModules.script(name).map(script -> new ShellModule(name, script)))
                .orElseThrow(() -> new InvalidRecipeException(origin + ": module '" + name + "' named in "
                        + variable + " is not a function of the config"
                        + modulesDirectory.map(dir -> ", not a file in " + dir).orElse("")
                        + " and not a built-in module; define it, add the file, or correct the name"));
    }

    private String read(Path file, String variable) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidRecipeException(origin + ": cannot read the module file " + file + " named in "
                    + variable + " (" + describe(file, e) + "); make it a readable regular file", e);
        }
    }

    private static String describe(Path file, IOException e) {
        if (Files.isDirectory(file)) {
            return "it is a directory";
        } else if (e instanceof NoSuchFileException) {
            return "it is a symbolic link to a file that does not exist";
        } else if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage();
    }
}
