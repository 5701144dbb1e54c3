package org.citadel.realmfs.core.output.image.header;

import java.util.EnumSet;
import java.util.Set;

/** The bits of the header's flags byte. */
public enum HeaderFlag {
    PREFER_BOOT(0x01),
    HASH_TREE_APPENDED(0x02),
    DATA_COMPRESSED(0x04);

    private final int bit;

    HeaderFlag(int bit) {
        this.bit = bit;
    }

    static int toByte(Set<HeaderFlag> flags) {
        int value = 0;
        for (HeaderFlag flag : flags) {
            value |= flag.bit;
        }
        return value;
    }

    static Set<HeaderFlag> fromByte(int value) {
        Set<HeaderFlag> flags = EnumSet.noneOf(HeaderFlag.class);
        for (HeaderFlag flag : values()) {
            if ((value & flag.bit) != 0) {
                flags.add(flag);
            }
        }
        return flags;
    }
}
