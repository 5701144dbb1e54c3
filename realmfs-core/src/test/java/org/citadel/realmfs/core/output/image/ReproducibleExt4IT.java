package org.citadel.realmfs.core.output.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.citadel.realmfs.api.RealmfsImageOutput;
import org.citadel.realmfs.core.commands.RecordedCommands;
import org.citadel.realmfs.core.io.Sha256;
import org.citadel.realmfs.core.linux.ExtendedAttributes;
import org.citadel.realmfs.core.rootfs.TreeDigest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same tree, made twice in opposite orders a second apart (so every ctime and atime differs),
 * gives bit-identical ext4 and RealmFS images that e2fsprogs finds clean. Needs root (mknod, chown,
 * mount).
 */
class ReproducibleExt4IT {
    private static final Instant EPOCH = Instant.parse("2025-05-17T12:34:56Z");
    private static final FileTime MTIME = FileTime.from(Instant.parse("2024-03-01T00:00:00Z"));
    private static final Ext4Size SIZE = Ext4Size.fixed(32L * 1024 * 1024);
    private static final String MANY_XATTRS = "d05/a \"quoted\" name";

    @TempDir
    static Path shared;
    static RecordedCommands commands;
    static Path first;
    static Path second;
    static TreeDigest digest;
    static Ext4Image firstImage;
    static Ext4Image secondImage;

    @TempDir
    Path dir;

    @BeforeAll
    static void makeTheTreeTwiceAndAnImageOfEach() throws Exception {
        commands = RecordedCommands.onHost(shared);
        first = Tree.create(shared.resolve("first"), false);
        Thread.sleep(1100);
        second = Tree.create(shared.resolve("second"), true);
        Tree.readEveryFile(first); // atimes after the second tree's ctimes
        digest = TreeDigest.of(first);
        firstImage = writer().write(first, SIZE, fixed(EPOCH), shared.resolve("first.ext4"));
        secondImage = writer().write(second, SIZE, fixed(EPOCH), shared.resolve("second.ext4"));
    }

    @AfterAll
    static void closeTheLog() {
        commands.close();
    }

    @Test
    void the_two_trees_have_one_digest_and_give_bit_identical_images_that_e2fsck_finds_clean() throws IOException {
        assertThat(TreeDigest.of(second)).isEqualTo(digest);
        assertThat(Sha256.hex(Files.readAllBytes(secondImage.path())))
                .isEqualTo(Sha256.hex(Files.readAllBytes(firstImage.path())));
        HostTool.run("e2fsck", "-fn", firstImage.path().toString());
    }

    @Test
    void the_uuid_and_hash_seed_are_the_ones_derived_from_the_tree() {
        String header = HostTool.run("dumpe2fs", "-h", firstImage.path().toString());

        assertThat(header).containsPattern("Filesystem UUID: +" + digest.nameBasedUuid("ext4 uuid") + "\n")
                .containsPattern("Directory Hash Seed: +" + digest.nameBasedUuid("ext4 hash seed") + "\n")
                .containsPattern("Filesystem created: +Sat May 17 12:34:56 2025\n");
    }

    @Test
    void the_used_inodes_are_those_dumpe2fs_counts_and_each_has_the_epochs_times() throws IOException {
        BitSet used = Ext4UsedInodes.of(firstImage.path());
        String header = HostTool.run("dumpe2fs", "-h", firstImage.path().toString());

        assertThat(used.cardinality()).isEqualTo(number(header, "Inode count") - number(header, "Free inodes"));
        for (int inode : new int[] {2, 11, used.length() - 1}) {
            String stat = HostTool.run("debugfs", "-R", "stat <" + inode + ">", firstImage.path().toString());
            String epoch = "0x" + Long.toHexString(EPOCH.getEpochSecond()) + ":00000000";
            assertThat(stat).as("inode " + inode).contains(" ctime: " + epoch, " atime: " + epoch, "crtime: " + epoch);
        }
    }

    @Test
    void several_extended_attributes_of_a_file_are_in_the_image_in_name_order() {
        for (Ext4Image image : List.of(firstImage, secondImage)) {
            for (String file : List.of("/d04/f041", "/" + MANY_XATTRS)) {
                String list = HostTool.run("debugfs", "-R", "ea_list \"" + file.replace("\"", "\"\"") + "\"",
                        image.path().toString());

                assertThat(list.lines().filter(line -> line.startsWith("  ")).map(line -> line.strip().split(" ")[0]))
                        .as(image.path().getFileName() + " " + file + ":\n" + list)
                        .containsExactly("security.zz", "user.a", "user.b");
            }
        }
    }

