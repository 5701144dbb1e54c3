package org.citadel.realmfs.core.output.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.citadel.realmfs.core.commands.RecordedCommands;
import org.citadel.realmfs.core.linux.ExtendedAttributes;
import org.citadel.realmfs.core.rootfs.TreeManifest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An ext4 image written as the image of a base tree changed into the final tree holds exactly the
 * final tree, e2fsck finds it clean, the same trees give the same bytes, and it grows when the
 * changes need more room than the base's size. Needs root (mknod, chown, mount).
 */
class Ext4DeltaIT {
    private static final Instant EPOCH = Instant.parse("2025-05-17T12:34:56Z");
    private static final FileTime LATER = FileTime.from(Instant.parse("2024-06-01T00:00:00Z"));

    @TempDir
    static Path shared;
    static RecordedCommands commands;
    static Path base;
    static Path changed;
    static Ext4Image image;

    @TempDir
    Path dir;

    @BeforeAll
    static void makeABaseAndAChangedTreeAndTheDeltaImage() throws Exception {
        commands = RecordedCommands.onHost(shared);
        base = ReproducibleExt4IT.Tree.create(shared.resolve("base"), false);
        Files.createDirectories(base.resolve("d06/sub"));
        Files.writeString(base.resolve("d06/sub/inside"), "replaced with its directory\n");
        Files.createFile(base.resolve("d00/empty"));
        sparse(base.resolve("d00/sparse"), 64L << 20);
        HostTool.run("mkfifo", base.resolve("d05/fifo").toString());
        changed = copy(base, shared.resolve("changed"));
        change(changed);
        image = writer().write(base, changed, Ext4Size.fitContent(), EPOCH, shared.resolve("delta.ext4"));
    }

    @AfterAll
    static void closeTheLog() {
        commands.close();
    }

    @Test
    void mounted_the_image_holds_exactly_the_changed_tree_and_e2fsck_finds_it_clean() throws IOException {
        HostTool.run("e2fsck", "-fn", image.path().toString());
        assertThat(mountedManifest(image.path())).isEqualTo(manifest(changed));
    }

    @Test
    void the_same_trees_give_the_same_bytes_a_second_later() throws Exception {
        Thread.sleep(1100);
        Ext4Image again = writer().write(base, copy(changed, dir.resolve("again")), Ext4Size.fitContent(), EPOCH,
                dir.resolve("again.ext4"));

        assertThat(Files.mismatch(again.path(), image.path())).isEqualTo(-1L);
    }

    @Test
    void the_size_is_in_steps_of_64_mib_and_grows_when_the_changes_need_more_room() throws IOException {
        Path larger = copy(base, dir.resolve("larger"));
        byte[] noise = new byte[1 << 20];
        Random random = new Random(7);
        try (var out = Files.newOutputStream(larger.resolve("d01/large"))) {
            for (int i = 0; i < 160; i++) {
                random.nextBytes(noise);
                out.write(noise);
            }
        }
        Ext4Image grown = writer().write(base, larger, Ext4Size.fitContent(), EPOCH, dir.resolve("grown.ext4"));

        assertThat(image.sizeBytes() % Ext4DeltaWriter.SIZE_STEP).isZero();
        assertThat(grown.sizeBytes()).isGreaterThan(image.sizeBytes());
        assertThat(Files.size(grown.path())).isEqualTo(grown.sizeBytes());
        HostTool.run("e2fsck", "-fn", grown.path().toString());
        assertThat(mountedManifest(grown.path())).isEqualTo(manifest(larger));
    }

    @Test
    void an_unchanged_tree_gives_the_image_of_the_base() throws IOException {
        Ext4Image same = writer().write(base, base, Ext4Size.fitContent(), EPOCH, dir.resolve("same.ext4"));

        HostTool.run("e2fsck", "-fn", same.path().toString());
        assertThat(mountedManifest(same.path())).isEqualTo(manifest(base));
    }

