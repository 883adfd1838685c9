package org.coldarchiving.restore;

import java.util.List;
import java.util.Map;

/**
 * A restore tool invocation that reads the dump on its standard input: argument vector (never a shell)
 * and the child's extra environment, which carries the password. {@link #toString()} shows the
 * environment's names only.
 *
 * @param argv             program and arguments
 * @param environment      variables added to the child's minimal environment
 * @param rewritesDefiners true when DEFINER clauses of the SQL are rewritten to the restoring user on the way
 */
public record LoadCommand(List<String> argv, Map<String, String> environment, boolean rewritesDefiners) {

    public String tool() {
        return argv.get(0);
    }

    @Override
    public String toString() {
        return "LoadCommand" + argv + " env=" + environment.keySet();
    }
}
