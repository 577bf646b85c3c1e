package dev.kanary.validation;

import java.util.List;

/**
 * The verdict of validating a resource: usable, or not and why.
 *
 * @param valid whether the resource can be used as it is
 * @param reason a CamelCase reason for the verdict, for the Ready condition
 * @param message what is wrong and how to fix it, or what was checked when valid
 */
public record Validation(boolean valid, String reason, String message) {

  /** The reason of a valid resource. */
  public static final String VALID = "Valid";

  /**
   * A valid resource.
   *
   * @param message what was checked
   * @return the verdict
   */
  public static Validation valid(String message) {
    return new Validation(true, VALID, message);
  }

  /**
   * An invalid resource.
   *
   * @param reason a CamelCase reason
   * @param problems what is wrong, one entry per problem, each naming its field
   * @return the verdict
   */
  public static Validation invalid(String reason, List<String> problems) {
    return new Validation(false, reason, String.join("; ", problems));
  }
}
