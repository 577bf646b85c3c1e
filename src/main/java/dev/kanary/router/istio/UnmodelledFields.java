package dev.kanary.router.istio;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Part of an Istio object that keeps the fields Kanary does not model, so that they survive when
 * Kanary rewrites the part (for example a fault injection a user added to a route).
 */
@RegisterForReflection
public abstract class UnmodelledFields {

  private final Map<String, Object> unmodelled = new LinkedHashMap<>();

  /**
   * The fields read from the cluster that this model does not declare, by name.
   *
   * @return the live map of those fields
   */
  @JsonAnyGetter
  public Map<String, Object> unmodelled() {
    return unmodelled;
  }

  /**
   * Keeps a field this model does not declare.
   *
   * @param name the field's name
   * @param value its JSON value
   */
  @JsonAnySetter
  public void unmodelled(String name, Object value) {
    unmodelled.put(name, value);
  }
}
