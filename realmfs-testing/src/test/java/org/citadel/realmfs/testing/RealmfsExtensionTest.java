package org.citadel.realmfs.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.Optional;
import org.citadel.realmfs.api.HostRequirementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * What {@code @RealmfsTest} classes do on a host that cannot build: fail saying what to do, or skip
 * when they asked to. The classes below run in a launcher of their own, with the host check faked.
 */
class RealmfsExtensionTest {
    static final String LACKS = "@RealmfsTest builds real images, and this host lacks root";
    static final String FIXTURES = "realmfs.testing.runExtensionFixtures";

    @Test
    void aTestOnAHostThatCannotBuildFailsSayingWhatToDo() {
        TestExecutionSummary summary = run(FailsWhenUnavailable.class);

        assertThat(summary.getTestsSucceededCount()).isZero();
        assertThat(summary.getFailures()).singleElement().satisfies(f -> assertThat(f.getException())
                .isInstanceOf(HostRequirementException.class).hasMessage(LACKS));
    }

    @Test
    void aTestThatOptedInIsSkippedInstead() {
        TestExecutionSummary summary = run(SkipsWhenUnavailable.class);

        assertThat(summary.getFailures()).isEmpty();
        assertThat(summary.getTestsSucceededCount()).isZero();
        assertThat(summary.getContainersSkippedCount() + summary.getTestsSkippedCount()).isPositive();
    }

    @Test
    void theHostCheckSaysWhatToInstallAndHowToSkip() {
        assertThat(HostReadiness.describe(java.util.List.of())).isEmpty();
        assertThat(HostReadiness.describe(java.util.List.of("root: run as root", "debootstrap: apt-get install it")))
                .hasValue("@RealmfsTest builds real images, and this host lacks root: run as root; and debootstrap:"
                        + " apt-get install it. To skip such tests on hosts like this instead of failing, use"
                        + " @RealmfsTest(skipWhenUnavailable = true) or -Drealmfs.testing.skipWhenUnavailable=true");
    }

    private static TestExecutionSummary run(Class<?> testClass) {
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        System.setProperty(FIXTURES, "true");
        try {
            LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(testClass))
                    .build(), listener);
        } finally {
            System.clearProperty(FIXTURES);
        }
        return listener.getSummary();
    }

    /** Fails by design: runs only inside this test's launcher, not when an IDE runs the package. */
    @EnabledIfSystemProperty(named = FIXTURES, matches = "true")
    static class FailsWhenUnavailable {
        @RegisterExtension
        static RealmfsExtension realmfs = new RealmfsExtension(() -> Optional.of(LACKS));

        @Test
        void builds(RealmfsTestBuilds builds) {
        }
    }

    @RealmfsTest(skipWhenUnavailable = true)
    static class SkipsWhenUnavailable {
        @RegisterExtension
        static RealmfsExtension realmfs = new RealmfsExtension(() -> Optional.of(LACKS));

        @Test
        void builds(RealmfsTestBuilds builds) {
        }
    }
}
