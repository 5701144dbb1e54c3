package org.citadel.realmfs.api.spi;

import java.nio.file.Path;
import org.citadel.realmfs.api.RealmfsBuild;

/** Loads a build.conf of the original shell builder; implemented by realmfs-core. */
public interface ShellConfigLoader {
    RealmfsBuild load(Path buildConf);
}
