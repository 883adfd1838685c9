package org.coldarchiving.aws;

/**
 * Region, endpoint and S3 addressing shared by every AWS client. A blank region or endpoint leaves the
 * SDK's own resolution in charge (AWS_REGION, AWS_ENDPOINT_URL, the container's metadata).
 */
public class AwsSettings {

    private String region = "";
    private String endpoint = "";
    private boolean s3PathStyle;
    private String chaosSeed = "";
    private String chaosFaults = "";

    public String getRegion() {
        return region;
    }

    public void setRegion(String region) {
        this.region = region == null ? "" : region.trim();
    }

    public String getEndpoint() {
        return endpoint;
    }

    public void setEndpoint(String endpoint) {
        this.endpoint = endpoint == null ? "" : endpoint.trim();
    }

    public boolean isS3PathStyle() {
        return s3PathStyle;
    }

    public void setS3PathStyle(boolean s3PathStyle) {
        this.s3PathStyle = s3PathStyle;
    }

    /** TEST ONLY: the seed of the AWS fault injector ({@link ChaosInterceptor}); blank: off. */
    public String getChaosSeed() {
        return chaosSeed;
    }

    public void setChaosSeed(String chaosSeed) {
        this.chaosSeed = chaosSeed == null ? "" : chaosSeed.trim();
    }

    /** TEST ONLY: which fraction of calls the fault injector fails (see {@link ChaosInterceptor#of}). */
    public String getChaosFaults() {
        return chaosFaults;
    }

    public void setChaosFaults(String chaosFaults) {
        this.chaosFaults = chaosFaults == null ? "" : chaosFaults.trim();
    }
}
