package dev.kanary.sandbox.telemetry;

import java.math.BigDecimal;

/** Text helpers of the Prometheus text exposition format 0.0.4 and of Prometheus' JSON API. */
final class Exposition {

  private Exposition() {}

  /**
   * Escapes a label value: backslash, double quote and line feed.
   *
   * @param value the raw value
   * @param out where the escaped value is appended
   */
  static void escapeLabelValue(String value, StringBuilder out) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '"' -> out.append("\\\"");
        case '\n' -> out.append("\\n");
        default -> out.append(c);
      }
    }
  }

  /**
   * Escapes a HELP text: backslash and line feed.
   *
   * @param text the raw text
   * @return the escaped text
   */
  static String escapeHelp(String text) {
    return text.replace("\\", "\\\\").replace("\n", "\\n");
  }

  /**
   * Prints a number as Prometheus prints sample values in its JSON API: the shortest decimal that
   * reads back as the same double ({@code strconv.FormatFloat(v, 'f', -1, 64)}), in exponent
   * notation ({@code 'e'}, such as {@code 1e-07} or {@code 1.5e+21}) below 1e-6 and from 1e21 on.
   *
   * @param value the number
   * @return its text; {@code NaN}, {@code +Inf} and {@code -Inf} for the special values
   */
  static String number(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "+Inf" : "-Inf";
    }
    double abs = Math.abs(value);
    if (value == Math.rint(value) && abs < 1e15) {
      return Long.toString((long) value);
    }
    BigDecimal decimal = new BigDecimal(Double.toString(value)).stripTrailingZeros();
    if (abs >= 1e-6 && abs < 1e21) {
      return decimal.toPlainString();
    }
    String digits = decimal.unscaledValue().abs().toString();
    int exponent = decimal.precision() - decimal.scale() - 1;
    StringBuilder out = new StringBuilder(value < 0 ? "-" : "").append(digits.charAt(0));
    if (digits.length() > 1) {
      out.append('.').append(digits, 1, digits.length());
    }
    out.append('e').append(exponent < 0 ? '-' : '+');
    if (Math.abs(exponent) < 10) {
      out.append('0');
    }
    return out.append(Math.abs(exponent)).toString();
  }

  /**
   * Prints a time in milliseconds as Prometheus' JSON API prints timestamps: unix seconds with
   * three decimals when the milliseconds are not zero.
   *
   * @param millis milliseconds since the epoch
   * @return the number's text
   */
  static String timestamp(long millis) {
    StringBuilder out = new StringBuilder();
    long abs = millis;
    if (millis < 0) {
      out.append('-');
      abs = -millis;
    }
    out.append(abs / 1000);
    long fraction = abs % 1000;
    if (fraction != 0) {
      out.append('.');
      if (fraction < 100) {
        out.append('0');
      }
      if (fraction < 10) {
        out.append('0');
      }
      out.append(fraction);
    }
    return out.toString();
  }
}
