package org.citadel.realmfs.core.events;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Tells a sink the bytes read through it of {@code total} (0: unknown). */
public final class ProgressInputStream extends FilterInputStream {
    private final ProgressSink sink;
    private final long total;
    private long read;

    public ProgressInputStream(InputStream in, ProgressSink sink, long total) {
        super(in);
        this.sink = sink;
        this.total = total;
        sink.at(0, total);
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            advance(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            advance(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        advance(skipped);
        return skipped;
    }

    private void advance(long bytes) {
        read += bytes;
        sink.at(read, total);
    }
}
