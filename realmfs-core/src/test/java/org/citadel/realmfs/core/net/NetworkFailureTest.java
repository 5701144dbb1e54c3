package org.citadel.realmfs.core.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What the JDK's HttpClient really throws, told in words. */
class NetworkFailureTest {
    /** A refusal or an unknown name fails at once: the request timeout is long so that a loaded machine cannot turn them into a timeout. */
    private static Throwable get(URI uri) {
        return get(uri, Duration.ofSeconds(30));
    }

    private static Throwable get(URI uri, Duration requestTimeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        return catchThrowable(() -> http.send(HttpRequest.newBuilder(uri).timeout(requestTimeout).build(),
                HttpResponse.BodyHandlers.discarding()));
    }

    @Test
    void aPortNobodyListensOnIsAConnectionRefused() {
        URI uri = URI.create("http://127.0.0.1:9/debian/dists/trixie/InRelease");

        assertThat(NetworkFailure.describe(get(uri), uri)).isEqualTo("connection refused by 127.0.0.1:9");
    }

    @Test
    void aNameThatDoesNotResolveIsAnUnknownHost() {
        URI uri = URI.create("http://no-such-host.invalid/debian");

        assertThat(NetworkFailure.describe(get(uri), uri))
                .isEqualTo("unknown host no-such-host.invalid (the name does not resolve)");
    }

    @Test
    void aServerThatNeverAnswersIsATimeout() throws IOException {
        try (ServerSocket silent = new ServerSocket(0)) {
            URI uri = URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/x");

            assertThat(NetworkFailure.describe(get(uri, Duration.ofMillis(300)), uri))
                    .isEqualTo("no answer from 127.0.0.1:" + silent.getLocalPort() + " in time (request timeout)");
        }
    }

    @Test
    void otherwiseTheInnermostMessageOrTheExceptionsNameInWords() {
        URI uri = URI.create("http://h/x");

        assertThat(NetworkFailure.describe(new IOException("wrapped", new IOException("header parser received no bytes")), uri))
                .isEqualTo("header parser received no bytes");
        assertThat(NetworkFailure.describe(new java.io.EOFException(), uri)).isEqualTo("EOFException");
    }
}
