package org.coldarchiving.discovery;

import java.util.Map;

/**
 * An RDS instance or Aurora cluster as discovery found it: identity, endpoint and its tags, before
 * the tags are checked.
 *
 * @param id              DB instance or cluster identifier
 * @param rdsEngine       the engine RDS reports
 * @param host            endpoint address (may be null while the instance is being created)
 * @param port            endpoint port
 * @param allocatedGiB    allocated storage in GiB (0 when RDS does not say, as for Aurora)
 * @param tags            every tag of the resource
 */
public record TaggedInstance(String id, String rdsEngine, String host, int port, long allocatedGiB,
        Map<String, String> tags) {
}
