package dev.kanary.router;

/**
 * The traffic split between primary and canary; the two weights always add up to 100.
 *
 * @param primaryWeight percentage of requests sent to the primary
 * @param canaryWeight percentage of requests sent to the canary
 * @param mirrored whether requests to the primary are also mirrored to the canary
 */
public record Routes(int primaryWeight, int canaryWeight, boolean mirrored) {

  /** Everything to the primary, nothing mirrored. */
  public static final Routes ALL_PRIMARY = new Routes(100, 0, false);

  /**
   * Checks the weights.
   *
   * @throws IllegalArgumentException when a weight is outside 0..100 or they do not add to 100
   */
  public Routes {
    if (primaryWeight < 0 || canaryWeight < 0 || primaryWeight + canaryWeight != 100) {
      throw new IllegalArgumentException(
          "weights must be within 0..100 and add up to 100: " + primaryWeight + "/" + canaryWeight);
    }
  }

  /**
   * A split with the canary at a weight.
   *
   * @param canaryWeight the canary's weight
   * @return the split, not mirrored
   */
  public static Routes canaryAt(int canaryWeight) {
    return new Routes(100 - canaryWeight, canaryWeight, false);
  }
}
