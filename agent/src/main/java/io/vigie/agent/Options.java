package io.vigie.agent;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The options of one command: {@code --name value}, {@code --name=value} and bare flags. Anything
 * else (an unknown option, a missing value, a stray argument) is a usage error naming it.
 */
final class Options {

    private final Map<String, String> values;

    private Options(Map<String, String> values) {
        this.values = values;
    }

    /**
     * @param command the command's name, for messages
     * @param args the arguments after the command
     * @param valued the options that take a value
     * @param flags the options that take none
     * @return the parsed options
     * @throws CliException (exit 2) on any malformed argument
     */
    static Options parse(String command, List<String> args, Set<String> valued, Set<String> flags)
            throws CliException {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                throw CliException.usage("unexpected argument '" + arg + "' for " + command);
            }
            int equals = arg.indexOf('=');
            String name = equals < 0 ? arg : arg.substring(0, equals);
            if (flags.contains(name) && equals < 0) {
                values.put(name, "true");
            } else if (valued.contains(name)) {
                String value = equals >= 0 ? arg.substring(equals + 1) : (i + 1 < args.size() ? args.get(++i) : null);
                if (value == null || value.isBlank() || (equals < 0 && value.startsWith("--"))) {
                    throw CliException.usage("option " + name + " needs a value");
                }
                values.put(name, value);
            } else {
                throw CliException.usage("unknown option " + name + " for " + command);
            }
        }
        return new Options(values);
    }

    Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name));
    }

    String require(String name) throws CliException {
        String value = values.get(name);
        if (value == null) {
            throw CliException.usage("missing option " + name);
        }
        return value;
    }

    boolean has(String name) {
        return values.containsKey(name);
    }
}
