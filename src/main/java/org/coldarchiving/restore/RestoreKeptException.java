package org.coldarchiving.restore;

import java.sql.SQLException;

/**
 * A restore that loaded completely but could not take the target's place: the loaded database is kept
 * under its temporary name (the message says which and what to do), never dropped by the failure path.
 */
public class RestoreKeptException extends SQLException {

    public RestoreKeptException(String message, Throwable cause) {
        super(message, cause);
    }
}