    /** What post-install modules do: every kind of change to every kind of file. */
    private static void change(Path root) throws IOException {
        Files.createDirectories(root.resolve("etc/realm"));
        Files.writeString(root.resolve("etc/realm/new.conf"), "a=1\n");
        Files.writeString(root.resolve("d03/f005"), "other content\n");
        Files.setPosixFilePermissions(root.resolve("d00/f001"), PosixFilePermissions.fromString("rw-------"));
        HostTool.run("chown", "5:6", root.resolve("d00/f002").toString());
        Files.setLastModifiedTime(root.resolve("d00/f003"), LATER);
        Files.delete(root.resolve("d01/f010"));
        HostTool.run("rm", "-r", root.resolve("d06/sub").toString());
        Files.writeString(root.resolve("d06/sub"), "a file where a directory was\n");
        Files.delete(root.resolve("d02/f020"));
        Files.createDirectories(root.resolve("d02/f020/deeper"));
        Files.writeString(root.resolve("d02/f020/deeper/file"), "a directory where a file was\n");
        HostTool.run("rm", "-r", root.resolve("d07").toString()); // d02/hard loses its second name
        Files.createLink(root.resolve("d05/hard2"), root.resolve("d04/f042"));
        Files.createLink(root.resolve("d05/hard3"), root.resolve("d04/f042"));
        Files.createSymbolicLink(root.resolve("d05/new-link"), Path.of("/a/target/" + "x".repeat(100)));
        HostTool.run("mknod", root.resolve("d05/loop0").toString(), "b", "7", "0");
        HostTool.run("mknod", root.resolve("d05/big-minor").toString(), "c", "240", "300");
        HostTool.run("mkfifo", root.resolve("d05/fifo2").toString());
        Files.delete(root.resolve("d05/fifo"));
        Files.createFile(root.resolve("d05/empty"));
        sparse(root.resolve("d05/sparse"), 40L << 20);
        ExtendedAttributes xattrs = new ExtendedAttributes();
        xattrs.write(root.resolve("d04/f040"), "security.capability",
                java.util.HexFormat.of().parseHex("0100000200300000000000000000000000000000"));
        xattrs.write(root.resolve("d00/f004"), "user.new", "v".getBytes(StandardCharsets.US_ASCII));
        xattrs.write(root.resolve("etc/realm/new.conf"), "user.b", new byte[] {1});
        xattrs.write(root.resolve("etc/realm/new.conf"), "user.a", new byte[0]);
        HostTool.run("setfattr", "-x", "user.a", root.resolve("d04/f041").toString());
        HostTool.run("chmod", "0750", root.resolve("d03").toString());
        HostTool.run("touch", "-h", "-d", "2024-06-01T00:00:00Z", root.resolve("d05").toString(),
                root.resolve("d02").toString(), root.resolve("d06").toString(), root.resolve("d01").toString(),
                root.toString(), root.resolve("etc").toString(), root.resolve("etc/realm").toString());
    }

    private static void sparse(Path file, long length) throws IOException {
        try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
            out.setLength(length);
            out.seek(length / 2);
            out.write("data in the middle".getBytes(StandardCharsets.US_ASCII));
        }
    }

    private static Path copy(Path from, Path to) {
        HostTool.run("cp", "-a", from.toString(), to.toString());
        return to;
    }

    private Map<String, TreeManifest.Entry> mountedManifest(Path ext4) throws IOException {
        Path mountPoint = Files.createDirectories(dir.resolve("mnt-" + ext4.getFileName()));
        HostTool.run("mount", "-o", "ro,loop,noatime", "-t", "ext4", ext4.toString(), mountPoint.toString());
        try {
            return manifest(mountPoint);
        } finally {
            HostTool.run("umount", mountPoint.toString());
        }
    }

    /** mkfs makes a /lost+found of its own. */
    private static Map<String, TreeManifest.Entry> manifest(Path root) {
        Map<String, TreeManifest.Entry> entries = new LinkedHashMap<>(TreeManifest.of(root).entries());
        entries.keySet().removeIf(path -> path.equals("/lost+found") || path.startsWith("/lost+found/"));
        return entries;
    }

    private static Ext4DeltaWriter writer() {
        return new Ext4DeltaWriter(commands.commands());
    }
}
