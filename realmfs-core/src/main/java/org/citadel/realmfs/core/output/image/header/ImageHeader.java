package org.citadel.realmfs.core.output.image.header;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import org.citadel.realmfs.api.InvalidRecipeException;

/**
 * The 4096-byte block at the start of a RealmFS image: magic {@code SGOS}, status, flags, the metainfo
 * length (16-bit big-endian), the metainfo, its 64-byte ed25519 signature (zeros when unsigned), zeros.
 */
public final class ImageHeader {
    public static final int SIZE = 4096;
    public static final int SIGNATURE_BYTES = 64;
    private static final byte[] MAGIC = "SGOS".getBytes(StandardCharsets.US_ASCII);
    private static final int FIXED_BYTES = 8;
    /** Citadel reads only metainfo strictly shorter than this (what fits beside the fixed fields and the signature). */
    public static final int METAINFO_LIMIT = SIZE - FIXED_BYTES - SIGNATURE_BYTES;
    public static final int MAX_METAINFO_BYTES = METAINFO_LIMIT - 1;

    private final int status;
    private final Set<HeaderFlag> flags;
    private final byte[] metainfo;
    private final byte[] signature;

    public ImageHeader(int status, Set<HeaderFlag> flags, byte[] metainfo, byte[] signature) {
        if (status < 0 || status > 0xff) {
            throw new IllegalArgumentException("The header status is one byte, got " + status);
        }
        if (metainfo.length > MAX_METAINFO_BYTES) {
            throw new InvalidRecipeException("The metainfo has " + metainfo.length + " bytes; Citadel's header holds less"
                    + " than " + METAINFO_LIMIT + ": shorten the realmfs name, channel or timestamp");
        }
        if (signature.length != SIGNATURE_BYTES) {
            throw new IllegalArgumentException("An ed25519 signature has " + SIGNATURE_BYTES + " bytes, got "
                    + signature.length);
        }
        this.status = status;
        this.flags = flags.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(flags));
        this.metainfo = metainfo.clone();
        this.signature = signature.clone();
    }

    /** A header as the builder writes it: status 0, and zeros for the signature when unsigned. */
    public static ImageHeader unsigned(Set<HeaderFlag> flags, byte[] metainfo) {
        return new ImageHeader(0, flags, metainfo, new byte[SIGNATURE_BYTES]);
    }

    public ImageHeader withSignature(byte[] newSignature) {
        return new ImageHeader(status, flags, metainfo, newSignature);
    }

    public byte[] encode() {
        ByteBuffer block = ByteBuffer.allocate(SIZE);
        block.put(MAGIC);
        block.put((byte) status);
        block.put((byte) HeaderFlag.toByte(flags));
        block.putShort((short) metainfo.length);
        block.put(metainfo);
        block.put(signature);
        return block.array();
    }

    public static ImageHeader decode(byte[] block) {
        if (block.length < SIZE) {
            throw new MalformedImageException("A RealmFS image starts with a " + SIZE + "-byte header; the file has "
                    + block.length + " bytes");
        }
        if (!Arrays.equals(block, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new MalformedImageException("No 'SGOS' magic at the start: this is not a RealmFS image");
        }
        ByteBuffer buffer = ByteBuffer.wrap(block);
        int status = Byte.toUnsignedInt(buffer.get(4));
        Set<HeaderFlag> flags = HeaderFlag.fromByte(Byte.toUnsignedInt(buffer.get(5)));
        int length = Short.toUnsignedInt(buffer.getShort(6));
        if (length > MAX_METAINFO_BYTES) {
            throw new MalformedImageException("The header claims " + length + " bytes of metainfo; Citadel reads less"
                    + " than " + METAINFO_LIMIT);
        }
        byte[] metainfo = Arrays.copyOfRange(block, FIXED_BYTES, FIXED_BYTES + length);
        byte[] signature = Arrays.copyOfRange(block, FIXED_BYTES + length, FIXED_BYTES + length + SIGNATURE_BYTES);
        return new ImageHeader(status, flags, metainfo, signature);
    }

    public int status() {
        return status;
    }

    public Set<HeaderFlag> flags() {
        return flags;
    }

    public byte[] metainfoBytes() {
        return metainfo.clone();
    }

    public Metainfo metainfo() {
        return Metainfo.parse(new String(metainfo, StandardCharsets.UTF_8));
    }

    public byte[] signature() {
        return signature.clone();
    }

    public boolean isSigned() {
        return !Arrays.equals(signature, new byte[SIGNATURE_BYTES]);
    }
}
