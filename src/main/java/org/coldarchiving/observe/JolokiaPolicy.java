package org.coldarchiving.observe;

/**
 * {@code archive.jolokia.policy}: where the Jolokia access policy of {@code /observe/jolokia} is read
 * from. The default, {@code classpath:/jolokia-access.xml}, lets Hawtio read Camel's and the JVM's MBeans
 * and nothing else: no operation, no attribute change. Jolokia reads the location from the system
 * property {@code jolokia.policyLocation} (or the environment variable {@code JOLOKIA_POLICY_LOCATION},
 * which wins) when the management server starts; this bean sets it from the setting before that.
 */
public class JolokiaPolicy {

    private String location;

    public void setLocation(String location) {
        this.location = location == null ? "" : location.trim();
    }

    public void apply() {
        if (location.isEmpty()) {
            throw new IllegalArgumentException("archive.jolokia.policy is empty: give a policy location, e.g. "
                    + "classpath:/jolokia-access.xml (read-only) or classpath:/jolokia-access-operate.xml");
        }
        // Jolokia allows everything when a classpath policy is missing: refuse to start instead
        if (location.startsWith("classpath:")
                && JolokiaPolicy.class.getResource(location.substring("classpath:".length())) == null) {
            throw new IllegalArgumentException("archive.jolokia.policy=" + location + ": no such policy on the classpath");
        }
        String env = System.getenv("JOLOKIA_POLICY_LOCATION");
        if (env == null || env.isEmpty()) {
            System.setProperty("jolokia.policyLocation", location);
        }
    }
}
