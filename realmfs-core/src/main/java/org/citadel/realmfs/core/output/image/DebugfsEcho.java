package org.citadel.realmfs.core.output.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * How many commands of its script {@code debugfs -f} has run, from its standard output in a file:
 * it echoes each command as a line "{@code debugfs: COMMAND}" before running it (what the commands
 * print themselves never starts so). Read on from where the last count stopped, as the file grows.
 */
final class DebugfsEcho {
    private static final byte[] PROMPT = "debugfs: ".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final Path file;
    private final ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
    private long offset;
    /** The bytes of the current line matched against the prompt so far, or -1 once it cannot be one. */
    private int matched;
    private long commands;

    DebugfsEcho(Path file) {
        this.file = file;
    }

    /** The commands echoed so far. */
    synchronized long commands() {
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            for (int read; (read = in.read(buffer.clear(), offset)) > 0; offset += read) {
                count(buffer.array(), read);
            }
            return commands;
        } catch (NoSuchFileException e) {
            return commands;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void count(byte[] bytes, int length) {
        for (int i = 0; i < length; i++) {
            byte b = bytes[i];
            if (b == '\n') {
                matched = 0;
            } else if (matched >= 0 && matched < PROMPT.length) {
                matched = b == PROMPT[matched] ? matched + 1 : -1;
                if (matched == PROMPT.length) {
                    commands++;
                }
            }
        }
    }
}
