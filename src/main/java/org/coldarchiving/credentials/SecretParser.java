package org.coldarchiving.credentials;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads the RDS-credentials JSON that Secrets Manager stores ({@code username}, {@code password},
 * optional {@code host} and {@code port}). Error messages name the secret and the missing field, never
 * the secret's content: the JSON parser's own message (which quotes the input) is dropped on purpose.
 */
public class SecretParser {

    private final ObjectMapper json = new ObjectMapper();

    public DatabaseCredentials parse(String secretString, String secretName) {
        JsonNode node;
        try {
            node = secretString == null ? null : json.readTree(secretString);
        } catch (Exception e) {
            node = null;
        }
        if (node == null || !node.isObject()) {
            throw new InvalidSecretException("Secret " + secretName + " is not a JSON object: store it as "
                    + "'Credentials for Amazon RDS database' ({\"username\": ..., \"password\": ...}).");
        }
        String username = text(node, "username", secretName);
        String password = text(node, "password", secretName);
        String host = node.hasNonNull("host") ? node.get("host").asText().trim() : null;
        int port = 0;
        if (node.hasNonNull("port")) {
            port = node.get("port").asInt(-1);
            if (port <= 0 || port > 65535) {
                throw new InvalidSecretException("Secret " + secretName + ": field 'port' is not a TCP port: "
                        + "set it to the database port (e.g. 5432 or 3306) or remove it to use the RDS endpoint.");
            }
        }
        return new DatabaseCredentials(secretName, username, password, host == null || host.isEmpty() ? null : host,
                port);
    }

    private static String text(JsonNode node, String field, String secretName) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw new InvalidSecretException("Secret " + secretName + " has no '" + field
                    + "': store the backup user's " + field + " in it.");
        }
        return value.asText();
    }

    /** The secret exists but cannot be used; the message says what to change. */
    public static class InvalidSecretException extends IllegalArgumentException {
        public InvalidSecretException(String message) {
            super(message);
        }
    }
}
