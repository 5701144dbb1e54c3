package org.citadel.realmfs.api;

import java.util.Objects;
import java.util.Optional;

/**
 * A module written in Java. Its code cannot be hashed, so a layer cache stops at its position unless
 * the recipe gives it an explicit cache key (change the key whenever the code's effect changes).
 */
public record JavaModule(String name, JavaStep step, Optional<String> explicitCacheKey) implements Module {

    public JavaModule {
        Names.requireModuleName(name);
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(explicitCacheKey, "explicitCacheKey");
    }

    public JavaModule(String name, JavaStep step) {
        this(name, step, Optional.empty());
    }

    @Override
    public Optional<String> cacheKey() {
        return explicitCacheKey.map(key -> "java:" + name + "\n" + key);
    }
}
