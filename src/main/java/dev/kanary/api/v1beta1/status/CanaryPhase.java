package dev.kanary.api.v1beta1.status;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The phases of a Canary's lifecycle, as written in {@code status.phase}. */
public enum CanaryPhase {
  @JsonProperty("")
  NONE(""),
  @JsonProperty("Initializing")
  INITIALIZING("Initializing"),
  @JsonProperty("Initialized")
  INITIALIZED("Initialized"),
  @JsonProperty("Waiting")
  WAITING("Waiting"),
  @JsonProperty("Progressing")
  PROGRESSING("Progressing"),
  @JsonProperty("WaitingPromotion")
  WAITING_PROMOTION("WaitingPromotion"),
  @JsonProperty("Promoting")
  PROMOTING("Promoting"),
  @JsonProperty("Finalising")
  FINALISING("Finalising"),
  @JsonProperty("Succeeded")
  SUCCEEDED("Succeeded"),
  @JsonProperty("Failed")
  FAILED("Failed"),
  @JsonProperty("Terminating")
  TERMINATING("Terminating"),
  @JsonProperty("Terminated")
  TERMINATED("Terminated");

  private final String wireName;

  CanaryPhase(String wireName) {
    this.wireName = wireName;
  }

  /**
   * The phase as written in the resource.
   *
   * @return the wire name, for example {@code WaitingPromotion}
   */
  public String wireName() {
    return wireName;
  }

  /**
   * Reads a phase from its wire name.
   *
   * @param wireName the phase as written in the resource; null or empty for none
   * @return the phase, {@link #NONE} for null, empty or unknown names
   */
  public static CanaryPhase fromWireName(String wireName) {
    for (CanaryPhase phase : values()) {
      if (phase.wireName.equals(wireName)) {
        return phase;
      }
    }
    return NONE;
  }
}
