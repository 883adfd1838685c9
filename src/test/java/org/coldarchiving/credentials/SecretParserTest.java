package org.coldarchiving.credentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SecretParserTest {

    final SecretParser parser = new SecretParser();

    @Test
    void readsTheRdsCredentialsJson() {
        DatabaseCredentials c = parser.parse("{\"username\":\"backup\",\"password\":\"p@ss\",\"engine\":\"postgres\","
                + "\"host\":\"db.internal\",\"port\":5433,\"dbname\":\"x\"}", "cold-archiving/db");
        assertEquals("backup", c.username());
        assertEquals("p@ss", c.password());
        assertEquals("db.internal", c.host());
        assertEquals(5433, c.port());
        assertFalse(c.toString().contains("p@ss"));
    }

    @Test
    void hostAndPortAreOptional() {
        DatabaseCredentials c = parser.parse("{\"username\":\"u\",\"password\":\"p\"}", "cold-archiving/db");
        assertNull(c.host());
        assertEquals(0, c.port());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "hunter2-not-json|not a JSON object",
        "[\"hunter2\"]|not a JSON object",
        "{\"password\":\"hunter2\"}|has no 'username'",
        "{\"username\":\"u\",\"pass\":\"hunter2\"}|has no 'password'",
        "{\"username\":\"u\",\"password\":\"hunter2\",\"port\":\"x\"}|'port' is not a TCP port"})
    void aBadSecretIsRefusedWithoutShowingItsContent(String secret, String problem) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> parser.parse(secret, "cold-archiving/db"));
        assertTrue(e.getMessage().contains("cold-archiving/db"), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        assertNull(e.getCause(), "the parser's own message quotes the input");
    }
}
