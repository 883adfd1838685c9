package org.coldarchiving.credentials;

import java.util.Set;

import org.coldarchiving.discovery.ArchiveInstance;
import org.coldarchiving.discovery.Engine;

/**
 * Turns an instance and the secret string read for it into a {@link DbConnection}: the secret's
 * host and port win over the RDS endpoint (as in the original solution), TLS comes from
 * configuration.
 */
public class DbConnections {

    private static final Set<String> SSL_MODES = Set.of("disable", "require", "verify-ca", "verify-full");

    private final SecretParser secrets = new SecretParser();
    private String sslMode;
    private String caBundle;

    public void setSslMode(String sslMode) {
        String mode = sslMode == null ? "" : sslMode.trim();
        if (!SSL_MODES.contains(mode)) {
            throw new IllegalArgumentException("archive.db-ssl-mode=" + sslMode
                    + " is not valid: use disable, require, verify-ca or verify-full");
        }
        this.sslMode = mode;
    }

    public void setCaBundle(String caBundle) {
        this.caBundle = caBundle == null ? "" : caBundle.trim();
    }

    public DbConnection fromSecret(ArchiveInstance instance, String secretString) {
        DatabaseCredentials credentials = secrets.parse(secretString, instance.secretName());
        String host = credentials.host() != null ? credentials.host() : instance.host();
        int port = credentials.port() > 0 ? credentials.port() : instance.port();
        if (host == null || host.isBlank() || port <= 0) {
            throw new IllegalArgumentException("Instance " + instance.instanceId()
                    + " has no endpoint yet and secret " + instance.secretName()
                    + " names no host/port: wait until the instance is available or add host and port to the secret.");
        }
        return new DbConnection(instance.instanceId(), instance.engine(), host, port, credentials.username(),
                credentials.password(), sslMode, caBundle);
    }

    /**
     * A server named only by its secret (a restore or verification target): the secret must hold host
     * and port, as there is no RDS endpoint to fall back on.
     */
    public DbConnection forServer(String secretName, Engine engine, String secretString) {
        DatabaseCredentials credentials = secrets.parse(secretString, secretName);
        if (credentials.host() == null || credentials.port() <= 0) {
            throw new IllegalArgumentException("Secret " + secretName + " names no host and port: add the target "
                    + "server's \"host\" and \"port\" to it.");
        }
        return new DbConnection(secretName, engine, credentials.host(), credentials.port(), credentials.username(),
                credentials.password(), sslMode, caBundle);
    }
}
