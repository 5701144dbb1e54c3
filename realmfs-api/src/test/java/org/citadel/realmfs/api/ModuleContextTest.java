package org.citadel.realmfs.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The String and int overloads a Java module calls turn into a RootfsPath and a FileMode before the engine sees them. */
class ModuleContextTest {
    private final List<String> calls = new ArrayList<>();
    private final ModuleContext context = new Recording(calls);

    @Test
    void writeFileWithAStringPathAndAnIntModeReachesTheEngineNormalizedAndTyped() {
        context.writeFile("/etc//hello-realm/./hello.conf", "a=1\n", 0644);
        context.writeFile(RootfsPath.of("/etc/x"), "b", FileMode.of(0600));

        assertThat(calls).containsExactly("write /etc/hello-realm/hello.conf 0644 a=1\n", "write /etc/x 0600 b");
    }

    @Test
    void anInvalidPathOrModeIsRefusedBeforeTheEngineIsCalled() {
        assertThatThrownBy(() -> context.writeFile("/etc/../../x", "a", 0644)).isInstanceOf(InvalidRecipeException.class)
                .hasMessageContaining("'..'");
        assertThatThrownBy(() -> context.writeFile("etc/x", "a", 0644)).isInstanceOf(InvalidRecipeException.class)
                .hasMessageContaining("not an absolute path");
        assertThatThrownBy(() -> context.writeFile("/etc/x", "a", 0100644)).isInstanceOf(InvalidRecipeException.class)
                .hasMessageContaining("is not a file mode");
        assertThatThrownBy(() -> context.installFile(Path.of("x"), "/usr/../..", 0644))
                .isInstanceOf(InvalidRecipeException.class);
        assertThatThrownBy(() -> context.readFile("relative")).isInstanceOf(InvalidRecipeException.class);
        assertThatThrownBy(() -> context.exists("/a\0b")).isInstanceOf(InvalidRecipeException.class);

        assertThat(calls).isEmpty();
    }

    @Test
    void installReadAndExistsTakeStringsToo() {
        context.installFile(Path.of("/host/x.service"), "/usr/lib/systemd/system/", 0644);
        context.readFile("/etc/motd");
        context.exists("/etc/motd");

        assertThat(calls).containsExactly("install /host/x.service /usr/lib/systemd/system 0644", "read /etc/motd",
                "exists /etc/motd");
    }

    private record Recording(List<String> calls) implements ModuleContext {
        @Override
        public RealmfsBuild recipe() {
            return RealmfsBuild.builder().build();
        }

        @Override
        public CommandResult run(List<String> command) {
            throw new AssertionError();
        }

        @Override
        public CommandResult shell(String script) {
            throw new AssertionError();
        }

        @Override
        public void writeFile(RootfsPath path, byte[] content, FileMode mode) {
            calls.add("write " + path + " " + mode + " " + new String(content, StandardCharsets.UTF_8));
        }

        @Override
        public void installFile(Path hostFile, RootfsPath targetDirectory, FileMode mode) {
            calls.add("install " + hostFile + " " + targetDirectory + " " + mode);
        }

        @Override
        public byte[] readFile(RootfsPath path) {
            calls.add("read " + path);
            return new byte[0];
        }

        @Override
        public boolean exists(RootfsPath path) {
            calls.add("exists " + path);
            return false;
        }

        @Override
        public void info(String message) {
        }
    }
}
