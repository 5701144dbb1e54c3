package org.citadel.realmfs.testing.tree;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** What a file holding a rootfs is, told by its magic numbers. */
enum ContainerKind {
    TAR, TAR_XZ, EXT4, REALMFS_IMAGE;

    private static final byte[] XZ_MAGIC = {(byte) 0xFD, '7', 'z', 'X', 'Z', 0};
    private static final byte[] REALMFS_MAGIC = "SGOS".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] USTAR_MAGIC = "ustar".getBytes(StandardCharsets.US_ASCII);
    private static final int USTAR_MAGIC_OFFSET = 257;
    /** The ext2/3/4 superblock starts at 1024; its s_magic 0xEF53 (little-endian) is at offset 56 in it. */
    private static final int EXT4_MAGIC_OFFSET = 1024 + 56;

    static ContainerKind of(Path file) {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(2048);
        } catch (IOException e) {
            throw new UnreadableRootfsException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        if (startsWith(head, 0, XZ_MAGIC)) {
            return TAR_XZ;
        }
        if (startsWith(head, 0, REALMFS_MAGIC)) {
            return REALMFS_IMAGE;
        }
        if (startsWith(head, USTAR_MAGIC_OFFSET, USTAR_MAGIC)) {
            return TAR;
        }
        if (head.length > EXT4_MAGIC_OFFSET + 1 && (head[EXT4_MAGIC_OFFSET] & 0xFF) == 0x53
                && (head[EXT4_MAGIC_OFFSET + 1] & 0xFF) == 0xEF) {
            return EXT4;
        }
        throw new UnreadableRootfsException(file + " is neither a directory, a tar or tar.xz archive, an ext4 image"
                + " nor a RealmFS image (none of their magic numbers is in its first bytes)");
    }

    private static boolean startsWith(byte[] data, int offset, byte[] magic) {
        return data.length >= offset + magic.length
                && Arrays.equals(data, offset, offset + magic.length, magic, 0, magic.length);
    }
}
