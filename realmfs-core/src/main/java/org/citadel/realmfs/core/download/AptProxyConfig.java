package org.citadel.realmfs.core.download;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The proxies apt uses, read from {@code apt-config dump}, so that downloads made beside apt go the
 * same way. Only the plain forms are understood ({@code Acquire::http::Proxy "http://host:port/";}
 * and {@code "DIRECT"}, the same for https); with per-host proxies, auto-detection or a proxy with
 * credentials, {@link #selector()} is empty and {@link #understood()} false: leave downloading to apt.
 */
public final class AptProxyConfig {
    private static final Pattern LINE = Pattern.compile("^Acquire::(https?)::(Proxy[^ ]*|ProxyAutoDetect|Proxy-Auto-Detect) \"(.*)\";$");

    private final Map<String, Optional<URI>> proxyByScheme;
    private final boolean understood;

    private AptProxyConfig(Map<String, Optional<URI>> proxyByScheme, boolean understood) {
        this.proxyByScheme = proxyByScheme;
        this.understood = understood;
    }

    public static AptProxyConfig parse(List<String> aptConfigDump) {
        Map<String, Optional<URI>> proxies = new HashMap<>();
        boolean understood = true;
        for (String line : aptConfigDump) {
            Matcher m = LINE.matcher(line.strip());
            if (!m.matches()) {
                continue;
            }
            String scheme = m.group(1);
            String value = m.group(3);
            if (!m.group(2).equals("Proxy")) {
                understood = false; // Proxy::host, auto-detection
            } else if (value.isEmpty() || value.equalsIgnoreCase("DIRECT")) {
                proxies.put(scheme, Optional.empty());
            } else {
                try {
                    URI proxy = URI.create(value);
                    if (proxy.getHost() == null || proxy.getUserInfo() != null) {
                        understood = false;
                    } else {
                        proxies.put(scheme, Optional.of(proxy));
                    }
                } catch (IllegalArgumentException e) {
                    understood = false;
                }
            }
        }
        return new AptProxyConfig(proxies, understood);
    }

    public boolean understood() {
        return understood;
    }

    /** A selector giving each scheme apt's proxy; empty when no proxy is set or the config is not understood. */
    public Optional<ProxySelector> selector() {
        if (!understood || proxyByScheme.values().stream().allMatch(Optional::isEmpty)) {
            return Optional.empty();
        }
        return Optional.of(new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                Optional<URI> proxy = proxyByScheme.getOrDefault(uri.getScheme(), Optional.empty());
                return proxy.map(p -> List.of(new Proxy(Proxy.Type.HTTP,
                                InetSocketAddress.createUnresolved(p.getHost(), p.getPort() > 0 ? p.getPort() : 80))))
                        .orElse(List.of(Proxy.NO_PROXY));
            }

            @Override
            public void connectFailed(URI uri, SocketAddress address, IOException e) {
                // the download fails and is left to apt
            }
        });
    }
}
