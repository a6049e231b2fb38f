package io.vigie.agent.metrics;

import io.vigie.agent.host.HostFiles;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.BitSet;
import java.util.Map;

/**
 * TCP sockets from {@code /proc/net/tcp} and {@code /proc/net/tcp6} (absent when IPv6 is
 * disabled: then IPv4 only):
 * <ul>
 *   <li>{@code node_tcp_connection_states{state}}: sockets in each state, every state reported,
 *       0 included;</li>
 *   <li>{@code vigie_tcp_connections{port}}: for each local port in LISTEN state, the established
 *       connections whose local port it is, that is the inbound connections of each listening
 *       service (0 included).</li>
 * </ul>
 * A busy server has tens of thousands of sockets, so the files are read line by line and each
 * line scanned in place. The header line and a malformed line are skipped.
 */
final class TcpCollector extends FileCollector {

    /** State names (node_exporter's), indexed by the kernel's state number ({@code include/net/tcp_states.h}). */
    static final String[] STATES = {null, "established", "syn_sent", "syn_recv", "fin_wait1", "fin_wait2",
        "time_wait", "close", "close_wait", "last_ack", "listen", "closing"};

    private static final int ESTABLISHED = 1;
    private static final int LISTEN = 10;
    private static final int PORTS = 65536;

    TcpCollector(HostFiles files) {
        super("tcp", files);
    }

    @Override
    public void collect(SampleSink sink) throws IOException {
        Counts counts = new Counts();
        read("/proc/net/tcp", counts);
        try {
            read("/proc/net/tcp6", counts);
        } catch (NoSuchFileException e) {
            // IPv6 disabled: IPv4 only
        }
        for (int state = 1; state < STATES.length; state++) {
            sink.add("node_tcp_connection_states", Map.of("state", STATES[state]), counts.byState[state]);
        }
        for (int port = counts.listening.nextSetBit(0); port >= 0; port = counts.listening.nextSetBit(port + 1)) {
            sink.add("vigie_tcp_connections", Map.of("port", Integer.toString(port)), counts.establishedByPort[port]);
        }
    }

    private void read(String file, Counts counts) throws IOException {
        eachLine(file, counts::add);
    }

    /**
     * Counts of one round. A line is {@code sl local_address rem_address st ...}, e.g.
     * {@code 0: 0100007F:0CEA 00000000:0000 0A ...}: addresses as hex {@code address:port}, the
     * state in hex.
     */
    private static final class Counts {

        final long[] byState = new long[STATES.length];
        final BitSet listening = new BitSet(PORTS);
        final int[] establishedByPort = new int[PORTS];

        void add(String line) {
            int local = skipBlanks(line, skipField(line, skipBlanks(line, 0)));
            int remote = skipBlanks(line, skipField(line, local));
            int state = skipBlanks(line, skipField(line, remote));
            int localEnd = skipField(line, local);
            int colon = line.lastIndexOf(':', localEnd - 1);
            if (colon <= local) {
                return;
            }
            int port = hex(line, colon + 1, localEnd);
            int number = hex(line, state, skipField(line, state));
            if (port < 0 || port >= PORTS || number <= 0 || number >= STATES.length) {
                return;
            }
            byState[number]++;
            if (number == LISTEN) {
                listening.set(port);
            } else if (number == ESTABLISHED) {
                establishedByPort[port]++;
            }
        }

        private static int skipBlanks(String line, int from) {
            int i = from;
            while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
                i++;
            }
            return i;
        }

        private static int skipField(String line, int from) {
            int i = from;
            while (i < line.length() && line.charAt(i) != ' ' && line.charAt(i) != '\t') {
                i++;
            }
            return i;
        }

        /** @return the hex number in {@code [from, to)}, or -1 when empty, too long or not hex */
        private static int hex(String line, int from, int to) {
            if (to <= from || to - from > 4) {
                return -1;
            }
            int value = 0;
            for (int i = from; i < to; i++) {
                int digit = Character.digit(line.charAt(i), 16);
                if (digit < 0) {
                    return -1;
                }
                value = value * 16 + digit;
            }
            return value;
        }
    }
}
