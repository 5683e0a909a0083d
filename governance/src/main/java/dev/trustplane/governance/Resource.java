package dev.trustplane.governance;

import dev.trustplane.governance.internal.Values;
import tools.jackson.databind.JsonNode;

/**
 * One resource as Azure Resource Manager sees it when policy evaluates it: the ARM JSON with
 * {@code type}, {@code name}, {@code location}, {@code tags}, {@code kind}, {@code sku}, {@code identity}
 * and {@code properties} at the top level, the API version it is written with, and where it came from
 * (file and JSON pointer) so findings can point into the input.
 *
 * @param body    the resource JSON; names of nested child resources are full ({@code vault/child})
 * @param file    the input file
 * @param pointer JSON pointer of the resource's declaration inside {@code file}
 */
public record Resource(JsonNode body, String apiVersion, String file, String pointer) {

    public String type() {
        return Values.text(body.get("type"));
    }

    public String name() {
        return Values.text(body.get("name"));
    }

    /** The resource's id as given, or one built from a placeholder subscription and resource group. */
    public String id() {
        String id = Values.text(body.get("id"));
        if (id != null) {
            return id;
        }
        String type = type() == null ? "" : type();
        String[] typeParts = type.split("/");
        String[] nameParts = (name() == null ? "" : name()).split("/");
        StringBuilder sb = new StringBuilder("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/deployment/providers/")
                .append(typeParts[0]);
        for (int i = 1; i < typeParts.length; i++) {
            sb.append('/').append(typeParts[i]).append('/').append(i - 1 < nameParts.length ? nameParts[i - 1] : "");
        }
        return sb.toString();
    }

    /** "file#pointer (type name)" for messages. */
    public String describe() {
        return type() + " '" + name() + "' (" + file + (pointer.isEmpty() ? "" : "#" + pointer) + ")";
    }
}
