package org.citadel.realmfs.core.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.citadel.realmfs.api.Module;
import org.citadel.realmfs.api.RealmfsBuild;
import org.citadel.realmfs.api.spi.ShellConfigLoader;
import org.citadel.realmfs.core.modules.BuiltinModules;
import org.citadel.realmfs.core.process.Command;
import org.citadel.realmfs.core.process.Spawner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** BaseImage names built-in modules (which the modules package reads) and makes the default image. */
class BaseImageTest {

    static List<String> baseModules() {
        List<String> all = new ArrayList<>(BaseImage.BASE_PRE_INSTALL_MODULES);
        all.addAll(BaseImage.BASE_POST_INSTALL_MODULES);
        all.add("install-packages");
        return all;
    }

    @ParameterizedTest
    @MethodSource("baseModules")
    void everyBaseModuleIsBuiltInAndValidBash(String name) {
        String script = BuiltinModules.script(name).orElseThrow();
        List<String> messages = new ArrayList<>();

        int status;
        try (Spawner host = Spawner.host()) {
            status = host.run(Command.host("bash", "--norc", "--noprofile", "-n", "-c", script), messages::add);
        }

        assertThat(status).as("bash -n of %s: %s", name, messages).isZero();
    }

    @ParameterizedTest
    @MethodSource("baseModules")
    void noBaseModuleUsesLocalOutsideAFunction(String name) {
        // Modules run at the top level of the build's shell, where 'local' is an error.
        assertThat(BuiltinModules.script(name).orElseThrow()).doesNotContainPattern("(?m)^local ");
    }

    @Test
    void theDefaultImageIsTheBaseImageWithTheBasicImagePackages() {
        RealmfsBuild image = ShellConfig.defaultImage();

        assertThat(image.release()).isEqualTo("trixie");
        assertThat(image.basePackages()).isEqualTo(BaseImage.BASE_PACKAGES);
        assertThat(image.packages()).isEqualTo(BaseImage.BASIC_IMAGE_PACKAGES);
        assertThat(image.preModules()).extracting(Module::name).isEqualTo(BaseImage.BASE_PRE_INSTALL_MODULES);
        assertThat(image.postModules()).extracting(Module::name).isEqualTo(BaseImage.BASE_POST_INSTALL_MODULES);
        assertThat(image.filesDirectories()).as("the built-in files need no host directory").isEmpty();
        assertThat(image.shellPrelude()).isEmpty();
    }

    @Test
    void realmfsBuildFindsThisLoader() {
        assertThat(java.util.ServiceLoader.load(ShellConfigLoader.class).stream())
                .extracting(java.util.ServiceLoader.Provider::type).containsExactly(ShellConfig.class);
    }
}
