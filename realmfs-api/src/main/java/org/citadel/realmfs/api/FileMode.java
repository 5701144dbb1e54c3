package org.citadel.realmfs.api;

/**
 * The permission bits of a file in the rootfs: 0 to 07777 (setuid, setgid, sticky and the nine
 * rwx bits). Checked once, by {@link #of}; shown in octal, as {@code chmod} takes it ({@code 0644}).
 */
public final class FileMode {
    public static final int MAX = 07777;

    private final int bits;

    private FileMode(int bits) {
        this.bits = bits;
    }

    /**
     * @param bits the mode, written in Java as an octal literal: {@code FileMode.of(0644)}
     * @throws InvalidRecipeException if {@code bits} is outside 0..07777
     */
    public static FileMode of(int bits) {
        if (bits < 0 || bits > MAX) {
            throw new InvalidRecipeException((bits < 0 ? String.valueOf(bits) : "0" + Integer.toOctalString(bits))
                    + " is not a file mode;"
                    + " give an octal mode from 0 to 07777 such as 0644 or 0755 (in Java, with the leading 0)");
        }
        return new FileMode(bits);
    }

    /** The mode as a number, for chmod. */
    public int bits() {
        return bits;
    }

    /** The mode in octal with a leading 0: {@code 0644}, {@code 04755}. */
    @Override
    public String toString() {
        return "0" + String.format("%03o", bits);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FileMode mode && mode.bits == bits;
    }

    @Override
    public int hashCode() {
        return bits;
    }
}
