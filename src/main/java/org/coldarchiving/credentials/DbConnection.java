package org.coldarchiving.credentials;

import org.coldarchiving.discovery.Engine;

/**
 * How to reach one database server: endpoint, user, password and TLS settings. {@link #toString()}
 * never shows the password.
 *
 * @param instanceId the instance the server belongs to
 * @param engine     server engine
 * @param host       host name or address
 * @param port       TCP port
 * @param username   database user
 * @param password   database password
 * @param sslMode    one of disable, require, verify-ca, verify-full
 * @param caBundle   CA certificates file for verify-ca/verify-full, or empty
 */
public record DbConnection(String instanceId, Engine engine, String host, int port, String username,
        String password, String sslMode, String caBundle) {

    @Override
    public String toString() {
        return "DbConnection[" + engine.id() + "://" + username + "@" + host + ":" + port + ", ssl=" + sslMode
                + ", password=****]";
    }
}
