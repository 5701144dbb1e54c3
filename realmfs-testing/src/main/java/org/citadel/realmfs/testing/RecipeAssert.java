package org.citadel.realmfs.testing;

import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.AbstractAssert;
import org.citadel.realmfs.api.BuildPlan;
import org.citadel.realmfs.api.InstallFileModule;
import org.citadel.realmfs.api.Module;
import org.citadel.realmfs.api.RealmfsBuild;
import org.citadel.realmfs.api.RootfsPath;

/** Assertions on what a recipe will do, read from its plan: no root, no network, nothing built. */
public final class RecipeAssert extends AbstractAssert<RecipeAssert, RealmfsBuild> {
    RecipeAssert(RealmfsBuild actual) {
        super(actual, RecipeAssert.class);
    }

    /** The packages apt-get will install include {@code packageName}. */
    public RecipeAssert installsPackage(String packageName) {
        BuildPlan plan = plan();
        if (!plan.packages().contains(packageName)) {
            failWithMessage("%s", "Expected the recipe to install the package " + packageName + ", but it installs "
                    + String.join(" ", plan.packages()));
        }
        return this;
    }

    public RecipeAssert doesNotInstallPackage(String packageName) {
        if (plan().packages().contains(packageName)) {
            failWithMessage("%s", "Expected the recipe not to install the package " + packageName + ", but it does");
        }
        return this;
    }

    /** A pre- or post-install module is named {@code module}. */
    public RecipeAssert runsModule(String module) {
        position(module);
        return this;
    }

    /** Module {@code first} runs before module {@code second} (pre-install modules run before post-install ones). */
    public RecipeAssert runsModuleBefore(String first, String second) {
        int a = position(first);
        int b = position(second);
        if (a >= b) {
            failWithMessage("%s", "Expected the module " + first + " to run before " + second + ", but the modules run"
                    + " in the order " + String.join(", ", modules()));
        }
        return this;
    }

    /** An install-file module writes {@code targetPath} (absolute in the rootfs). */
    public RecipeAssert installsFile(String targetPath) {
        installFile(targetPath);
        return this;
    }

    /** An install-file module writes {@code targetPath} with {@code mode}. */
    public RecipeAssert installsFile(String targetPath, int mode) {
        InstallFileModule f = installFile(targetPath);
        if (f.mode().bits() != mode) {
            failWithMessage("%s", String.format("Expected the recipe to install %s with mode %04o, but it installs it"
                    + " with %s from %s", targetPath, mode, f.mode(), f.source()));
        }
        return this;
    }

    private InstallFileModule installFile(String targetPath) {
        isNotNull();
        List<InstallFileModule> files = new ArrayList<>();
        allModules().forEach(m -> {
            if (m instanceof InstallFileModule f) {
                files.add(f);
            }
        });
        return files.stream().filter(f -> f.targetPath().equals(RootfsPath.of(targetPath))).findFirst().orElseGet(() -> {
            failWithMessage("%s", "Expected the recipe to install the file " + targetPath + ", but it installs "
                    + (files.isEmpty() ? "no file" : String.join(", ", files.stream().map(f -> f.targetPath().toString()).toList())));
            return null;
        });
    }

    private int position(String module) {
        List<String> names = modules();
        int i = names.indexOf(module);
        if (i < 0) {
            failWithMessage("%s", "Expected the recipe to run the module " + module + ", but its modules are "
                    + (names.isEmpty() ? "none" : String.join(", ", names)));
        }
        return i;
    }

    private List<String> modules() {
        BuildPlan plan = plan();
        List<String> names = new ArrayList<>(plan.preModules());
        names.addAll(plan.postModules());
        return names;
    }

    private List<Module> allModules() {
        List<Module> all = new ArrayList<>(actual.preModules());
        all.addAll(actual.postModules());
        return all;
    }

    private BuildPlan plan() {
        isNotNull();
        return actual.plan();
    }
}
