package org.coldarchiving.restore;

/** A restore that did not complete, with the reason an operator reads (checksum, tool error, ...). */
public class RestoreFailedException extends Exception {

    public RestoreFailedException(String message) {
        super(message);
    }
}
