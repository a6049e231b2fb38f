package io.vigie.agent.metrics;

import io.vigie.agent.host.HostFiles;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Memory errors corrected and not corrected by ECC (HW-2), from the kernel's EDAC memory
 * controllers, as node_exporter's {@code edac} collector reports them:
 * {@code node_edac_correctable_errors_total{controller}} and
 * {@code node_edac_uncorrectable_errors_total{controller}}, the {@code ce_count} and
 * {@code ue_count} of {@code /sys/devices/system/edac/mc/mcN}. Without EDAC (no ECC memory, no
 * driver, most virtual machines) nothing is reported; a controller whose counts do not parse is
 * skipped.
 */
final class EdacCollector extends FileCollector {

    private static final String CONTROLLERS = "/sys/devices/system/edac/mc";
    private static final Pattern CONTROLLER = Pattern.compile("mc(\\d+)");

    EdacCollector(HostFiles files) {
        super("edac", files);
    }

    @Override
    public void collect(SampleSink sink) throws IOException {
        Map<String, Path> controllers = new TreeMap<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(files().resolve(CONTROLLERS))) {
            for (Path entry : entries) {
                Matcher name = CONTROLLER.matcher(entry.getFileName().toString());
                if (name.matches()) {
                    controllers.put(name.group(1), entry);
                }
            }
        } catch (NoSuchFileException e) {
            return;
        }
        for (Map.Entry<String, Path> controller : controllers.entrySet()) {
            String base = CONTROLLERS + "/mc" + controller.getKey() + "/";
            double corrected;
            double uncorrected;
            try {
                corrected = ProcText.unsigned(files().text(base + "ce_count").strip());
                uncorrected = ProcText.unsigned(files().text(base + "ue_count").strip());
            } catch (NumberFormatException | NoSuchFileException e) {
                continue;
            }
            Map<String, String> labels = Map.of("controller", controller.getKey());
            sink.add("node_edac_correctable_errors_total", labels, corrected);
            sink.add("node_edac_uncorrectable_errors_total", labels, uncorrected);
        }
    }
}
