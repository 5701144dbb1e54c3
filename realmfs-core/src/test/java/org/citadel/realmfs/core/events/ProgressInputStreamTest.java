package org.citadel.realmfs.core.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressInputStreamTest {
    @Test
    void tellsTheBytesReadOfTheTotalFromZeroToTheEnd() throws IOException {
        List<Long> done = new ArrayList<>();
        try (InputStream in = new ProgressInputStream(new ByteArrayInputStream(new byte[10_000]),
                (count, total) -> {
                    assertThat(total).isEqualTo(10_000);
                    done.add(count);
                }, 10_000)) {
            in.read();
            in.readNBytes(999);
            in.skip(1000);
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }

        assertThat(done).startsWith(0L, 1L, 1000L, 2000L).endsWith(10_000L).isSorted();
    }
}
