package dev.kanary.router.istio;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** An Istio {@code HTTPRewrite}; unlike the Canary's rewrite it has no Gateway API {@code type}. */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public class IstioRewrite {

  /** Replacement of the matched URI or URI prefix. */
  public String uri;

  /** Replacement of the authority (Host) header. */
  public String authority;
}
