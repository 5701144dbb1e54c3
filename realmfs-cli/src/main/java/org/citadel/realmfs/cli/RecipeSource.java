package org.citadel.realmfs.cli;

import java.nio.file.Path;
import org.citadel.realmfs.api.RealmfsBuild;

/** Where the command gets recipes and the {@code --new} template from; replaced by a fake in tests. */
public interface RecipeSource {

    /**
     * Loads a {@code build.conf}.
     *
     * @throws org.citadel.realmfs.api.InvalidRecipeException naming the file (and line) that is wrong
     */
    RealmfsBuild load(Path buildConf);

    /** The default Citadel base image, built when there is no config file. */
    RealmfsBuild defaultImage();

    /** The text {@code --new} writes as {@code build.conf}. */
    String templateText();
}
