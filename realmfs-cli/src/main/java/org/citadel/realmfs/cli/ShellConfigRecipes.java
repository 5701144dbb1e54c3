package org.citadel.realmfs.cli;

import java.nio.file.Path;
import org.citadel.realmfs.api.RealmfsBuild;
import org.citadel.realmfs.core.compat.ShellConfig;

/** The recipes of the original shell builder: build.conf files, its default image and its template. */
final class ShellConfigRecipes implements RecipeSource {

    @Override
    public RealmfsBuild load(Path buildConf) {
        return RealmfsBuild.fromShellConfig(buildConf);
    }

    @Override
    public RealmfsBuild defaultImage() {
        return ShellConfig.defaultImage();
    }

    @Override
    public String templateText() {
        return ShellConfig.templateText();
    }
}
