package org.citadel.realmfs.core.output.image;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/** Reads a channel to its end, then zeros until {@code paddedSize} bytes have been read in all. */
final class ZeroPaddedChannel implements ReadableByteChannel {
    private final ReadableByteChannel source;
    private final long paddedSize;
    private long position;
    private boolean sourceEnded;

    ZeroPaddedChannel(ReadableByteChannel source, long paddedSize) {
        this.source = source;
        this.paddedSize = paddedSize;
    }

    @Override
    public int read(ByteBuffer target) throws IOException {
        if (position >= paddedSize) {
            return -1;
        }
        int limit = target.limit();
        target.limit((int) Math.min(limit, target.position() + (paddedSize - position)));
        try {
            int read = sourceEnded ? -1 : source.read(target);
            if (read < 0) {
                sourceEnded = true;
                read = target.remaining();
                target.put(new byte[read]);
            }
            position += read;
            return read;
        } finally {
            target.limit(limit);
        }
    }

    @Override
    public boolean isOpen() {
        return source.isOpen();
    }

    @Override
    public void close() throws IOException {
        source.close();
    }
}
