package org.coldarchiving.verify;

import java.util.EnumMap;
import java.util.Map;

import org.coldarchiving.discovery.Engine;
import org.coldarchiving.restore.RestoreRequest;

/**
 * The verification servers of archive.verify.target-secret: one secret for every engine
 * ({@code cold-archiving/verify}) or one per engine ({@code postgresql:cold-archiving/verify-pg,
 * mariadb:cold-archiving/verify-maria}), each holding the server's username, password, host and port.
 */
public class VerifyServers {

    private final Map<Engine, String> secrets = new EnumMap<>(Engine.class);
    private String everyEngine = "";

    public void setTargetSecret(String setting) {
        secrets.clear();
        everyEngine = "";
        for (String entry : (setting == null ? "" : setting).split(",")) {
            String value = entry.trim();
            if (value.isEmpty()) {
                continue;
            }
            int colon = value.indexOf(':');
            String secret = colon < 0 ? value : value.substring(colon + 1).trim();
            if (!secret.startsWith(RestoreRequest.SECRET_PREFIX)) {
                throw new IllegalArgumentException("archive.verify.target-secret: '" + secret + "' is not a secret the "
                        + "task may read: name a secret " + RestoreRequest.SECRET_PREFIX + "<name>, or "
                        + "<engine>:" + RestoreRequest.SECRET_PREFIX + "<name> per engine");
            }
            if (colon < 0) {
                everyEngine = secret;
            } else {
                secrets.put(Engine.fromName(value.substring(0, colon)), secret);
            }
        }
    }

    /** The secret of the server that verifies archives of this engine. */
    public String secretFor(Engine engine) {
        String secret = secrets.getOrDefault(engine, everyEngine);
        if (secret.isEmpty()) {
            throw new IllegalArgumentException("No verification server for " + engine.id() + " archives: set "
                    + "archive.verify.target-secret to a secret " + RestoreRequest.SECRET_PREFIX + "<name> (every "
                    + "engine) or add " + engine.id() + ":" + RestoreRequest.SECRET_PREFIX + "<name> to it");
        }
        return secret;
    }
}
