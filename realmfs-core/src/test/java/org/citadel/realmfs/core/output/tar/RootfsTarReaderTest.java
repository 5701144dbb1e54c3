package org.citadel.realmfs.core.output.tar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Archives built by hand that try to escape the target directory; none needs root. */
class RootfsTarReaderTest {

    @TempDir
    Path scratch;
    Path target;
    Path outside;
    int uid;
    int gid;

    @BeforeEach
    void directories() throws IOException {
        target = Files.createDirectory(scratch.resolve("target"));
        outside = Files.createDirectory(scratch.resolve("outside"));
        Files.writeString(outside.resolve("secret"), "secret");
        uid = (Integer) Files.getAttribute(scratch, "unix:uid");
        gid = (Integer) Files.getAttribute(scratch, "unix:gid");
    }

    @Test
    void aFileNamedWithDotDotIsRefusedAndNothingIsWrittenOutside() {
        byte[] tar = archive(file("./../escaped"));

        assertThatThrownBy(() -> restore(tar))
                .isInstanceOf(UnsafeTarEntryException.class)
                .hasMessageContaining("./../escaped contains \"..\"");
        assertThat(scratch.resolve("escaped")).doesNotExist();
    }

    @Test
    void anAbsoluteNameIsRefused() {
        byte[] tar = archive(file("/" + scratch.resolve("absolute")));

        assertThatThrownBy(() -> restore(tar)).isInstanceOf(UnsafeTarEntryException.class);
        assertThat(scratch.resolve("absolute")).doesNotExist();
    }

    @Test
    void aFileBelowASymbolicLinkToOutsideIsRefused() {
        byte[] tar = archive(symlink("./door", outside.toString()), file("./door/planted"));

        assertThatThrownBy(() -> restore(tar))
                .isInstanceOf(UnsafeTarEntryException.class)
                .hasMessageContaining("through the symbolic link " + target.resolve("door"));
        assertThat(outside.resolve("planted")).doesNotExist();
    }

    @Test
    void aHardLinkToAFileOutsideIsRefused() {
        byte[] tar = archive(hardLink("./stolen", "./../outside/secret"));

        assertThatThrownBy(() -> restore(tar)).isInstanceOf(UnsafeTarEntryException.class);
        assertThat(target.resolve("stolen")).doesNotExist();
    }

    @Test
    void aHardLinkThroughASymbolicLinkToOutsideIsRefused() {
        byte[] tar = archive(symlink("./door", outside.toString()), hardLink("./stolen", "./door/secret"));

        assertThatThrownBy(() -> restore(tar)).isInstanceOf(UnsafeTarEntryException.class);
        assertThat(target.resolve("stolen")).doesNotExist();
    }

    @Test
    void aSymbolicLinkIsRestoredVerbatimAndNeverFollowed() {
        byte[] tar = archive(symlink("./door", outside.resolve("secret").toString()));

        restore(tar);

        assertThat(Files.isSymbolicLink(target.resolve("door"))).isTrue();
        assertThat(outside.resolve("secret")).hasContent("secret");
    }

    @Test
    void anArchiveCutShortIsReportedAsTruncated() {
        byte[] whole = archive(file("./a"));
        byte[] cut = java.util.Arrays.copyOf(whole, 512 + 100);

        assertThatThrownBy(() -> restore(cut)).isInstanceOf(RootfsTarException.class).hasMessageContaining("truncated");
    }

    private void restore(byte[] tar) {
        new RootfsTarReader().restore(new ByteArrayInputStream(tar), target);
    }

    private TarArchiveEntry file(String name) {
        TarArchiveEntry entry = owned(new TarArchiveEntry(name, TarConstants.LF_NORMAL, true));
        entry.setSize(5);
        return entry;
    }

    private TarArchiveEntry symlink(String name, String linkTarget) {
        TarArchiveEntry entry = owned(new TarArchiveEntry(name, TarConstants.LF_SYMLINK, true));
        entry.setLinkName(linkTarget);
        return entry;
    }

    private TarArchiveEntry hardLink(String name, String linkTarget) {
        TarArchiveEntry entry = owned(new TarArchiveEntry(name, TarConstants.LF_LINK, true));
        entry.setLinkName(linkTarget);
        return entry;
    }

    private TarArchiveEntry owned(TarArchiveEntry entry) {
        entry.setIds(uid, gid);
        entry.setMode(0644);
        return entry;
    }

    private static byte[] archive(TarArchiveEntry... entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (TarArchiveEntry entry : entries) {
                tar.putArchiveEntry(entry);
                if (entry.getSize() > 0) {
                    tar.write("hello".getBytes(StandardCharsets.US_ASCII));
                }
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
