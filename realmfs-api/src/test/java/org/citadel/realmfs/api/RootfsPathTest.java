package org.citadel.realmfs.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RootfsPathTest {

    @Test
    void anAbsolutePathIsKeptNormalizedWithoutEmptyOrDotComponents() {
        RootfsPath path = RootfsPath.of("//etc/./hello-realm//hello.conf/");

        assertThat(path).hasToString("/etc/hello-realm/hello.conf");
        assertThat(path.names()).containsExactly("etc", "hello-realm", "hello.conf");
        assertThat(path.relative()).isEqualTo("etc/hello-realm/hello.conf");
        assertThat(path.fileName()).contains("hello.conf");
        assertThat(path.parent()).contains(RootfsPath.of("/etc/hello-realm"));
        assertThat(path).isEqualTo(RootfsPath.of("/etc/hello-realm/hello.conf"))
                .hasSameHashCodeAs(RootfsPath.of("/etc/hello-realm/hello.conf"));
    }

    @Test
    void theRootHasNoNameAndNoParent() {
        RootfsPath root = RootfsPath.of("/");

        assertThat(root).isEqualTo(RootfsPath.ROOT).hasToString("/");
        assertThat(root.isRoot()).isTrue();
        assertThat(root.names()).isEmpty();
        assertThat(root.relative()).isEmpty();
        assertThat(root.fileName()).isEmpty();
        assertThat(root.parent()).isEmpty();
        assertThat(RootfsPath.of("/etc").parent()).contains(RootfsPath.ROOT);
    }

    @Test
    void aPathThatCouldLeaveTheRootfsIsRefusedSayingWhy() {
        for (String path : List.of("/etc/../..", "/..", "/etc/..", "/a/../b")) {
            assertThatThrownBy(() -> RootfsPath.of(path)).as(path)
                    .isInstanceOf(InvalidRecipeException.class)
                    .hasMessage("'" + path + "' may not contain '..': paths must stay inside the rootfs");
        }
        assertThat(RootfsPath.of("/etc/..d/x..").names()).containsExactly("etc", "..d", "x..");
    }

    @Test
    void aRelativePathIsRefusedSoNothingCanBeReadAsAnOption() {
        for (String path : List.of("etc", "", "-rf", "./etc", "../etc")) {
            assertThatThrownBy(() -> RootfsPath.of(path)).as(path)
                    .isInstanceOf(InvalidRecipeException.class)
                    .hasMessageStartingWith("'" + path + "' is not an absolute path inside the rootfs");
        }
    }

    @Test
    void aNulOrNullIsRefused() {
        assertThatThrownBy(() -> RootfsPath.of("/etc/x\0y"))
                .isInstanceOf(InvalidRecipeException.class).hasMessageContaining("NUL").hasMessageContaining("/etc/x?y");
        assertThatThrownBy(() -> RootfsPath.of(null))
                .isInstanceOf(InvalidRecipeException.class).hasMessageContaining("missing");
    }

    @Test
    void resolveAddsExactlyOneFileName() {
        RootfsPath dir = RootfsPath.of("/usr/lib/systemd/system");

        assertThat(dir.resolve("x.service")).isEqualTo(RootfsPath.of("/usr/lib/systemd/system/x.service"));
        for (String name : new String[] {"", ".", "..", "a/b", "/abs", "a\0b", null}) {
            assertThatThrownBy(() -> dir.resolve(name)).as(String.valueOf(name))
                    .isInstanceOf(InvalidRecipeException.class).hasMessageContaining("is not a file name");
        }
    }
}
