package dev.kanary.api.v1beta1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;

/** Cookies that keep a user on the version they first reached during the analysis. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SessionAffinity {

  /** The SameSite attribute values of a cookie. */
  public enum SameSite {
    Strict,
    Lax,
    None
  }

  @Required
  @JsonPropertyDescription("Name of the cookie that pins a user to the canary.")
  public String cookieName;

  @JsonPropertyDescription(
      "Name of the cookie that pins a user to the primary; must differ from cookieName.")
  public String primaryCookieName;

  @JsonPropertyDescription("Domain attribute of the cookies.")
  public String domain;

  @JsonPropertyDescription("HttpOnly attribute of the cookies.")
  public Boolean httpOnly;

  @Default("86400")
  @JsonPropertyDescription("Max-Age of the canary cookie in seconds. Default 86400.")
  public Integer maxAge;

  @JsonPropertyDescription("Partitioned attribute of the cookies.")
  public Boolean partitioned;

  @JsonPropertyDescription("Path attribute of the cookies.")
  public String path;

  @SchemaFrom(type = SameSite.class)
  @JsonPropertyDescription("SameSite attribute of the cookies: Strict, Lax or None.")
  public String sameSite;

  @JsonPropertyDescription("Secure attribute of the cookies.")
  public Boolean secure;
}
