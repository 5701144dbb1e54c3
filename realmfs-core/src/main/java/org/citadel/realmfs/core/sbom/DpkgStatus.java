package org.citadel.realmfs.core.sbom;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The installed packages of dpkg's status file ({@code /var/lib/dpkg/status}). A package is installed
 * when its {@code Status:} says so in its last two words: the flag {@code ok} and the state
 * {@code installed} ({@code install ok installed}, and also {@code hold ok installed} for a held one);
 * removed packages whose configuration files remain, half-installed or unpacked ones are not.
 */
final class DpkgStatus {
    static final String PATH = "/var/lib/dpkg/status";

    /** {@code NAME} or {@code NAME (VERSION)}. */
    private static final Pattern SOURCE = Pattern.compile("(\\S+)(?:\\s*\\(\\s*([^)\\s]+)\\s*\\))?");

    private DpkgStatus() {
    }

    /** The installed packages, sorted by name, then architecture. */
    static List<DpkgPackage> installed(String status) {
        List<DpkgPackage> packages = new ArrayList<>();
        for (Deb822.Paragraph paragraph : Deb822.parse(status)) {
            if (!isInstalled(paragraph)) {
                continue;
            }
            Optional<String> name = paragraph.firstLine("Package");
            Optional<String> version = paragraph.firstLine("Version");
            if (name.isEmpty() || version.isEmpty()) {
                continue;
            }
            String architecture = paragraph.firstLine("Architecture").orElse("");
            String sourceName = name.get();
            String sourceVersion = version.get();
            Optional<String> source = paragraph.firstLine("Source").filter(s -> !s.isEmpty());
            if (source.isPresent()) {
                Matcher m = SOURCE.matcher(source.get());
                if (m.matches()) {
                    sourceName = m.group(1);
                    if (m.group(2) != null) {
                        sourceVersion = m.group(2);
                    }
                }
            }
            packages.add(new DpkgPackage(name.get(), version.get(), architecture, sourceName, sourceVersion));
        }
        packages.sort(Comparator.comparing(DpkgPackage::name).thenComparing(DpkgPackage::architecture)
                .thenComparing(DpkgPackage::version));
        return packages;
    }

    private static boolean isInstalled(Deb822.Paragraph paragraph) {
        String[] words = paragraph.firstLine("Status").orElse("").split("\\s+");
        return words.length == 3 && words[1].equals("ok") && words[2].equals("installed");
    }
}
