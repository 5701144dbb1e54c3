package org.citadel.realmfs.core.rootfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.citadel.realmfs.api.BuildIoException;
import org.citadel.realmfs.core.linux.ExtendedAttributes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreeDigestTest {
    private static final FileTime MTIME = FileTime.fromMillis(1_600_000_000_000L);

    @TempDir
    Path dir;

    @Test
    void the_same_tree_made_in_another_order_at_other_times_has_the_same_digest() throws Exception {
        Path first = tree(dir.resolve("first"), false);
        Thread.sleep(1100); // other ctimes, and atimes the reads below change
        Path second = tree(dir.resolve("second"), true);
        Files.readAllBytes(second.resolve("etc/passwd"));

        assertThat(TreeDigest.of(first)).isEqualTo(TreeDigest.of(second));
    }

    @Test
    void every_property_an_image_keeps_changes_the_digest() throws IOException {
        TreeDigest original = TreeDigest.of(tree(dir.resolve("original"), false));
        List<Consumer<Path>> changes = List.of(
                root -> write(root.resolve("etc/passwd"), "root:x:0:0::/root:/bin/sh\n"),
                root -> setMtime(root.resolve("etc/passwd"), FileTime.fromMillis(1_600_000_001_000L)),
                root -> setMtime(root.resolve("etc"), FileTime.fromMillis(1_600_000_001_000L)),
                root -> permissions(root.resolve("usr/bin/tool"), "rwxr-x---"),
                root -> relink(root.resolve("usr/bin/sh"), "tool2"),
                root -> new ExtendedAttributes().write(root.resolve("usr/bin/tool"), "user.cap", new byte[] {2}),
                root -> rename(root.resolve("etc/hostname"), root.resolve("etc/hostnamf")),
                root -> replaceHardLinkWithCopy(root.resolve("usr/bin/tool"), root.resolve("usr/bin/tool-link")));
        for (int i = 0; i < changes.size(); i++) {
            Path changed = tree(dir.resolve("changed-" + i), false);
            changes.get(i).accept(changed);

            assertThat(TreeDigest.of(changed)).as("change " + i).isNotEqualTo(original);
        }
    }

    @Test
    void derived_uuids_are_name_based_version_5_and_differ_by_label_and_tree() {
        TreeDigest tree = new TreeDigest("5e".repeat(32));
        UUID uuid = tree.nameBasedUuid("ext4 uuid");

        assertThat(uuid.version()).isEqualTo(5);
        assertThat(uuid.variant()).isEqualTo(2);
        assertThat(tree.nameBasedUuid("ext4 uuid")).isEqualTo(uuid);
        assertThat(tree.nameBasedUuid("ext4 hash seed")).isNotEqualTo(uuid);
        assertThat(new TreeDigest("5f".repeat(32)).nameBasedUuid("ext4 uuid")).isNotEqualTo(uuid);
        assertThat(tree.derivedBytes("salt", 32)).hasSize(32).isEqualTo(tree.derivedBytes("salt", 32))
                .isNotEqualTo(tree.derivedBytes("other", 32));
    }

    @Test
    void a_digest_is_64_lowercase_hex_digits() {
        assertThat(new TreeDigest("ab".repeat(32)).bytes()).hasSize(32);
        assertThatThrownBy(() -> new TreeDigest("AB".repeat(32))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TreeDigest("ab")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TreeDigest.of(dir.resolve("missing"))).isInstanceOf(BuildIoException.class)
                .hasMessageContaining(dir.resolve("missing").toString());
    }

    /** A small tree: directories, files, a symlink, a hard link, an extended attribute; {@code reversed} makes it backwards. */
    private static Path tree(Path root, boolean reversed) throws IOException {
        List<Runnable> steps = List.of(
                () -> write(root.resolve("etc/hostname"), "citadel\n"),
                () -> write(root.resolve("etc/passwd"), "root:x:0:0::/root:/bin/bash\n"),
                () -> write(root.resolve("usr/bin/tool"), "#!/bin/sh\n"),
                () -> symlink(root.resolve("usr/bin/sh"), "tool"),
                () -> createDirectories(root.resolve("var/empty")));
        Files.createDirectories(root);
        for (int i = 0; i < steps.size(); i++) {
            steps.get(reversed ? steps.size() - 1 - i : i).run();
        }
        Path tool = root.resolve("usr/bin/tool");
        permissions(tool, "rwxr-xr-x");
        Files.createLink(root.resolve("usr/bin/tool-link"), tool);
        new ExtendedAttributes().write(tool, "user.cap", new byte[] {1});
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted((a, b) -> reversed ? b.compareTo(a) : a.compareTo(b)).toList()) {
                setMtime(path, MTIME);
            }
        }
        return root;
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
            setMtime(file, MTIME);
            setMtime(file.getParent(), MTIME);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void symlink(Path link, String target) {
        try {
            Files.createDirectories(link.getParent());
            Files.createSymbolicLink(link, Path.of(target));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void relink(Path link, String target) {
        try {
            Files.delete(link);
            symlink(link, target);
            setMtime(link, MTIME);
            setMtime(link.getParent(), MTIME);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void createDirectories(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void rename(Path from, Path to) {
        try {
            Files.move(from, to);
            setMtime(to.getParent(), MTIME);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void replaceHardLinkWithCopy(Path file, Path link) {
        try {
            Files.delete(link);
            Files.copy(file, link, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
            new ExtendedAttributes().write(link, "user.cap", new byte[] {1});
            setMtime(link, MTIME);
            setMtime(link.getParent(), MTIME);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void permissions(Path file, String permissions) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void setMtime(Path path, FileTime time) {
        try {
            Files.getFileAttributeView(path, java.nio.file.attribute.BasicFileAttributeView.class,
                    LinkOption.NOFOLLOW_LINKS).setTimes(time, null, null);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
