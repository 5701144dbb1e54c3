package org.citadel.realmfs.core.output.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.citadel.realmfs.core.rootfs.TreeManifest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Ext4DeltaTest {
    private static final FileTime MTIME = FileTime.from(Instant.parse("2024-03-01T00:00:00Z"));
    private static final long SECONDS = MTIME.toInstant().getEpochSecond();

    @TempDir
    Path dir;
    Path base;
    Path target;

    @BeforeEach
    void twoEqualTrees() throws IOException {
        base = tree(dir.resolve("base"));
        target = tree(dir.resolve("target"));
    }

    @Test
    void equal_trees_need_only_the_roots_fields() {
        assertThat(delta().commands()).containsExactly(
                "sif \"/\" mode 040755", "sif \"/\" uid 0", "sif \"/\" gid 0", "sif \"/\" mtime @" + SECONDS);
        assertThat(delta().counts()).isEqualTo(new Ext4Delta.Counts(0, 0, 0));
    }

    @Test
    void a_new_file_is_written_from_the_final_tree_with_its_metadata_and_its_directory_gets_its_mtime_back()
            throws IOException {
        Files.setLastModifiedTime(Files.writeString(target.resolve("etc/new.conf"), "a=1\n"), MTIME);
        Files.setLastModifiedTime(target.resolve("etc"), MTIME);

        List<String> commands = delta().commands();

        assertThat(commands).containsSubsequence("write \"" + target.resolve("etc/new.conf") + "\" \"/etc/new.conf\"",
                "sif \"/etc/new.conf\" mode 0100644", "sif \"/etc/new.conf\" mtime @" + SECONDS,
                "sif \"/etc\" mtime @" + SECONDS);
        assertThat(commands).noneMatch(line -> line.contains("/etc/a.conf") || line.contains("/usr/lib"));
        assertThat(delta().counts()).isEqualTo(new Ext4Delta.Counts(0, 1, 0));
    }

    @Test
    void a_changed_file_is_replaced_and_a_removed_directory_goes_after_its_contents() throws IOException {
        Files.writeString(target.resolve("etc/a.conf"), "changed\n");
        Files.setLastModifiedTime(target.resolve("etc/a.conf"), MTIME);
        Files.delete(target.resolve("usr/lib/x.so"));
        Files.delete(target.resolve("usr/lib"));

        List<String> commands = delta().commands();

        assertThat(commands).containsSubsequence("rm \"/usr/lib/x.so\"", "rmdir \"/usr/lib\"", "rm \"/etc/a.conf\"",
                "write \"" + target.resolve("etc/a.conf") + "\" \"/etc/a.conf\"");
    }

    @Test
    void a_mode_change_keeps_the_inode() throws IOException {
        Files.setPosixFilePermissions(target.resolve("etc/a.conf"),
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));

        assertThat(delta().commands()).contains("sif \"/etc/a.conf\" mode 0100600")
                .noneMatch(line -> line.startsWith("rm ") || line.startsWith("write "));
        assertThat(delta().counts()).isEqualTo(new Ext4Delta.Counts(0, 0, 1));
    }

    @Test
    void device_numbers_are_split_as_linux_encodes_them() {
        long rdev = (240L << 8) | (300 & 0xff) | ((300L & ~0xff) << 12);
        assertThat(Ext4Delta.major(rdev)).isEqualTo(240);
        assertThat(Ext4Delta.minor(rdev)).isEqualTo(300);
    }

    private Ext4Delta delta() {
        return new Ext4Delta(TreeManifest.of(base), TreeManifest.of(target), target);
    }

    private static Path tree(Path root) throws IOException {
        Files.createDirectories(root.resolve("etc"));
        Files.createDirectories(root.resolve("usr/lib"));
        Files.writeString(root.resolve("etc/a.conf"), "a\n");
        Files.writeString(root.resolve("usr/lib/x.so"), "x\n");
        for (String path : new String[] {"etc/a.conf", "usr/lib/x.so", "usr/lib", "usr", "etc", ""}) {
            Files.setLastModifiedTime(root.resolve(path), MTIME);
        }
        Files.setPosixFilePermissions(root, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        return root;
    }
}
