package io.vigie.agent.transport;

import io.vigie.agent.log.KeyValueFormatter;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;

/**
 * Turns a failed call to the control plane into one line an operator understands: a refused
 * pin says which fingerprints it expected and saw, a refused connection says so, a refusal
 * gives the control plane's reason, rather than a chain of JDK exception names. Used for the
 * command line's messages and the sender's log lines.
 */
public final class Failures {

    private Failures() {
    }

    /**
     * @param failure what the HTTP client threw
     * @return the reason, in one line
     */
    public static String describe(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            switch (t) {
                case CertificateException e -> {
                    return e.getMessage();
                }
                case ControlPlaneException e -> {
                    return e.getMessage();
                }
                case SocketTimeoutException e -> {
                    // "connection timed out" or "no answer in time" (TlsHttpClient)
                    return e.getMessage();
                }
                case ConnectException _ -> {
                    return "connection refused";
                }
                case UnknownHostException e -> {
                    return "unknown host " + e.getMessage();
                }
                default -> {
                    // look at the cause
                }
            }
        }
        return KeyValueFormatter.describe(failure);
    }
}
