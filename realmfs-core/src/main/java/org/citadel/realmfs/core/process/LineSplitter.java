package org.citadel.realmfs.core.process;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Turns a byte stream into lines (decoded as UTF-8, invalid bytes replaced), without their line
 * ending ({@code \n} or {@code \r\n}). A last line without a newline is delivered by {@link #finish()}.
 */
final class LineSplitter {
    private final Consumer<String> lines;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    LineSplitter(Consumer<String> lines) {
        this.lines = lines;
    }

    void accept(byte[] buffer, int length) {
        int start = 0;
        for (int i = 0; i < length; i++) {
            if (buffer[i] == '\n') {
                pending.write(buffer, start, i - start);
                deliverPending();
                start = i + 1;
            }
        }
        pending.write(buffer, start, length - start);
    }

    void finish() {
        if (pending.size() > 0) {
            deliverPending();
        }
    }

    private void deliverPending() {
        byte[] bytes = pending.toByteArray();
        pending.reset();
        int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        lines.accept(new String(bytes, 0, length, StandardCharsets.UTF_8));
    }
}
