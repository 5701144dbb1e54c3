package org.citadel.realmfs.core.output.image;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.BitSet;

/**
 * The inodes an ext4 image uses, read from its inode bitmaps: superblock, then the group
 * descriptors, then each group's bitmap (a group whose inode bitmap is not initialized uses none).
 */
final class Ext4UsedInodes {
    private static final int SUPERBLOCK_OFFSET = 1024;
    private static final int MAGIC = 0xEF53;
    private static final int INCOMPAT_META_BG = 0x10;
    private static final int INCOMPAT_64BIT = 0x80;
    private static final int RO_COMPAT_GDT_CSUM = 0x10;
    private static final int RO_COMPAT_METADATA_CSUM = 0x400;
    private static final int BG_INODE_UNINIT = 0x1;

    private Ext4UsedInodes() {
    }

    /** Bit {@code n} is set for every used inode {@code n} (inodes count from 1). */
    static BitSet of(Path image) throws IOException {
        try (FileChannel file = FileChannel.open(image, StandardOpenOption.READ)) {
            ByteBuffer sb = read(file, SUPERBLOCK_OFFSET, 1024);
            if ((sb.getShort(0x38) & 0xFFFF) != MAGIC) {
                throw new IOException(image + " is not an ext4 filesystem (no superblock magic)");
            }
            long inodes = Integer.toUnsignedLong(sb.getInt(0x00));
            long firstDataBlock = Integer.toUnsignedLong(sb.getInt(0x14));
            long blockSize = 1024L << sb.getInt(0x18);
            int inodesPerGroup = sb.getInt(0x28);
            int incompat = sb.getInt(0x60);
            int roCompat = sb.getInt(0x64);
            if ((incompat & INCOMPAT_META_BG) != 0) {
                throw new IOException(image + " uses meta_bg, whose group descriptors this reader does not find");
            }
            boolean wide = (incompat & INCOMPAT_64BIT) != 0;
            int descriptorSize = wide ? sb.getShort(0xFE) & 0xFFFF : 32;
            boolean uninitFlags = (roCompat & (RO_COMPAT_GDT_CSUM | RO_COMPAT_METADATA_CSUM)) != 0;
            int groups = (int) ((inodes + inodesPerGroup - 1) / inodesPerGroup);
            ByteBuffer descriptors = read(file, (firstDataBlock + 1) * blockSize, groups * descriptorSize);
            BitSet used = new BitSet();
            for (int group = 0; group < groups; group++) {
                int at = group * descriptorSize;
                if (uninitFlags && (descriptors.getShort(at + 0x12) & BG_INODE_UNINIT) != 0) {
                    continue;
                }
                long bitmapBlock = Integer.toUnsignedLong(descriptors.getInt(at + 0x04))
                        | (wide ? Integer.toUnsignedLong(descriptors.getInt(at + 0x24)) << 32 : 0);
                ByteBuffer bitmap = read(file, bitmapBlock * blockSize, inodesPerGroup / 8);
                for (int i = 0; i < inodesPerGroup; i++) {
                    if ((bitmap.get(i >>> 3) & (1 << (i & 7))) != 0) {
                        used.set(group * inodesPerGroup + i + 1);
                    }
                }
            }
            return used;
        }
    }

    private static ByteBuffer read(FileChannel file, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining()) {
            if (file.read(buffer, position + buffer.position()) < 0) {
                throw new EOFException("The ext4 image ends before byte " + (position + length));
            }
        }
        return buffer.flip();
    }
}
