package org.citadel.realmfs.testing;

import java.util.Optional;
import java.util.function.Supplier;
import org.citadel.realmfs.api.HostRequirementException;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The extension behind {@link RealmfsTest}: checks the host once per class (skipping only when asked
 * to), injects {@link RealmfsTestBuilds}, and closes each {@link TestBuild} when the test or class
 * that made it ends (JUnit closes the {@link AutoCloseable} values of a context's store).
 */
public final class RealmfsExtension implements ExecutionCondition, BeforeAllCallback, ParameterResolver {
    public static final String SKIP_PROPERTY = "realmfs.testing.skipWhenUnavailable";
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RealmfsExtension.class);

    private static volatile Optional<String> jvmHostProblem;

    private final Supplier<Optional<String>> hostCheck;

    /** The extension {@link RealmfsTest} registers: it checks this host once per JVM. */
    public RealmfsExtension() {
        this(RealmfsExtension::checkThisHostOnce);
    }

    /** An extension that takes {@code hostCheck}'s word on whether builds can run (its own tests use it). */
    RealmfsExtension(Supplier<Optional<String>> hostCheck) {
        this.hostCheck = hostCheck;
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<String> problem = hostCheck.get();
        if (problem.isPresent() && skipWhenUnavailable(context)) {
            return ConditionEvaluationResult.disabled("skipped as asked: " + problem.get());
        }
        return ConditionEvaluationResult.enabled("this host can build images, or failing is wanted");
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        Optional<String> problem = hostCheck.get();
        if (problem.isPresent()) {
            throw new HostRequirementException(problem.get());
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == RealmfsTestBuilds.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        return new RealmfsTestBuilds(RealmfsTestCaches.forThisJvm(),
                build -> store.put(build.workDirectory().toString(), build));
    }

    private static boolean skipWhenUnavailable(ExtensionContext context) {
        return Boolean.getBoolean(SKIP_PROPERTY) || context.getTestClass()
                .flatMap(c -> AnnotationSupport.findAnnotation(c, RealmfsTest.class))
                .map(RealmfsTest::skipWhenUnavailable).orElse(false);
    }

    private static Optional<String> checkThisHostOnce() {
        Optional<String> problem = jvmHostProblem;
        if (problem == null) {
            problem = HostReadiness.problem();
            jvmHostProblem = problem;
        }
        return problem;
    }
}
