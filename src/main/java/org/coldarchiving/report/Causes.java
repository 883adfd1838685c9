package org.coldarchiving.report;

/**
 * The exception an operator should read: Camel wraps a bean's or an endpoint's exception in its own
 * (RuntimeCamelException, "Failed to invoke method ..."), whose message says little; this unwraps them.
 */
public final class Causes {

    private Causes() {
    }

    /** The innermost exception under Camel's own wrappers (the exception itself when it is not wrapped). */
    public static Throwable of(Throwable error) {
        Throwable e = error;
        while (e != null && e.getCause() != null && e.getClass().getName().startsWith("org.apache.camel.")) {
            e = e.getCause();
        }
        return e;
    }
}
