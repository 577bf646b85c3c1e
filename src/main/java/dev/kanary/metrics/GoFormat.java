package dev.kanary.metrics;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Formats numbers and durations the way Go's {@code fmt} prints them in Flagger's Events. */
final class GoFormat {

  private static final long MILLIS_PER_SECOND = 1_000;
  private static final long MILLIS_PER_MINUTE = 60 * MILLIS_PER_SECOND;
  private static final long MILLIS_PER_HOUR = 60 * MILLIS_PER_MINUTE;

  private GoFormat() {}

  /**
   * Prints a number as Go's {@code %v} does: the shortest form, in exponent notation below 1e-4 and
   * from 1e6 on ({@code 99}, {@code 99.5}, {@code 1e+06}).
   *
   * @param value the number
   * @return its text
   */
  static String number(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "+Inf" : "-Inf";
    }
    if (value == 0) {
      return 1 / value < 0 ? "-0" : "0";
    }
    BigDecimal decimal = new BigDecimal(Double.toString(value)).stripTrailingZeros();
    int exponent = decimal.precision() - decimal.scale() - 1;
    if (exponent >= -4 && exponent < 6) {
      return decimal.toPlainString();
    }
    String digits = decimal.unscaledValue().abs().toString();
    StringBuilder out = new StringBuilder();
    if (decimal.signum() < 0) {
      out.append('-');
    }
    out.append(digits.charAt(0));
    if (digits.length() > 1) {
      out.append('.').append(digits, 1, digits.length());
    }
    out.append('e').append(exponent < 0 ? '-' : '+');
    int magnitude = Math.abs(exponent);
    if (magnitude < 10) {
      out.append('0');
    }
    return out.append(magnitude).toString();
  }

  /**
   * Prints a number as Go's {@code %.2f} does: two decimals, the exact binary value rounded half to
   * even.
   *
   * @param value a finite number
   * @return its text, for example {@code 69.17}
   */
  static String twoDecimals(double value) {
    return new BigDecimal(value).setScale(2, RoundingMode.HALF_EVEN).toPlainString();
  }

  /**
   * Prints a whole number of milliseconds as Go's {@code time.Duration} does ({@code 0s}, {@code
   * 500ms}, {@code 1.5s}, {@code 1m30s}, {@code 1h0m0s}).
   *
   * @param millis the duration in milliseconds
   * @return its text
   */
  static String duration(long millis) {
    if (millis == 0) {
      return "0s";
    }
    String sign = millis < 0 ? "-" : "";
    long rest = Math.abs(millis);
    if (rest < MILLIS_PER_SECOND) {
      return sign + rest + "ms";
    }
    StringBuilder out = new StringBuilder(sign);
    long hours = rest / MILLIS_PER_HOUR;
    long minutes = rest % MILLIS_PER_HOUR / MILLIS_PER_MINUTE;
    if (hours > 0) {
      out.append(hours).append('h');
    }
    if (hours > 0 || minutes > 0) {
      out.append(minutes).append('m');
    }
    long secondsMillis = rest % MILLIS_PER_MINUTE;
    out.append(secondsMillis / MILLIS_PER_SECOND);
    long fraction = secondsMillis % MILLIS_PER_SECOND;
    if (fraction > 0) {
      String digits = String.format("%03d", fraction);
      out.append('.').append(digits.replaceAll("0+$", ""));
    }
    return out.append('s').toString();
  }
}
