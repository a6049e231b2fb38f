package io.vigie.protocol;

/**
 * An RFC 9457 problem body, as the control plane answers any refused call. The agent reads it to
 * print a clear message (for example why an enrollment token was refused).
 *
 * @param type a URI naming the kind of problem
 * @param title short summary
 * @param status HTTP status
 * @param detail explanation for this occurrence
 */
public record Problem(String type, String title, int status, String detail) {
}
