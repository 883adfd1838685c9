package org.coldarchiving.aws;

/**
 * Region, endpoint and S3 addressing shared by every AWS client. A blank region or endpoint leaves the
 * SDK's own resolution in charge (AWS_REGION, AWS_ENDPOINT_URL, the container's metadata).
 */
public class AwsSettings {

    private String region = "";
    private String endpoint = "";
    private boolean s3PathStyle;

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
}
