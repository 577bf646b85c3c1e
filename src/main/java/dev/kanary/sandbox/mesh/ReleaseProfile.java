package dev.kanary.sandbox.mesh;

import java.util.random.RandomGenerator;

/**
 * How a release (an image tag) behaves: the share of requests it answers with HTTP 500, and its
 * latency, log-normally distributed with the given median and 99th percentile.
 *
 * @param errorRate the share of requests answered with HTTP 500, from 0 to 1
 * @param medianMillis the median latency
 * @param p99Millis the 99th percentile of the latency
 */
public record ReleaseProfile(double errorRate, double medianMillis, double p99Millis) {

  private static final double Z99 = 2.3263478740408408;

  /** A healthy podinfo: no errors, about 20 ms, rarely more than 80 ms. */
  public static final ReleaseProfile HEALTHY = new ReleaseProfile(0, 20, 80);

  /** A release that answers a quarter of its requests with HTTP 500. */
  public static final ReleaseProfile FAULTY = new ReleaseProfile(0.25, 20, 80);

  /** A release that takes about a second per request. */
  public static final ReleaseProfile SLOW = new ReleaseProfile(0, 1000, 1400);

  /** Checks the ranges. */
  public ReleaseProfile {
    if (errorRate < 0 || errorRate > 1) {
      throw new IllegalArgumentException("errorRate must be within [0, 1]: " + errorRate);
    }
    if (medianMillis <= 0 || p99Millis < medianMillis) {
      throw new IllegalArgumentException(
          "need 0 < median <= p99: " + medianMillis + ", " + p99Millis);
    }
  }

  /**
   * Draws the status code of one request.
   *
   * @param random the source of randomness
   * @return 500 or 200
   */
  int code(RandomGenerator random) {
    return random.nextDouble() < errorRate ? 500 : 200;
  }

  /**
   * Draws the latency of one request.
   *
   * @param random the source of randomness
   * @return the latency in milliseconds
   */
  double latency(RandomGenerator random) {
    double sigma = Math.log(p99Millis / medianMillis) / Z99;
    return medianMillis * Math.exp(sigma * random.nextGaussian());
  }
}
