package org.citadel.realmfs.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class whose methods build real images: they take a {@link RealmfsTestBuilds} parameter.
 * Builds share one package cache and one layer cache per JVM, kept across runs
 * ({@link RealmfsTestCaches}), so a test whose recipe differs from an earlier one only in
 * post-install modules restores the package layer and takes seconds.
 *
 * <p>Building needs root and debootstrap. On a host without them the tests fail, saying what to
 * install and how to run them; they are skipped instead only when {@link #skipWhenUnavailable()}
 * or the system property {@value RealmfsExtension#SKIP_PROPERTY}{@code =true} says so.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(RealmfsExtension.class)
public @interface RealmfsTest {
    /** Skip (not fail) the tests when this host cannot build images. */
    boolean skipWhenUnavailable() default false;
}
