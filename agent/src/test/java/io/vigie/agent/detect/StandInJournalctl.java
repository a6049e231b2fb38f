package io.vigie.agent.detect;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A stand-in for {@code journalctl} (this machine runs no systemd journal): a shell script that
 * records each run's arguments and process id, prints the lines given for that run (entries in
 * journalctl's {@code --output=json} layout, see {@link #entry}), then either waits as the real
 * one does in follow mode ({@code exec sleep}, so that ending the process ends the run) or exits
 * with a status and an error output.
 */
final class StandInJournalctl {

    private final Path dir;
    private final Path binary;

    /**
     * @param dir an empty directory for the script and its records
     * @throws IOException when the script cannot be written
     */
    StandInJournalctl(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.binary = dir.resolve("journalctl");
        Files.writeString(binary, """
                #!/bin/sh
                dir='%s'
                n=$(( $(cat "$dir/runs" 2>/dev/null || echo 0) + 1 ))
                echo "$n" > "$dir/runs"
                printf '%%s\\n' "$@" > "$dir/args-$n"
                echo $$ > "$dir/pid-$n.tmp" && mv "$dir/pid-$n.tmp" "$dir/pid-$n"
                if [ -f "$dir/out-$n" ]; then cat "$dir/out-$n"; fi
                if [ -f "$dir/exit-$n" ]; then cat "$dir/err-$n" >&2; exit "$(cat "$dir/exit-$n")"; fi
                exec sleep 600
                """.formatted(dir));
        Files.setPosixFilePermissions(binary, PosixFilePermissions.fromString("rwx------"));
    }

    /** @return the script */
    Path binary() {
        return binary;
    }

    /**
     * @param run which run (1 for the first)
     * @param lines what it prints, one per line
     * @throws IOException when they cannot be written
     */
    void prints(int run, String... lines) throws IOException {
        Files.writeString(dir.resolve("out-" + run), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    }

    /**
     * @param run which run
     * @param status its exit status, after printing its lines
     * @param error its error output
     * @throws IOException when they cannot be written
     */
    void exits(int run, int status, String error) throws IOException {
        Files.writeString(dir.resolve("err-" + run), error + "\n");
        Files.writeString(dir.resolve("exit-" + run), Integer.toString(status));
    }

    /** @return whether the run has started */
    boolean started(int run) {
        return Files.exists(dir.resolve("pid-" + run));
    }

    /** @return the arguments of a run that started */
    List<String> arguments(int run) throws IOException {
        return Files.readAllLines(dir.resolve("args-" + run));
    }

    /** @return whether the process of a run that started is still alive */
    boolean alive(int run) throws IOException {
        long pid = Long.parseLong(Files.readString(dir.resolve("pid-" + run)).strip());
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /**
     * An entry as journalctl 252 writes it with {@code --output=json}: one object per line, every
     * value a string, except binary values (arrays of byte values) and absent large ones ({@code null}).
     *
     * @param index the entry's sequence number (its cursor's {@code i=})
     * @param unit its {@code _SYSTEMD_UNIT}
     * @param identifier its {@code SYSLOG_IDENTIFIER}
     * @param pid its {@code _PID}
     * @param message its {@code MESSAGE}, as JSON
     * @return the line
     */
    static String entry(int index, String unit, String identifier, int pid, String message) {
        long realtime = 1_795_737_600_000_000L + index * 1000L;
        return ("{\"__CURSOR\":\"%s\",\"__REALTIME_TIMESTAMP\":\"%d\",\"__MONOTONIC_TIMESTAMP\":\"%d\","
                + "\"_BOOT_ID\":\"6c7c6013a8cb4dfa8e7d8d0b6c7d3d4d\",\"_TRANSPORT\":\"syslog\",\"PRIORITY\":\"6\","
                + "\"SYSLOG_FACILITY\":\"4\",\"SYSLOG_IDENTIFIER\":\"%s\",\"SYSLOG_PID\":\"%d\",\"MESSAGE\":%s,"
                + "\"_PID\":\"%d\",\"_UID\":\"0\",\"_GID\":\"0\",\"_COMM\":\"%s\",\"_SYSTEMD_CGROUP\":\"/system.slice/%s\","
                + "\"_SYSTEMD_UNIT\":\"%s\",\"_SYSTEMD_SLICE\":\"system.slice\","
                + "\"_MACHINE_ID\":\"0d2f8b3c3e6c4f1b9a7e5d4c3b2a1f0e\",\"_HOSTNAME\":\"web1\"}")
                .formatted(cursor(index), realtime, 7_395_474_783L + index, identifier, pid, message, pid,
                        identifier.substring(identifier.lastIndexOf('/') + 1), unit, unit);
    }

    /** @return the cursor of the entry with this sequence number */
    static String cursor(int index) {
        return "s=739ad463348b4ceca5a9e69c95a3c93f;i=%x;b=6c7c6013a8cb4dfa8e7d8d0b6c7d3d4d;m=%x;t=%x;x=2e8d8f5e9d6b3c1a"
                .formatted(index, 7_395_474_783L + index, 1_795_737_600_000_000L + index * 1000L);
    }

    /** @return text as journalctl writes a binary value: the array of its UTF-8 bytes */
    static String binary(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        StringBuilder array = new StringBuilder("[");
        for (int i = 0; i < bytes.length; i++) {
            array.append(i == 0 ? "" : ",").append(bytes[i] & 0xff);
        }
        return array.append(']').toString();
    }

    /** @return text as a JSON string */
    static String string(String text) {
        return text.chars().mapToObj(c -> c == '"' || c == '\\' ? "\\" + (char) c : String.valueOf((char) c))
                .collect(Collectors.joining("", "\"", "\""));
    }
}
