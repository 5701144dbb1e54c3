package org.citadel.realmfs.core.sbom;

import java.io.IOException;
import java.io.StringReader;
import java.util.Properties;
import org.citadel.realmfs.core.io.ClasspathResource;

/** The version of realmfs that builds, as Maven wrote it into the jar's {@code builder.properties}. */
public final class BuilderVersion {
    private static final String VERSION = read();

    private BuilderVersion() {
    }

    public static String current() {
        return VERSION;
    }

    private static String read() {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(ClasspathResource.text(BuilderVersion.class, "builder.properties")));
        } catch (IOException e) {
            throw new IllegalStateException("A StringReader cannot fail", e);
        }
        String version = properties.getProperty("version", "").trim();
        // unfiltered (an IDE that copies resources as they are): say so rather than print the placeholder
        return version.isEmpty() || version.startsWith("${") ? "unknown" : version;
    }
}
