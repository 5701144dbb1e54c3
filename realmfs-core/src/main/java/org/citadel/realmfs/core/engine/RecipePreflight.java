package org.citadel.realmfs.core.engine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.citadel.realmfs.api.InstallFileModule;
import org.citadel.realmfs.api.InvalidRecipeException;
import org.citadel.realmfs.api.Module;
import org.citadel.realmfs.api.RealmfsBuild;
import org.citadel.realmfs.core.modules.FileInstaller;

/**
 * What can be known wrong about a recipe's host files before anything is built: a file to install
 * or a files or modules directory that is missing or unreadable fails the build at once, not after debootstrap.
 */
final class RecipePreflight {
    private RecipePreflight() {
    }

    static void check(RealmfsBuild recipe) {
        List<String> problems = new ArrayList<>();
        List<Module> modules = new ArrayList<>(recipe.preModules());
        modules.addAll(recipe.postModules());
        for (Module module : modules) {
            if (module instanceof InstallFileModule file) {
                FileInstaller.sourceProblem(file.source()).ifPresent(problem -> problems.add("installFile: " + problem));
            }
        }
        for (Path directory : recipe.filesDirectories()) {
            if (!Files.isDirectory(directory)) {
                problems.add("files directory " + directory + " does not exist or is not a directory");
            }
        }
        for (Path directory : recipe.modulesDirectories()) {
            if (!Files.isDirectory(directory)) {
                problems.add("modules directory " + directory + " does not exist or is not a directory");
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRecipeException("The recipe cannot be built: " + String.join("; ", problems));
        }
    }
}
