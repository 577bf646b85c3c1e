package dev.kanary.api.v1beta1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Required;
import java.util.List;
import java.util.Map;

/** Where a MetricTemplate's query runs and how to authenticate there. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MetricProviderSpec {

  /** The metric stores a template may name. */
  public enum Type {
    @JsonProperty("prometheus")
    PROMETHEUS,
    @JsonProperty("influxdb")
    INFLUXDB,
    @JsonProperty("datadog")
    DATADOG,
    @JsonProperty("externalmetrics")
    EXTERNALMETRICS,
    @JsonProperty("stackdriver")
    STACKDRIVER,
    @JsonProperty("cloudwatch")
    CLOUDWATCH,
    @JsonProperty("newrelic")
    NEWRELIC,
    @JsonProperty("graphite")
    GRAPHITE,
    @JsonProperty("dynatrace")
    DYNATRACE,
    @JsonProperty("keptn")
    KEPTN,
    @JsonProperty("splunk")
    SPLUNK
  }

  @Required
  @SchemaFrom(type = Type.class)
  @JsonPropertyDescription("Type of the metric store, for example prometheus or datadog.")
  public String type;

  @JsonPropertyDescription("Base URL of the metric store's API.")
  public String address;

  @JsonPropertyDescription("Extra HTTP headers sent with each query.")
  public Map<String, List<String>> headers;

  @JsonPropertyDescription(
      "Secret with the store's credentials, in the template's namespace; its keys depend on"
          + " the type.")
  public SecretReference secretRef;

  @JsonPropertyDescription("AWS region (CloudWatch).")
  public String region;

  @JsonPropertyDescription("Skip TLS certificate verification.")
  public Boolean insecureSkipVerify;
}
