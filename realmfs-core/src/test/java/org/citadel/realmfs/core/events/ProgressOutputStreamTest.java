package org.citadel.realmfs.core.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressOutputStreamTest {
    @Test
    void tellsTheBytesWrittenFromZeroOfAnUnknownTotal() throws IOException {
        List<long[]> at = new ArrayList<>();
        ByteArrayOutputStream target = new ByteArrayOutputStream();
        try (OutputStream out = new ProgressOutputStream(target, (done, total) -> at.add(new long[] {done, total}))) {
            out.write(7);
            out.write(new byte[4096]);
            out.write(new byte[100], 10, 50);
        }

        assertThat(target.size()).isEqualTo(1 + 4096 + 50);
        assertThat(at.stream().map(a -> a[0]).toList()).containsExactly(0L, 1L, 4097L, 4147L);
        assertThat(at).allSatisfy(a -> assertThat(a[1]).isZero());
    }
}
