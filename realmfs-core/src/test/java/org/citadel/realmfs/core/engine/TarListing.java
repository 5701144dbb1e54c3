package org.citadel.realmfs.core.engine;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.citadel.realmfs.core.io.Sha256;

/**
 * A tar archive's entries in order: for each name its type, mode, owner, size, link target, extended
 * attributes and content digest, and apart from those its times: each modification time, and the
 * last-password-change days of the shadow files (their digests are of the content without them).
 */
record TarListing(List<String> withoutTimes, Map<String, Long> times, Map<String, String> shadowDays) {
    static final List<String> SHADOW_FILES = List.of("./etc/shadow", "./etc/shadow-");

    static TarListing of(Path tar) throws IOException {
        List<String> lines = new ArrayList<>();
        Map<String, Long> times = new LinkedHashMap<>();
        Map<String, String> shadowDays = new LinkedHashMap<>();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(tar));
             TarArchiveInputStream archive = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry e = archive.getNextEntry(); e != null; e = archive.getNextEntry()) {
                byte[] bytes = e.isFile() ? archive.readAllBytes() : new byte[0];
                if (SHADOW_FILES.contains(e.getName())) {
                    String text = new String(bytes, StandardCharsets.UTF_8);
                    shadowDays.put(e.getName(), text.lines().map(line -> field(line, 2)).filter(day -> !day.isEmpty())
                            .distinct().collect(Collectors.joining(",")));
                    bytes = text.replaceAll("(?m)^([^:\\n]*:[^:\\n]*):[0-9]+:", "$1:DAY:")
                            .getBytes(StandardCharsets.UTF_8);
                }
                String content = e.isFile() ? Sha256.hex(bytes) : "";
                lines.add(e.getName() + " type=" + (char) e.getLinkFlag() + " mode=" + Integer.toOctalString(e.getMode())
                        + " owner=" + e.getLongUserId() + ":" + e.getLongGroupId() + " size=" + e.getSize()
                        + " link=" + e.getLinkName() + " xattrs=" + e.getExtraPaxHeaders().keySet() + " sha256=" + content);
                times.put(e.getName(), e.getLastModifiedTime().to(TimeUnit.SECONDS));
            }
        }
        return new TarListing(List.copyOf(lines), times, shadowDays);
    }

    private static String field(String line, int index) {
        String[] fields = line.split(":", -1);
        return fields.length > index ? fields[index] : "";
    }

    long latestTime() {
        return times.values().stream().mapToLong(Long::longValue).max().orElseThrow();
    }

    List<String> namesWhoseTimeDiffersFrom(TarListing other) {
        return times.keySet().stream().filter(name -> !times.get(name).equals(other.times.get(name))).toList();
    }
}
