package org.citadel.realmfs.core.rootfs;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.UUID;
import java.util.regex.Pattern;
import org.citadel.realmfs.core.io.Sha256;

/**
 * The SHA-256 of a rootfs tree as an image holds it: every name (depth first, each directory's
 * entries sorted), its type, mode, owner, mtime in seconds, extended attributes, and a regular
 * file's size and content digest, a symlink's target, a device's number, a further hard link's
 * first name. Not in it: what no image keeps the same from one build to the next (atimes, ctimes,
 * inode numbers, directory sizes, the order the tree was created in). Two trees with the same
 * digest make the same ext4 image; the identifiers an image needs fixed are derived from it.
 */
public record TreeDigest(String sha256) {
    private static final Pattern HEX_64 = Pattern.compile("[0-9a-f]{64}");
    /** The namespace of the name-based (version 5) UUIDs derived from tree digests. */
    private static final UUID NAMESPACE = UUID.fromString("5c1e8d0a-6b2f-5e4c-9a7d-3f0b1c2d4e5f");

    public TreeDigest {
        if (!HEX_64.matcher(sha256).matches()) {
            throw new IllegalArgumentException("A tree digest is 64 lowercase hex digits, not '" + sha256 + "'");
        }
    }

    /** The digest of the tree under {@code root}; a mount point below it counts as an empty directory. */
    public static TreeDigest of(Path root) {
        return new TreeDigest(new TreeDigestWalk().digest(root));
    }

    /**
     * A name-based UUID (RFC 4122 version 5) for {@code label} ("ext4 uuid") of this tree: the same
     * tree gives the same UUID, another label another one.
     */
    public UUID nameBasedUuid(String label) {
        MessageDigest sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JDK has no SHA-1, which every Java runtime must have", e);
        }
        ByteBuffer namespace = ByteBuffer.allocate(16)
                .putLong(NAMESPACE.getMostSignificantBits()).putLong(NAMESPACE.getLeastSignificantBits());
        sha1.update(namespace.array());
        sha1.update(name(label));
        byte[] hash = sha1.digest();
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x50); // version 5
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80); // the RFC 4122 variant
        ByteBuffer bits = ByteBuffer.wrap(hash, 0, 16);
        return new UUID(bits.getLong(), bits.getLong());
    }

    /** {@code length} (at most 32) bytes derived from this tree and {@code label}: SHA-256(label, digest). */
    public byte[] derivedBytes(String label, int length) {
        if (length < 0 || length > 32) {
            throw new IllegalArgumentException("At most 32 bytes derive from a tree digest, not " + length);
        }
        MessageDigest digest = Sha256.newDigest();
        return Arrays.copyOf(digest.digest(name(label)), length);
    }

    public byte[] bytes() {
        return HexFormat.of().parseHex(sha256);
    }

    private byte[] name(String label) {
        return ("realmfs " + label + "\0" + sha256).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return sha256;
    }
}
