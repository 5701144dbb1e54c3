package org.citadel.realmfs.testing;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.Assertions;
import org.assertj.core.api.ListAssert;
import org.citadel.realmfs.api.RootfsPath;
import org.citadel.realmfs.testing.tree.EntryType;
import org.citadel.realmfs.testing.tree.RootfsEntry;
import org.citadel.realmfs.testing.tree.RootfsTree;

/**
 * Assertions on a built rootfs, whatever holds it: files, directories, packages, users, units. Each
 * failure says what the rootfs holds instead.
 */
public abstract class AbstractRootfsAssert<SELF extends AbstractRootfsAssert<SELF, ACTUAL>, ACTUAL>
        extends AbstractAssert<SELF, ACTUAL> {
    private static final int LISTED = 40;

    protected AbstractRootfsAssert(ACTUAL actual, Class<?> selfType) {
        super(actual, selfType);
    }

    /** The rootfs the assertions read. */
    protected abstract RootfsTree tree();

    /** Assertions on the entry at {@code path} (as {@code lstat} sees it); fails when there is none. */
    public RootfsFileAssert file(RootfsPath path) {
        return file(path.toString());
    }

    /** Assertions on the entry at {@code path} (as {@code lstat} sees it); fails when there is none. */
    public RootfsFileAssert file(String path) {
        isNotNull();
        RootfsTree tree = tree();
        Optional<RootfsEntry> entry = tree.entry(path);
        if (entry.isEmpty()) {
            failWithMessage("%s", "Expected " + path + " in " + tree.source() + ", but there is none; "
                    + whatIsThere(tree, parent(path)));
        }
        return new RootfsFileAssert(entry.get(), tree).describedAs(descriptionText());
    }

    /** There is a regular file at {@code path} (symlinks followed). */
    public SELF hasFile(String path) {
        return hasEntryOfType(path, EntryType.FILE);
    }

    /** There is a directory at {@code path} (symlinks followed). */
    public SELF hasDirectory(String path) {
        return hasEntryOfType(path, EntryType.DIRECTORY);
    }

    /** There is nothing at {@code path}, not even a dangling symlink. */
    public SELF doesNotHave(String path) {
        isNotNull();
        tree().entry(path).ifPresent(e -> failWithMessage("%s", "Expected no " + path + " in " + tree().source()
                + ", but there is: " + e));
        return myself;
    }

    /** dpkg records {@code packageName} as installed ({@code /var/lib/dpkg/status}). */
    public SELF hasPackage(String packageName) {
        isNotNull();
        DpkgStatus status = DpkgStatus.of(tree());
        if (status.version(packageName).isEmpty()) {
            failWithMessage("%s", "Expected the package " + packageName + " installed in " + tree().source()
                    + ", but dpkg's status has it not; it has " + status.describe());
        }
        return myself;
    }

    /** dpkg records {@code packageName} installed at exactly {@code version}. */
    public SELF hasPackage(String packageName, String version) {
        hasPackage(packageName);
        String found = DpkgStatus.of(tree()).version(packageName).orElseThrow();
        if (!found.equals(version)) {
            failWithMessage("%s", "Expected the package " + packageName + " at version " + version + " in "
                    + tree().source() + ", but dpkg's status has version " + found);
        }
        return myself;
    }

    /** dpkg does not record {@code packageName} as installed. */
    public SELF doesNotHavePackage(String packageName) {
        isNotNull();
        DpkgStatus.of(tree()).version(packageName).ifPresent(v -> failWithMessage("%s", "Expected no package "
                + packageName + " in " + tree().source() + ", but dpkg's status has it installed, version " + v));
        return myself;
    }

    /** {@code /etc/passwd} has a user {@code name}. */
    public SELF hasUser(String name) {
        isNotNull();
        List<String> users = namesIn("/etc/passwd");
        if (!users.contains(name)) {
            failWithMessage("%s", "Expected a user " + name + " in " + tree().source() + ", but /etc/passwd has "
                    + String.join(", ", users));
        }
        return myself;
    }

    /** {@code /etc/group} has a group {@code name}. */
    public SELF hasGroup(String name) {
        isNotNull();
        List<String> groups = namesIn("/etc/group");
        if (!groups.contains(name)) {
            failWithMessage("%s", "Expected a group " + name + " in " + tree().source() + ", but /etc/group has "
                    + String.join(", ", groups));
        }
        return myself;
    }

    /** Assertions on the systemd unit {@code unit} ({@code hello.service}). */
    public UnitAssert unit(String unit) {
        isNotNull();
        return new UnitAssert(unit, new SystemdUnits(tree()), tree().source()).describedAs(descriptionText());
    }

    /** Every entry of the rootfs, sorted by path, for custom checks. */
    public ListAssert<RootfsEntry> entries() {
        isNotNull();
        return Assertions.assertThat(tree().entries());
    }

    /** The entries below {@code directory}, at any depth, sorted by path. */
    public ListAssert<RootfsEntry> entriesUnder(String directory) {
        isNotNull();
        return Assertions.assertThat(tree().entriesUnder(directory));
    }

    private SELF hasEntryOfType(String path, EntryType type) {
        isNotNull();
        RootfsTree tree = tree();
        Optional<RootfsEntry> entry = tree.resolve(path);
        if (entry.isEmpty()) {
            failWithMessage("%s", "Expected " + (type == EntryType.FILE ? "a file " : "a directory ") + path + " in "
                    + tree.source() + ", but there is none; " + whatIsThere(tree, parent(path)));
        } else if (entry.get().type() != type) {
            failWithMessage("%s", "Expected " + (type == EntryType.FILE ? "a file " : "a directory ") + path + " in "
                    + tree.source() + ", but it is: " + entry.get());
        }
        return myself;
    }

    private List<String> namesIn(String colonFile) {
        if (tree().resolve(colonFile).isEmpty()) {
            return List.of();
        }
        return tree().text(colonFile).lines().filter(l -> l.contains(":"))
                .map(l -> l.substring(0, l.indexOf(':'))).toList();
    }

    static String whatIsThere(RootfsTree tree, String directory) {
        List<RootfsEntry> children = tree.children(directory);
        if (tree.resolve(directory).isEmpty()) {
            return "there is no " + directory + " either";
        }
        String names = children.stream().limit(LISTED).map(RootfsEntry::name).collect(Collectors.joining(", "));
        return directory + " holds " + (children.isEmpty() ? "nothing" : names
                + (children.size() > LISTED ? ", ... (" + children.size() + " entries)" : ""));
    }

    private static String parent(String path) {
        String p = RootfsTree.normalize(path);
        int slash = p.lastIndexOf('/');
        return slash <= 0 ? "/" : p.substring(0, slash);
    }
}
