package org.coldarchiving.credentials;

/**
 * Credentials read from a {@code cold-archiving/} secret. {@link #toString()} never shows the
 * password, so the object is safe in a log line, a trace or an error message.
 *
 * @param secretName the secret the credentials came from
 * @param username   database user
 * @param password   database password: reaches the dump tool only through its environment
 * @param host       host from the secret, or null to use the RDS endpoint
 * @param port       port from the secret, or 0 to use the RDS endpoint's
 */
public record DatabaseCredentials(String secretName, String username, String password, String host, int port) {

    @Override
    public String toString() {
        return "DatabaseCredentials[secret=" + secretName + ", username=" + username + ", password=****]";
    }
}
