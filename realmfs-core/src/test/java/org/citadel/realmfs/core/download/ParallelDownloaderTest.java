package org.citadel.realmfs.core.download;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against a local HTTP server that serves {@link #files} and counts how many requests it serves at once. */
class ParallelDownloaderTest {
    @TempDir
    Path cache;

    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostInFlight = new AtomicInteger();
    private HttpServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            int now = inFlight.incrementAndGet();
            mostInFlight.accumulateAndGet(now, Math::max);
            try {
                Thread.sleep(100); // long enough for the requests to overlap
                byte[] body = files.get(exchange.getRequestURI().getPath().substring(1));
                exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
                if (body != null) {
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                inFlight.decrementAndGet();
                exchange.close();
            }
        });
        server.start();
        Files.createDirectories(cache.resolve("partial"));
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void symlinksTheChrootPlantedInTheCacheNeverLeadADownloadOntoTheHost(@TempDir Path host) throws Exception {
        // the chroot sees the cache as its /var/cache/apt/archives and may write into it
        Path hostFile = Files.writeString(host.resolve("pkg_1.0_amd64.deb"), "host file\n");
        Files.delete(cache.resolve("partial"));
        Files.createSymbolicLink(cache.resolve("partial"), host);
        Files.createSymbolicLink(cache.resolve("pkg_1.0_amd64.deb"), hostFile);
        // a file created in the host directory, even for a moment, changes its modification time
        FileTime untouched = FileTime.fromMillis(1_000_000);
        Files.setLastModifiedTime(host, untouched);

        DownloadReport report = new ParallelDownloader(2, Optional.empty())
                .download(List.of(serve("pkg_1.0_amd64.deb", "the package")), cache, bytes -> { });

        assertThat(report.failures()).isEmpty();
        assertThat(Files.isSymbolicLink(cache.resolve("pkg_1.0_amd64.deb"))).isFalse();
        assertThat(cache.resolve("pkg_1.0_amd64.deb")).hasContent("the package");
        assertThat(hostFile).hasContent("host file");
        try (Stream<Path> entries = Files.list(host)) {
            assertThat(entries).containsExactly(hostFile);
        }
        assertThat(Files.getLastModifiedTime(host)).isEqualTo(untouched);
    }

    @Test
    void downloadsSeveralFilesAtOnceAndPlacesEachUnderItsName() throws Exception {
        List<PackageDownload> downloads = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            downloads.add(serve("pkg" + i + "_1.0_amd64.deb", ("package " + i).repeat(1000)));
        }
        List<Long> progress = new CopyOnWriteArrayList<>();

        DownloadReport report = new ParallelDownloader(4, Optional.empty()).download(downloads, cache, progress::add);

        assertThat(report.downloaded()).isEqualTo(8);
        assertThat(report.failures()).isEmpty();
        assertThat(mostInFlight.get()).isEqualTo(4);
        for (int i = 0; i < 8; i++) {
            assertThat(cache.resolve("pkg" + i + "_1.0_amd64.deb")).hasContent(("package " + i).repeat(1000));
        }
        assertThat(progress).isNotEmpty().last().isEqualTo(report.bytes());
        assertThat(partialFiles()).isEmpty();
    }

    @Test
    void aFileWhoseHashIsNotTheIndexsIsReportedAndNeverPlaced() throws Exception {
        PackageDownload good = serve("good_1_amd64.deb", "good");
        PackageDownload tampered = serve("bad_1_amd64.deb", "original");
        files.put("bad_1_amd64.deb", "tampere".getBytes(StandardCharsets.UTF_8)); // one byte shorter
        PackageDownload sameSize = serve("same_1_amd64.deb", "content");
        files.put("same_1_amd64.deb", "CONTENT".getBytes(StandardCharsets.UTF_8));

        DownloadReport report = new ParallelDownloader(2, Optional.empty())
                .download(List.of(good, tampered, sameSize), cache, bytes -> { });

        assertThat(report.downloaded()).isEqualTo(1);
        assertThat(report.failures()).satisfiesExactlyInAnyOrder(
                failure -> assertThat(failure).startsWith("bad_1_amd64.deb: 7 bytes received, the index says 8"),
                failure -> assertThat(failure).startsWith("same_1_amd64.deb: its SHA-256 is not the one the index names"));
        assertThat(cache.resolve("good_1_amd64.deb")).exists();
        assertThat(cache.resolve("bad_1_amd64.deb")).doesNotExist();
        assertThat(cache.resolve("same_1_amd64.deb")).doesNotExist();
        assertThat(partialFiles()).isEmpty();
    }

    @Test
    void aMissingFileOrAnUnreachableServerIsReportedNotThrown() throws Exception {
        PackageDownload missing = serve("gone_1_amd64.deb", "gone");
        files.remove("gone_1_amd64.deb");
        PackageDownload unreachable = new PackageDownload(URI.create("http://127.0.0.1:1/x_1_amd64.deb"),
                "x_1_amd64.deb", 1, "SHA-256", new byte[32]);

        DownloadReport report = new ParallelDownloader(2, Optional.empty())
                .download(List.of(missing, unreachable), cache, bytes -> { });

        assertThat(report.downloaded()).isZero();
        assertThat(report.failures()).hasSize(2).anySatisfy(failure -> assertThat(failure).contains("HTTP 404"))
                .contains("x_1_amd64.deb: connection refused by 127.0.0.1:1 (GET http://127.0.0.1:1/x_1_amd64.deb)");
        assertThat(partialFiles()).isEmpty();
    }

    private PackageDownload serve(String name, String content) throws Exception {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        files.put(name, bytes);
        URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + name);
        return new PackageDownload(uri, name, bytes.length, "SHA-256", MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private List<Path> partialFiles() throws IOException {
        try (Stream<Path> partial = Files.list(cache.resolve("partial"))) {
            return partial.toList();
        }
    }
}
