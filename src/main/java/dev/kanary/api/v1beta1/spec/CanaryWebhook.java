package dev.kanary.api.v1beta1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.Map;

/** An HTTP hook called at one moment of the rollout, which can gate or veto it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CanaryWebhook {

  /** The moments of a rollout a webhook may be called at. */
  public enum Type {
    @JsonProperty("")
    UNSET,
    @JsonProperty("confirm-rollout")
    CONFIRM_ROLLOUT,
    @JsonProperty("pre-rollout")
    PRE_ROLLOUT,
    @JsonProperty("rollout")
    ROLLOUT,
    @JsonProperty("confirm-promotion")
    CONFIRM_PROMOTION,
    @JsonProperty("post-rollout")
    POST_ROLLOUT,
    @JsonProperty("event")
    EVENT,
    @JsonProperty("rollback")
    ROLLBACK,
    @JsonProperty("confirm-traffic-increase")
    CONFIRM_TRAFFIC_INCREASE
  }

  @Required
  @JsonPropertyDescription("Name of the webhook, shown in Events and the last analysis.")
  public String name;

  @SchemaFrom(type = Type.class)
  @JsonPropertyDescription("When the webhook is called. Default rollout.")
  public String type;

  @Required
  @JsonPropertyDescription("URL the webhook's JSON payload is posted to.")
  public String url;

  @JsonPropertyDescription("Send no alert when this webhook halts the rollout.")
  public Boolean muteAlert;

  @Pattern(CanaryAnalysis.DURATION_PATTERN)
  @JsonPropertyDescription("Timeout of one call. Default 10s.")
  public String timeout;

  @JsonPropertyDescription("Retries after a failed call.")
  public Integer retries;

  @JsonPropertyDescription("Skip TLS certificate verification.")
  public Boolean disableTLS;

  @JsonPropertyDescription("Extra values sent in the payload's metadata.")
  public Map<String, String> metadata;
}
