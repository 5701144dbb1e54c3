package org.citadel.realmfs.core.output;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.citadel.realmfs.api.RealmfsException;
import org.citadel.realmfs.core.linux.Fd;
import org.citadel.realmfs.core.linux.Kernel;
import org.citadel.realmfs.core.linux.NativeCallException;

/**
 * The temporary files of {@link AtomicOutputFile}s whose writer is dead: a build killed while it
 * wrote an output leaves its {@code .NAME.RANDOM.partial} behind, and nobody holds its lock any more.
 * Files that a running build (of any process, this one included) is writing are left alone.
 */
public final class StagingFiles {
    private static final Pattern STAGING_NAME = Pattern.compile("\\..+\\.[0-9]+" + Pattern.quote(AtomicOutputFile.SUFFIX));
    private StagingFiles() {
    }

    /** Deletes the abandoned temporary files directly in {@code directory}; returns them. */
    public static List<Path> removeAbandoned(Path directory) {
        List<Path> removed = new ArrayList<>();
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            return removed;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, StagingFiles::looksLikeStaging)) {
            for (Path file : entries) {
                if (isAbandoned(file)) {
                    Files.deleteIfExists(file);
                    removed.add(file);
                }
            }
        } catch (IOException e) {
            throw new RealmfsException("Cannot remove the temporary files killed builds left in " + directory + ": "
                    + e.getMessage() + "; delete its .*" + AtomicOutputFile.SUFFIX + " files by hand", e);
        }
        return removed;
    }

    /** {@code .NAME.DIGITS.partial}, as {@link Files#createTempFile} names them for an {@link AtomicOutputFile}. */
    private static boolean looksLikeStaging(Path entry) {
        return STAGING_NAME.matcher(entry.getFileName().toString()).matches()
                && Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS);
    }

    private static boolean isAbandoned(Path file) {
        try (Fd probe = Kernel.openReadOnly(file)) {
            return Kernel.tryLockExclusive(probe);
        } catch (NativeCallException e) {
            return false; // its writer finished with it meanwhile
        }
    }
}
