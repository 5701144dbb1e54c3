package org.citadel.realmfs.testing;

import java.nio.charset.StandardCharsets;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.AbstractStringAssert;
import org.assertj.core.api.Assertions;
import org.citadel.realmfs.api.FileMode;
import org.citadel.realmfs.testing.tree.EntryType;
import org.citadel.realmfs.testing.tree.RootfsEntry;
import org.citadel.realmfs.testing.tree.RootfsTree;

/**
 * Assertions on one entry of a rootfs. Mode and owner are the entry's own ({@code lstat}); content
 * and executability follow symlinks inside the rootfs, as a program in the image would.
 */
public final class RootfsFileAssert extends AbstractAssert<RootfsFileAssert, RootfsEntry> {
    private static final int SHOWN_CHARACTERS = 2000;

    private final RootfsTree tree;

    RootfsFileAssert(RootfsEntry actual, RootfsTree tree) {
        super(actual, RootfsFileAssert.class);
        this.tree = tree;
    }

    /** The file's content is exactly {@code expected} (UTF-8). */
    public RootfsFileAssert hasContent(String expected) {
        String content = text();
        if (!content.equals(expected)) {
            fail("to have the content " + quoted(expected) + ", but its content is " + quoted(content));
        }
        return this;
    }

    /** The file's content contains each of {@code parts}. */
    public RootfsFileAssert contains(String... parts) {
        String content = text();
        for (String part : parts) {
            if (!content.contains(part)) {
                fail("to contain " + quoted(part) + ", but its content is " + quoted(content));
            }
        }
        return this;
    }

    /** The file's content contains none of {@code parts}. */
    public RootfsFileAssert doesNotContain(String... parts) {
        String content = text();
        for (String part : parts) {
            if (content.contains(part)) {
                fail("not to contain " + quoted(part) + ", but its content is " + quoted(content));
            }
        }
        return this;
    }

    /** AssertJ's string assertions on the content, for anything else. */
    public AbstractStringAssert<?> content() {
        return Assertions.assertThat(text()).as(actual.path() + " in " + tree.source());
    }

    /** The entry's permission bits (with set-uid, set-gid, sticky) are {@code mode}, such as {@code 0644}. */
    public RootfsFileAssert hasMode(FileMode mode) {
        return hasMode(mode.bits());
    }

    public RootfsFileAssert hasMode(int mode) {
        if (actual.mode() != mode) {
            fail(String.format("to have mode %04o, but it has %s: %s", mode, actual.octalMode(), actual));
        }
        return this;
    }

    /** The entry's numeric owner and group. */
    public RootfsFileAssert isOwnedBy(long uid, long gid) {
        if (actual.uid() != uid || actual.gid() != gid) {
            fail("to be owned by " + uid + ":" + gid + ", but it is owned by " + actual.uid() + ":" + actual.gid()
                    + ": " + actual);
        }
        return this;
    }

    /** The entry is a symlink whose target, as written, is {@code target}. */
    public RootfsFileAssert isSymlinkTo(String target) {
        if (actual.type() != EntryType.SYMLINK) {
            fail("to be a symlink to " + target + ", but it is not a symlink: " + actual);
        } else if (!actual.symlinkTarget().orElseThrow().equals(target)) {
            fail("to be a symlink to " + target + ", but it links to " + actual.symlinkTarget().orElseThrow());
        }
        return this;
    }

    /** The entry is a regular file (not a symlink to one). */
    public RootfsFileAssert isRegularFile() {
        return isOfType(EntryType.FILE);
    }

    /** The entry is a directory (not a symlink to one). */
    public RootfsFileAssert isDirectory() {
        return isOfType(EntryType.DIRECTORY);
    }

    /** The entry, symlinks followed, is a regular file with an execute bit set. */
    public RootfsFileAssert isExecutable() {
        RootfsEntry resolved = tree.resolve(actual.path()).orElse(null);
        if (resolved == null) {
            fail("to be executable, but it is a dangling symlink: " + actual);
        } else if (!resolved.isExecutable()) {
            fail("to be an executable file, but it is " + resolved
                    + (resolved == actual || resolved.equals(actual) ? "" : " (through " + actual + ")"));
        }
        return this;
    }

    private RootfsFileAssert isOfType(EntryType type) {
        if (actual.type() != type) {
            fail("to be a " + type.name().toLowerCase().replace('_', ' ') + ", but it is: " + actual);
        }
        return this;
    }

    private String text() {
        RootfsEntry resolved = tree.resolve(actual.path()).orElse(null);
        if (resolved == null || resolved.type() != EntryType.FILE) {
            fail("to be a file with content, but it is " + (resolved == null ? "a dangling symlink: " + actual
                    : "not a regular file: " + resolved));
        }
        return new String(tree.content(actual.path()), StandardCharsets.UTF_8);
    }

    private void fail(String what) {
        failWithMessage("%s", "Expected " + actual.path() + " in " + tree.source() + " " + what);
    }

    private static String quoted(String text) {
        String shown = text.length() > SHOWN_CHARACTERS
                ? text.substring(0, SHOWN_CHARACTERS) + "... (" + text.length() + " characters)" : text;
        return "\"" + shown.replace("\n", "\\n") + "\"";
    }
}
