package org.citadel.realmfs.core.output.image;

import java.io.IOException;
import java.nio.channels.FileChannel;

/**
 * One chunk's .xz stream, ready to be copied into the image: the first {@code length} bytes of
 * {@code channel}, which stays open (a cache entry deleted meanwhile by another build stays readable).
 * Closing it closes the channel, then {@code owner} (the temporary file it was written to, if any).
 */
record CompressedChunk(long uncompressedBytes, FileChannel channel, long length, AutoCloseable owner)
        implements AutoCloseable {

    /** Appends the stream to {@code target} at {@code position}; returns its length. */
    long copyTo(FileChannel target, long position) throws IOException {
        for (long done = 0; done < length; ) {
            long moved = channel.transferTo(done, length - done, target.position(position + done));
            if (moved <= 0 && channel.size() < length) {
                throw new IOException("The compressed chunk ended after " + done + " of its " + length + " bytes");
            }
            done += moved;
        }
        return length;
    }

    @Override
    public void close() throws IOException {
        try (AutoCloseable ownedFile = owner; FileChannel open = channel) {
            // both closed, the channel first
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }
}
