package org.coldarchiving.discovery;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.Tag;

/**
 * Finds the RDS instances and Aurora clusters tagged for archiving ({@code arch:AutomatedArchiving}
 * = {@code Active}). An Aurora cluster is archived through its writer endpoint; its member instances
 * are then not archived a second time.
 */
public class RdsDiscovery {

    public static final String ACTIVE_TAG = "arch:AutomatedArchiving";
    private static final Logger LOG = LoggerFactory.getLogger(RdsDiscovery.class);

    private final RdsClient rds;

    public RdsDiscovery(RdsClient rds) {
        this.rds = rds;
    }

    public List<TaggedInstance> taggedInstances() {
        List<TaggedInstance> found = new ArrayList<>();
        for (DBCluster cluster : rds.describeDBClustersPaginator(r -> { }).dbClusters()) {
            Map<String, String> tags = tags(cluster.dbClusterArn());
            if (isActive(tags)) {
                found.add(new TaggedInstance(cluster.dbClusterIdentifier(), cluster.engine(), cluster.endpoint(),
                        cluster.port() == null ? 0 : cluster.port(), 0, tags));
            }
        }
        Set<String> archivedClusters = found.stream().map(TaggedInstance::id).collect(Collectors.toSet());
        for (DBInstance instance : rds.describeDBInstancesPaginator(r -> { }).dbInstances()) {
            if (instance.dbClusterIdentifier() != null && archivedClusters.contains(instance.dbClusterIdentifier())) {
                continue;
            }
            Map<String, String> tags = tags(instance.dbInstanceArn());
            if (isActive(tags)) {
                String host = instance.endpoint() == null ? null : instance.endpoint().address();
                int port = instance.endpoint() == null || instance.endpoint().port() == null
                        ? 0 : instance.endpoint().port();
                long allocated = instance.allocatedStorage() == null ? 0 : instance.allocatedStorage();
                found.add(new TaggedInstance(instance.dbInstanceIdentifier(), instance.engine(), host, port,
                        allocated, tags));
            }
        }
        LOG.info("Discovered {} instance(s) tagged {}=Active: {}", found.size(), ACTIVE_TAG,
                found.stream().map(TaggedInstance::id).toList());
        return found;
    }

    private Map<String, String> tags(String arn) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (Tag tag : rds.listTagsForResource(r -> r.resourceName(arn)).tagList()) {
            tags.put(tag.key(), tag.value());
        }
        return tags;
    }

    private static boolean isActive(Map<String, String> tags) {
        String value = tags.get(ACTIVE_TAG);
        return value != null && value.trim().equalsIgnoreCase("Active");
    }
}
