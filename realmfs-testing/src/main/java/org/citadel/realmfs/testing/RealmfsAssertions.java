package org.citadel.realmfs.testing;

import java.nio.file.Path;
import org.citadel.realmfs.api.BuildResult;
import org.citadel.realmfs.api.RealmfsBuild;
import org.citadel.realmfs.testing.image.RealmfsImage;
import org.citadel.realmfs.testing.tree.RootfsTree;

/**
 * Entry points of the realmfs assertions; import them statically beside AssertJ's:
 * <pre>
 *   assertThat(build).file("/etc/motd").hasContent("hello\n").hasMode(0644).isOwnedBy(0, 0);
 *   assertThat(build).hasPackage("less").unit("hello.service").isEnabled();
 *   assertThat(build).realmfsImage().isValid().hasChannel("dev");
 *   assertThat(recipe).installsPackage("less").runsModuleBefore("a", "b");
 *   assertThatRootfs(Path.of("out/rootfs.tar.xz")).hasUser("root");
 * </pre>
 */
public final class RealmfsAssertions {
    private RealmfsAssertions() {
    }

    /** A build made with {@link RealmfsTestBuilds}: its kept rootfs, outputs, boot. */
    public static TestBuildAssert assertThat(TestBuild build) {
        return new TestBuildAssert(build);
    }

    /**
     * The rootfs of a build run without {@link RealmfsTestBuilds}: its kept rootfs directory, else the
     * first output that holds one (tar, tar.xz, ext4, RealmFS image).
     */
    public static RootfsAssert assertThat(BuildResult result) {
        Path container = result.rootfs().or(() -> result.outputs().values().stream().sorted().findFirst())
                .orElseThrow(() -> new IllegalArgumentException("The build kept no rootfs and wrote no output: keep"
                        + " the rootfs (BuildOptions.keepRootfs) or add an output to assert on"));
        return new RootfsAssert(RootfsTree.open(container));
    }

    /** A rootfs already read. */
    public static RootfsAssert assertThat(RootfsTree tree) {
        return new RootfsAssert(tree);
    }

    /** A recipe's plan: packages, module order, installed files; no root needed. */
    public static RecipeAssert assertThat(RealmfsBuild recipe) {
        return new RecipeAssert(recipe);
    }

    /** A RealmFS image file's header, signature and data. */
    public static RealmfsImageAssert assertThat(RealmfsImage image) {
        return new RealmfsImageAssert(image);
    }

    /** The rootfs in {@code container}: a directory, tar, tar.xz, ext4 image or RealmFS image file. */
    public static RootfsAssert assertThatRootfs(Path container) {
        return new RootfsAssert(RootfsTree.open(container));
    }

    /** The RealmFS image file {@code image}. */
    public static RealmfsImageAssert assertThatRealmfsImage(Path image) {
        return new RealmfsImageAssert(RealmfsImage.open(image));
    }
}
