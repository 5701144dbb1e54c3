package org.citadel.realmfs.core.output.image.verity;

import java.io.IOException;

/**
 * Sees the data a hash tree is computed over, chunk by chunk, in order, on the reading thread: lets
 * a caller checksum or copy the data in the same pass instead of reading it again.
 */
@FunctionalInterface
public interface DataTap {

    DataTap NONE = (offset, chunk, length) -> { };

    /** {@code chunk[0..length)} holds the data at {@code offset}; it is reused after this returns. */
    void accept(long offset, byte[] chunk, int length) throws IOException;

    /** This tap, then {@code next}. */
    default DataTap andThen(DataTap next) {
        return (offset, chunk, length) -> {
            accept(offset, chunk, length);
            next.accept(offset, chunk, length);
        };
    }
}
