package org.citadel.realmfs.core.download;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class AptProxyConfigTest {
    @Test
    void noProxyMeansDirectDownloads() {
        AptProxyConfig config = AptProxyConfig.parse(List.of("APT \"\";", "Acquire::Retries \"3\";"));

        assertThat(config.understood()).isTrue();
        assertThat(config.selector()).isEmpty();
    }

    @Test
    void aPlainHttpProxyIsUsedForHttpOnly() {
        AptProxyConfig config = AptProxyConfig.parse(List.of("Acquire::http::Proxy \"http://10.0.2.2:3142\";"));

        assertThat(config.understood()).isTrue();
        List<Proxy> http = config.selector().orElseThrow().select(URI.create("http://mirror.invalid/debian/a.deb"));
        assertThat(http).hasSize(1);
        assertThat(http.get(0).type()).isEqualTo(Proxy.Type.HTTP);
        InetSocketAddress address = (InetSocketAddress) http.get(0).address();
        assertThat(address.getHostString()).isEqualTo("10.0.2.2");
        assertThat(address.getPort()).isEqualTo(3142);
        assertThat(config.selector().orElseThrow().select(URI.create("https://mirror.invalid/a.deb")))
                .containsExactly(Proxy.NO_PROXY);
    }

    @Test
    void directIsNoProxy() {
        assertThat(AptProxyConfig.parse(List.of("Acquire::http::Proxy \"DIRECT\";")).selector()).isEmpty();
    }

    @Test
    void perHostProxiesAutoDetectionAndCredentialsAreLeftToApt() {
        assertThat(AptProxyConfig.parse(List.of("Acquire::http::Proxy::mirror.invalid \"DIRECT\";")).understood()).isFalse();
        assertThat(AptProxyConfig.parse(List.of("Acquire::http::Proxy-Auto-Detect \"/usr/bin/detect\";")).understood()).isFalse();
        assertThat(AptProxyConfig.parse(List.of("Acquire::http::Proxy \"http://user:secret@proxy.invalid:3128\";")).understood())
                .isFalse();
    }
}
