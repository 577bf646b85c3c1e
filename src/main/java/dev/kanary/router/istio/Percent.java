package dev.kanary.router.istio;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** An Istio {@code Percent}: a percentage between 0.0 and 100.0. */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Percent {

  /** The percentage. */
  public Double value;

  /** Creates an empty percentage, for Jackson. */
  public Percent() {}

  /**
   * Creates a percentage.
   *
   * @param value the percentage
   */
  public Percent(double value) {
    this.value = value;
  }
}
