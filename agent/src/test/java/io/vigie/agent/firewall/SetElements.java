package io.vigie.agent.firewall;

import io.vigie.agent.testing.NetNamespace;
import io.vigie.agent.transport.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Reads the elements of one of the table's sets, as nft lists them in JSON, in a test's namespace. */
final class SetElements {

    private SetElements() {
    }

    /**
     * @param namespace the namespace holding the table
     * @param set {@code ban4}, {@code ban6}, {@code net4} or {@code net6}
     * @return each element as nft prints it ({@code 192.0.2.1}, {@code 10.0.0.0/24},
     *     {@code 10.0.0.0-10.0.0.4}, {@code 2001:db8::1}) with its timeout in seconds (0: none)
     */
    static Map<String, Long> of(NetNamespace namespace, String set) {
        JsonNode root = Json.mapper().readTree(namespace.nft("-j", "list", "set", "inet", "vigie", set));
        Map<String, Long> elements = new LinkedHashMap<>();
        for (JsonNode item : root.get("nftables")) {
            if (item.has("set")) {
                for (JsonNode element : item.get("set").path("elem")) {
                    JsonNode value = element.has("elem") ? element.get("elem").get("val") : element;
                    elements.put(text(value), element.path("elem").path("timeout").asLong(0));
                }
            }
        }
        return elements;
    }

    private static String text(JsonNode value) {
        if (value.has("prefix")) {
            return value.get("prefix").get("addr").asString() + "/" + value.get("prefix").get("len").asInt();
        }
        if (value.has("range")) {
            return value.get("range").get(0).asString() + "-" + value.get("range").get(1).asString();
        }
        return value.asString();
    }
}
