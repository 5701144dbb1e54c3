package org.citadel.realmfs.core.net;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import javax.net.ssl.SSLException;

/**
 * What a failed HTTP request means, in words: the JDK's HttpClient often says only
 * "ConnectException" with no message, the cause holding "Connection refused" or an unresolved host.
 */
public final class NetworkFailure {
    private NetworkFailure() {
    }

    /** Such as "connection refused by 127.0.0.1:9" or "unknown host mirror.example". */
    public static String describe(Throwable failure, URI uri) {
        String host = uri.getHost() == null ? String.valueOf(uri) : uri.getHost();
        String hostAndPort = uri.getPort() < 0 ? host : host + ":" + uri.getPort();
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage() == null ? "" : t.getMessage();
            if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
                return "unknown host " + host + " (the name does not resolve)";
            }
            if (t instanceof HttpConnectTimeoutException) {
                return "no connection to " + hostAndPort + " in time (connect timeout)";
            }
            if (t instanceof HttpTimeoutException) {
                return "no answer from " + hostAndPort + " in time (request timeout)";
            }
            if (t instanceof NoRouteToHostException) {
                return "no route to host " + host;
            }
            if (t instanceof SSLException) {
                return "the TLS connection to " + host + " failed: " + message;
            }
            if (message.contains("Connection refused")) {
                return "connection refused by " + hostAndPort;
            }
            if (message.contains("Network is unreachable")) {
                return "the network is unreachable";
            }
            if (message.contains("Connection reset")) {
                return "the connection to " + hostAndPort + " was reset";
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            // HttpClient's refused connect: a ConnectException without message, caused by a ClosedChannelException
            if (t instanceof ConnectException) {
                return "connection refused by " + hostAndPort;
            }
        }
        Throwable innermost = failure;
        while (innermost.getCause() != null && innermost.getCause() != innermost) {
            innermost = innermost.getCause();
        }
        String message = innermost.getMessage();
        return message == null || message.isBlank()
                ? innermost.getClass().getSimpleName() : message;
    }
}
