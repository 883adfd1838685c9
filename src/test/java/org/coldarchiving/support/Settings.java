package org.coldarchiving.support;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** The defaults of application.properties, for unit tests that build a bean without Camel. */
public final class Settings {

    private static final Properties DEFAULTS = load();

    private Settings() {
    }

    public static String get(String key) {
        String value = DEFAULTS.getProperty(key);
        if (value == null) {
            throw new IllegalArgumentException(key + " has no default in application.properties");
        }
        return value;
    }

    public static int integer(String key) {
        return Integer.parseInt(get(key));
    }

    private static Properties load() {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of("application.properties"))) {
            properties.load(in);
        } catch (IOException e) {
            throw new IllegalStateException("application.properties cannot be read", e);
        }
        return properties;
    }
}
