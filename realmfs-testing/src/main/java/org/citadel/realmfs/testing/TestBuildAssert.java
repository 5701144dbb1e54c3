package org.citadel.realmfs.testing;

import java.nio.file.Path;
import java.time.Duration;
import org.citadel.realmfs.testing.boot.BootCheck;
import org.citadel.realmfs.testing.boot.BootReport;
import org.citadel.realmfs.testing.tree.RootfsTree;

/**
 * Assertions on a {@link TestBuild}: the rootfs assertions on its kept rootfs, and its outputs, its
 * cache use and whether it boots.
 */
public final class TestBuildAssert extends AbstractRootfsAssert<TestBuildAssert, TestBuild> {
    /** How long {@link #boots()} waits for the system to be up. */
    public static final Duration DEFAULT_BOOT_TIMEOUT = Duration.ofSeconds(60);

    TestBuildAssert(TestBuild actual) {
        super(actual, TestBuildAssert.class);
    }

    @Override
    protected RootfsTree tree() {
        return actual.rootfs();
    }

    /** The rootfs assertions on the output of kind {@code kind} ("tar", "tar.xz", "ext4", "realmfs"). */
    public RootfsAssert output(String kind) {
        return new RootfsAssert(actual.remember(RootfsTree.open(outputFile(kind))));
    }

    /** The assertions on the RealmFS image the build wrote. */
    public RealmfsImageAssert realmfsImage() {
        outputFile("realmfs");
        return new RealmfsImageAssert(actual.realmfsImage().orElseThrow());
    }

    /** The build restored the package layer from the cache (it ran from the post-install modules on). */
    public TestBuildAssert restoredPackageLayer() {
        isNotNull();
        if (!actual.restoredPackageLayer()) {
            failWithMessage("%s", "Expected the build in " + actual.workDirectory() + " to restore the package layer,"
                    + " but it skipped only " + actual.skippedStages() + "; the cache said: "
                    + String.join("; ", LayerMessages.of(actual)));
        }
        return this;
    }

    /** The kept rootfs boots with systemd-nspawn to running or degraded within {@link #DEFAULT_BOOT_TIMEOUT}. */
    public TestBuildAssert boots() {
        return boots(DEFAULT_BOOT_TIMEOUT);
    }

    /**
     * The kept rootfs boots: {@code systemd-nspawn --boot} on a volatile overlay (the rootfs is not
     * changed), until {@code systemctl is-system-running} says {@code running} or {@code degraded}
     * within {@code timeout}, and no unit failed. The failure lists the failed units and the last
     * journal lines.
     */
    public TestBuildAssert boots(Duration timeout) {
        isNotNull();
        BootReport report = BootCheck.boot(actual.rootfsDirectory(), timeout);
        if (!report.isUp() || !report.failedUnits().isEmpty()) {
            failWithMessage("%s", "Expected " + actual.rootfsDirectory() + " to boot, but " + report.describe());
        }
        return this;
    }

    /** Boots like {@link #boots()}, and returns what was seen for custom checks. */
    public BootReport bootReport(Duration timeout) {
        isNotNull();
        return BootCheck.boot(actual.rootfsDirectory(), timeout);
    }

    private Path outputFile(String kind) {
        isNotNull();
        return actual.output(kind).orElseGet(() -> {
            failWithMessage("%s", "Expected the build to have written a " + kind + " output, but it wrote "
                    + actual.result().outputs().values());
            return null;
        });
    }
}
