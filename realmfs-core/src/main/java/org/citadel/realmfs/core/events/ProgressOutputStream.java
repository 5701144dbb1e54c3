package org.citadel.realmfs.core.events;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** Tells a sink the bytes written through it (of an unknown total). */
public final class ProgressOutputStream extends FilterOutputStream {
    private final ProgressSink sink;
    private long written;

    public ProgressOutputStream(OutputStream out, ProgressSink sink) {
        super(out);
        this.sink = sink;
        sink.at(0, 0);
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        advance(1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        out.write(bytes, offset, length);
        advance(length);
    }

    private void advance(long bytes) {
        written += bytes;
        sink.at(written, 0);
    }
}
