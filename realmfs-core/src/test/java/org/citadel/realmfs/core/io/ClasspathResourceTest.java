package org.citadel.realmfs.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.citadel.realmfs.api.RealmfsException;
import org.junit.jupiter.api.Test;

class ClasspathResourceTest {

    @Test
    void aResourceIsReadBesideItsOwnerClass() {
        assertThat(ClasspathResource.text(org.citadel.realmfs.core.modules.ShellRuntime.class, "realmfs-runtime.sh"))
                .startsWith("#");
    }

    @Test
    void aMissingResourceIsABrokenJarAndSaysSo() {
        assertThatThrownBy(() -> ClasspathResource.bytes(ClasspathResourceTest.class, "no-such-resource"))
                .isInstanceOf(RealmfsException.class)
                .hasMessage("no-such-resource is missing from the class path next to " + ClasspathResourceTest.class.getName()
                        + "; the realmfs jar is incomplete: rebuild or reinstall it");
    }
}
