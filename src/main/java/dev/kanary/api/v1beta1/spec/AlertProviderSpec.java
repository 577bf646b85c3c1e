package dev.kanary.api.v1beta1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** A chat endpoint, its address or the Secret that holds it, and how messages are signed. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.address) != has(self.secretRef)",
    message = "exactly one of address or secretRef must be set")
public class AlertProviderSpec {

  /** The chat systems an AlertProvider may post to. */
  public enum Type {
    @JsonProperty("slack")
    SLACK,
    @JsonProperty("msteams")
    MSTEAMS,
    @JsonProperty("discord")
    DISCORD,
    @JsonProperty("rocket")
    ROCKET,
    @JsonProperty("gchat")
    GCHAT
  }

  @Required
  @SchemaFrom(type = Type.class)
  @JsonPropertyDescription("Chat system: slack, msteams, discord, rocket or gchat.")
  public String type;

  @JsonPropertyDescription("Channel posted to. Default general.")
  public String channel;

  @JsonPropertyDescription("User name messages are posted as. Default flagger.")
  public String username;

  @JsonPropertyDescription(
      "Incoming-webhook URL. It is a credential: prefer secretRef, whose address key wins.")
  public String address;

  @JsonPropertyDescription("HTTP or HTTPS proxy URL the messages are sent through.")
  public String proxy;

  @JsonPropertyDescription(
      "Secret in the same namespace with the key address (the webhook URL) and optionally"
          + " token (sent as a bearer token).")
  public SecretReference secretRef;
}
