package org.citadel.realmfs.core.modules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.citadel.realmfs.api.FileMode;
import org.citadel.realmfs.api.InvalidRecipeException;
import org.citadel.realmfs.api.RootfsPath;
import org.citadel.realmfs.core.rootfs.RootfsFiles;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Host files and bytes written into the rootfs: under their name, with their mode, never outside it. */
class FileInstallerTest {
    @TempDir
    Path dir;
    Path rootfs;
    FileInstaller installer;

    @BeforeEach
    void setUp() throws IOException {
        rootfs = Files.createDirectory(dir.resolve("rootfs"));
        installer = new FileInstaller(new RootfsFiles(rootfs));
    }

    @Test
    void a_host_file_is_copied_under_its_name_with_its_mode_and_the_rootfs_path_is_returned() throws IOException {
        Path source = Files.writeString(dir.resolve("sshd_config"), "PermitRootLogin no\n");

        RootfsPath written = installer.install(source, RootfsPath.of("/etc/ssh"), FileMode.of(0600));

        assertThat(written).isEqualTo(RootfsPath.of("/etc/ssh/sshd_config"));
        assertThat(rootfs.resolve("etc/ssh/sshd_config")).hasContent("PermitRootLogin no");
        assertThat(Files.getAttribute(rootfs.resolve("etc/ssh/sshd_config"), "unix:mode")).isEqualTo(0100600);
        assertThat(Files.getAttribute(rootfs.resolve("etc/ssh"), "unix:mode")).as("a missing directory").isEqualTo(040755);
    }

    @Test
    void a_target_directory_with_a_trailing_slash_names_the_same_file() throws IOException {
        Path source = Files.writeString(dir.resolve("motd"), "hi\n");

        assertThat(installer.install(source, RootfsPath.of("/etc/"), FileMode.of(0644))).isEqualTo(RootfsPath.of("/etc/motd"));
        assertThat(rootfs.resolve("etc/motd")).hasContent("hi");
    }

    @Test
    void an_existing_file_is_replaced_and_a_symlink_at_its_name_is_replaced_not_followed() throws IOException {
        Path canary = Files.writeString(dir.resolve("canary"), "must survive");
        Files.createDirectories(rootfs.resolve("etc"));
        Files.writeString(rootfs.resolve("etc/hosts"), "old");
        Files.createSymbolicLink(rootfs.resolve("etc/motd"), canary);

        installer.install(Files.writeString(dir.resolve("hosts"), "new"), RootfsPath.of("/etc"), FileMode.of(0644));
        installer.install(Files.writeString(dir.resolve("motd"), "new motd"), RootfsPath.of("/etc"), FileMode.of(0644));

        assertThat(rootfs.resolve("etc/hosts")).hasContent("new");
        assertThat(rootfs.resolve("etc/motd")).isRegularFile().hasContent("new motd");
        assertThat(canary).hasContent("must survive");
    }

    @Test
    void a_target_directory_reached_through_an_absolute_symlink_is_the_one_inside_the_rootfs() throws IOException {
        Path outside = Files.createDirectory(dir.resolve("outside"));
        Files.createSymbolicLink(rootfs.resolve("srv"), outside);
        Path source = Files.writeString(dir.resolve("data"), "x");

        assertThatThrownBy(() -> installer.install(source, RootfsPath.of("/srv"), FileMode.of(0644)))
                .as("the link's target does not exist inside the rootfs yet")
                .hasMessageContaining("/srv").hasMessageContaining("symlink");
        Path inside = Files.createDirectories(rootfs.resolve(outside.toString().substring(1)));
        installer.install(source, RootfsPath.of("/srv"), FileMode.of(0644));

        assertThat(outside).isEmptyDirectory();
        assertThat(inside.resolve("data")).hasContent("x");
    }

    @Test
    void a_missing_source_or_a_directory_is_refused_naming_it_and_nothing_is_written() throws IOException {
        Path missing = dir.resolve("missing");
        Path directory = Files.createDirectory(dir.resolve("a-directory"));

        assertThatThrownBy(() -> installer.install(missing, RootfsPath.of("/etc"), FileMode.of(0644))).isInstanceOf(InvalidRecipeException.class)
                .hasMessageContaining(missing.toString()).hasMessageContaining("not a regular file");
        assertThatThrownBy(() -> installer.install(directory, RootfsPath.of("/etc"), FileMode.of(0644))).isInstanceOf(InvalidRecipeException.class)
                .hasMessageContaining(directory.toString());
        assertThat(rootfs).isEmptyDirectory();
    }

    @Test
    void a_target_directory_with_dot_dot_cannot_even_be_named() throws IOException {
        Path source = Files.writeString(dir.resolve("x"), "x");

        assertThatThrownBy(() -> installer.install(source, RootfsPath.of("/etc/../../host"), FileMode.of(0644)))
                .isInstanceOf(InvalidRecipeException.class)
                .hasMessage("'/etc/../../host' may not contain '..': paths must stay inside the rootfs");
        assertThat(rootfs).isEmptyDirectory();
    }

    @Test
    void bytes_are_written_at_their_path_with_missing_directories_created() throws IOException {
        installer.write(RootfsPath.of("/usr/local/bin/hello"), "#!/bin/sh\necho hello\n".getBytes(), FileMode.of(0755));

        assertThat(rootfs.resolve("usr/local/bin/hello")).hasContent("#!/bin/sh\necho hello");
        assertThat(Files.getAttribute(rootfs.resolve("usr/local/bin/hello"), "unix:mode")).isEqualTo(0100755);
    }
}