    @Test
    void mounted_the_files_have_their_mtimes_and_the_epoch_as_ctime_and_atime() throws IOException {
        Path mountPoint = Files.createDirectory(dir.resolve("mnt"));
        HostTool.run("mount", "-o", "ro,loop,noatime", "-t", "ext4", firstImage.path().toString(), mountPoint.toString());
        try {
            String times = HostTool.run("stat", "-c", "%X %Y %Z %W", mountPoint.resolve("d03/f005").toString()).strip();
            long epoch = EPOCH.getEpochSecond();
            assertThat(times).isEqualTo(epoch + " " + MTIME.toInstant().getEpochSecond() + " " + epoch + " " + epoch);
            assertThat(Files.readString(mountPoint.resolve("d03/f005"))).isEqualTo(Files.readString(first.resolve("d03/f005")));
            assertThat(Files.readSymbolicLink(mountPoint.resolve("d01/link"))).hasToString("../d00/f000");
        } finally {
            HostTool.run("umount", mountPoint.toString());
        }
    }

    @Test
    void another_epoch_changes_only_time_fields_and_checksums() throws IOException {
        Ext4Image later = writer().write(first, SIZE, fixed(EPOCH.plusSeconds(86_400)), dir.resolve("later.ext4"));
        byte[] a = Files.readAllBytes(firstImage.path());
        byte[] b = Files.readAllBytes(later.path());
        Layout layout = Layout.of(firstImage.path());

        List<Long> elsewhere = new ArrayList<>();
        int inInodes = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i] != b[i]) {
                if (layout.inInodeTimeOrChecksum(i)) {
                    inInodes++;
                } else if (!layout.inSuperblockTimeOrChecksum(i)) {
                    elsewhere.add((long) i);
                }
            }
        }
        assertThat(a).hasSameSizeAs(b);
        assertThat(inInodes).as("bytes differing in the inodes' time fields").isPositive();
        assertThat(elsewhere).as("bytes differing outside time fields and checksums").isEmpty();
    }

    @Test
    void the_realmfs_image_of_either_is_the_same_file_and_the_reader_verifies_it() throws IOException {
        RealmfsImageOutput output = RealmfsImageOutput.builder(dir).version(3).build();
        RealmfsImageSpec spec = RealmfsImageSpec.of(output, digest, EPOCH);
        WrittenRealmfsImage one = new RealmfsImageWriter(commands.commands())
                .write(firstImage.path(), spec, dir.resolve("one"));
        WrittenRealmfsImage two = new RealmfsImageWriter(commands.commands())
                .write(secondImage.path(), RealmfsImageSpec.of(output, TreeDigest.of(second), EPOCH), dir.resolve("two"));

        assertThat(Files.mismatch(one.image(), two.image())).isEqualTo(-1L);
        assertThat(Files.mismatch(one.hashTree(), two.hashTree())).isEqualTo(-1L);
        assertThat(one.metainfo().timestamp()).isEqualTo("20250517123456");
        assertThat(one.metainfo().veritySalt()).isEqualTo(spec.verityParameters().saltHex());
        VerificationReport report = RealmfsImageReader.open(two.image()).verify(SigningKey.development().verifyingKey());
        assertThat(report.problems()).isEmpty();
        assertThat(report.signatureValid()).isTrue();
    }

    private static Ext4Reproducibility fixed(Instant epoch) {
        return Ext4Reproducibility.derivedFrom(digest, epoch);
    }

    private static Ext4ImageWriter writer() {
        return new Ext4ImageWriter(commands.commands());
    }

    private static long number(String dumpe2fs, String field) {
        Matcher m = Pattern.compile(field + ":\\s+(\\d+)").matcher(dumpe2fs);
        assertThat(m.find()).as(field).isTrue();
        return Long.parseLong(m.group(1));
    }

    /** Where dumpe2fs says the superblocks and inode tables are. */
    private record Layout(List<Long> superblocks, List<long[]> inodeTables, int inodeSize) {
        private static final int BLOCK = 4096;
        /** s_wtime, s_mtime; s_lastcheck; s_mkfs_time; their high bytes; s_checksum. */
        private static final int[][] SUPERBLOCK_TIMES = {{0x2C, 0x34}, {0x40, 0x44}, {0x108, 0x10C}, {0x274, 0x278},
            {0x3FC, 0x400}};
        /** atime, ctime, mtime; checksum low half; checksum high half, the *_extra fields, crtime. */
        private static final int[][] INODE_TIMES = {{0x08, 0x14}, {0x7C, 0x7E}, {0x82, 0x98}};

        static Layout of(Path image) {
            String dump = HostTool.run("dumpe2fs", image.toString());
            List<Long> superblocks = new ArrayList<>(List.of(1024L));
            Matcher backup = Pattern.compile("Backup superblock at (\\d+)").matcher(dump);
            while (backup.find()) {
                superblocks.add(Long.parseLong(backup.group(1)) * BLOCK);
            }
            List<long[]> tables = new ArrayList<>();
            Matcher table = Pattern.compile("Inode table at (\\d+)-(\\d+)").matcher(dump);
            while (table.find()) {
                tables.add(new long[] {Long.parseLong(table.group(1)) * BLOCK, (Long.parseLong(table.group(2)) + 1) * BLOCK});
            }
            assertThat(tables).isNotEmpty();
            return new Layout(superblocks, tables, (int) number(dump, "Inode size"));
        }

        boolean inSuperblockTimeOrChecksum(long offset) {
            return superblocks.stream().anyMatch(start -> within(offset - start, SUPERBLOCK_TIMES));
        }

        boolean inInodeTimeOrChecksum(long offset) {
            return inodeTables.stream().anyMatch(t -> offset >= t[0] && offset < t[1]
                    && within((offset - t[0]) % inodeSize, INODE_TIMES));
        }

        private static boolean within(long relative, int[][] ranges) {
            for (int[] range : ranges) {
                if (relative >= range[0] && relative < range[1]) {
                    return true;
                }
            }
            return false;
        }
    }

    /** 8 directories of 10 files, symlinks, a hard link, an xattr, a device, an owner: made forwards or backwards. */
    static final class Tree {
        static Path create(Path root, boolean backwards) throws IOException {
            List<Path> files = new ArrayList<>();
            for (int d = 0; d < 8; d++) {
                for (int f = 0; f < 10; f++) {
                    files.add(root.resolve(String.format("d%02d/f%03d", d, d * 10 + f)));
                }
            }
            if (backwards) {
                java.util.Collections.reverse(files);
            }
            for (Path file : files) {
                Files.createDirectories(file.getParent());
                byte[] content = new byte[1000 + file.getFileName().toString().hashCode() % 7000];
                new Random(file.getFileName().toString().hashCode()).nextBytes(content);
                Files.write(file, content);
            }
            Files.writeString(root.resolve("d03/f005"), "a small file\n", StandardCharsets.UTF_8);
            Files.createSymbolicLink(root.resolve("d01/link"), Path.of("../d00/f000"));
            Files.createLink(root.resolve("d02/hard"), root.resolve("d07/f070"));
            new ExtendedAttributes().write(root.resolve("d04/f040"), "security.capability",
                    HexFormat.of().parseHex("0100000200200000000000000000000000000000"));
            // several attributes, set in the tree's order: ext4 lists them in the order set, tmpfs by its own rule
            List<String> names = new ArrayList<>(List.of("user.b", "user.a", "security.zz"));
            if (backwards) {
                java.util.Collections.reverse(names);
            }
            Path quoted = Files.writeString(root.resolve(MANY_XATTRS), "x");
            for (String name : names) {
                new ExtendedAttributes().write(quoted, name, (name + " value").getBytes(StandardCharsets.US_ASCII));
                new ExtendedAttributes().write(root.resolve("d04/f041"), name, new byte[] {0, 1, 2});
            }
            HostTool.run("mknod", root.resolve("d05/null").toString(), "c", "1", "3");
            HostTool.run("chown", "-h", "1000:1000", root.resolve("d06").toString(), root.resolve("d01/link").toString());
            try (var paths = Files.walk(root)) {
                for (Path path : paths.toList()) {
                    Files.getFileAttributeView(path, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                            .setTimes(MTIME, null, null);
                }
            }
            return root;
        }

        static void readEveryFile(Path root) throws IOException {
            try (var paths = Files.walk(root)) {
                for (Path path : paths.filter(Files::isRegularFile).toList()) {
                    Files.readAllBytes(path);
                }
            }
        }
    }
}
