package org.citadel.realmfs.core.download;

import java.io.IOException;
import java.io.InputStream;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import org.citadel.realmfs.api.RealmfsException;
import org.citadel.realmfs.core.linux.FileKind;
import org.citadel.realmfs.core.rootfs.RootfsFiles;
import org.citadel.realmfs.core.net.NetworkFailure;

/**
 * Downloads files over several HTTP connections at once (apt fetches from one mirror over a single
 * connection). Each file is written under a temporary name, checked against its size and hash, and
 * only then renamed to its final name, so a directory apt reads never holds a file that is not
 * exactly the one its index names. A file that cannot be fetched is reported, never fatal: apt
 * downloads whatever is still missing.
 */
public final class ParallelDownloader {
    public static final int DEFAULT_CONNECTIONS = 4;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration FILE_TIMEOUT = Duration.ofMinutes(10);
    private static final long PROGRESS_INTERVAL_MILLIS = 250;

    private final int connections;
    private final Optional<ProxySelector> proxy;

    public ParallelDownloader(int connections, Optional<ProxySelector> proxy) {
        if (connections < 1) {
            throw new IllegalArgumentException("connections must be at least 1, not " + connections);
        }
        this.connections = connections;
        this.proxy = proxy;
    }

    /**
     * Downloads {@code files} into {@code directory}, staging them in {@code directory/partial} when
     * it exists. {@code progress} receives the bytes fetched so far, on the calling thread.
     */
    public DownloadReport download(List<PackageDownload> files, Path directory, LongConsumer progress) {
        long start = System.nanoTime();
        // The chroot can write into the package cache: every name in it is resolved inside it, so a
        // symlink a module planted there (partial -> /etc, say) never leads a download onto the host.
        RootfsFiles cache = new RootfsFiles(directory);
        String staging = cache.kind("/partial").equals(Optional.of(FileKind.DIRECTORY)) ? "/partial" : "";
        AtomicLong fetched = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(connections, runnable -> {
            Thread thread = new Thread(runnable, "realmfs-download");
            thread.setDaemon(true);
            return thread;
        });
        try {
            HttpClient.Builder client = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .followRedirects(HttpClient.Redirect.NORMAL)
                    .connectTimeout(CONNECT_TIMEOUT); // its own executor: the pool's threads block in send()
            proxy.ifPresent(client::proxy);
            HttpClient http = client.build();
            List<Future<Optional<String>>> results = new ArrayList<>();
            for (PackageDownload file : files) {
                results.add(pool.submit(() -> fetch(http, file, cache, staging, fetched)));
            }
            int downloaded = 0;
            List<String> failures = new ArrayList<>();
            for (Future<Optional<String>> result : results) {
                Optional<String> failure = await(result, () -> progress.accept(fetched.get()));
                if (failure.isEmpty()) {
                    downloaded++;
                } else {
                    failures.add(failure.get());
                }
            }
            progress.accept(fetched.get());
            return new DownloadReport(downloaded, fetched.get(), failures, Duration.ofNanos(System.nanoTime() - start));
        } finally {
            pool.shutdownNow();
        }
    }

    private static Optional<String> await(Future<Optional<String>> result, Runnable tick) {
        while (true) {
            try {
                return result.get(PROGRESS_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                tick.run();
            } catch (ExecutionException e) {
                return Optional.of(String.valueOf(e.getCause()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RealmfsException("The build's thread was interrupted while downloading packages; stop a"
                        + " build with its BuildCancellation instead", e);
            }
        }
    }

    /** Fetches one file into the cache (staged under {@code staging}, "" for its top); the reason it failed, or empty. */
    private static Optional<String> fetch(HttpClient http, PackageDownload file, RootfsFiles cache, String staging,
                                          AtomicLong fetched) {
        String temporary = staging + "/" + file.fileName() + ".realmfs-" + UUID.randomUUID();
        try {
            HttpRequest request = HttpRequest.newBuilder(file.uri()).timeout(FILE_TIMEOUT).GET().build();
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            MessageDigest digest = file.newDigest();
            long size;
            try (InputStream in = response.body()) {
                if (response.statusCode() != 200) {
                    return Optional.of(file.fileName() + ": HTTP " + response.statusCode() + " from " + file.uri());
                }
                CountingDigestStream counted = new CountingDigestStream(in, digest, fetched);
                cache.write(temporary, counted, 0644);
                size = counted.count;
            }
            if (size != file.size()) {
                return Optional.of(file.fileName() + ": " + size + " bytes received, the index says " + file.size());
            }
            if (!MessageDigest.isEqual(digest.digest(), file.hash())) {
                return Optional.of(file.fileName() + ": its " + file.hashAlgorithm() + " is not the one the index names");
            }
            cache.rename(temporary, "/" + file.fileName());
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(file.fileName() + ": " + NetworkFailure.describe(e, file.uri()) + " (GET " + file.uri() + ")");
        } catch (RealmfsException e) {
            return Optional.of(file.fileName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(file.fileName() + ": interrupted");
        } finally {
            try {
                cache.delete(temporary);
            } catch (RealmfsException e) {
                // the staging directory is apt's partial/, which apt-get clean empties
            }
        }
    }

    /** Passes a download through, digesting and counting it. */
    private static final class CountingDigestStream extends java.io.FilterInputStream {
        private final MessageDigest digest;
        private final AtomicLong fetched;
        long count;

        CountingDigestStream(InputStream in, MessageDigest digest, AtomicLong fetched) {
            super(in);
            this.digest = digest;
            this.fetched = fetched;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                digest.update((byte) b);
                count++;
                fetched.incrementAndGet();
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                digest.update(buffer, offset, n);
                count += n;
                fetched.addAndGet(n);
            }
            return n;
        }
    }
}
